/**
 * Embedded PostgreSQL: a PGlite instance behind kysely, with the type parsing of `type-parsers.ts`.
 * A data directory on disk is opened by one process at a time (`data-directory-lock.ts`).
 */
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PipewrightError } from '@pipewright/engines';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { lockDataDirectory, type DataDirectoryLock } from './data-directory-lock.ts';
import type { Database, DynamicTables } from './database.ts';
import { executeSql } from './execute-sql.ts';
import { createPGliteKysely } from './pglite-dialect.ts';
import { sessionTimeZone, typeParsers } from './type-parsers.ts';

/**
 * Where {@link openPGliteDatabase} finds its data: a directory on disk, or a data-directory tarball
 * loaded into memory. On disk, `holder` says who opens it (for the message another opener gets:
 * `the server`), and only `create: true` makes a new database where there is none.
 */
export type PGliteSource = { dataDir: string; holder?: string | undefined; create?: boolean | undefined } | { loadDataDir: Blob; location?: string };

/** There is no PGlite database in the directory, and the caller did not ask to create one. */
export class DatabaseNotFoundError extends PipewrightError {
  constructor(readonly dataDir: string) {
    super(
      'database.notFound',
      `There is no database in ${dataDir}: start the server once (pnpm start) to create it, or point PIPEWRIGHT_DATA_DIR (or DATABASE_URL) at the database you mean.`,
    );
    this.name = 'DatabaseNotFoundError';
  }
}

/**
 * Opens PGlite on a data directory or in memory from a tarball made by `pglite.dumpDataDir()`.
 * A directory is locked for this process until the database closes (another opener gets
 * `DataDirectoryInUseError`); without a database in it, `create: true` runs `initdb` there, and
 * anything else throws `DatabaseNotFoundError`.
 *
 * ```ts
 * const database = await openPGliteDatabase({ dataDir: './data/pglite', holder: 'the server', create: true })
 * ```
 */
export async function openPGliteDatabase<Tables = DynamicTables>(
  source: PGliteSource,
): Promise<Database<Tables>> {
  const parsers = { ...typeParsers };
  // pg_trgm backs the trigram indexes of record search, as on a PostgreSQL server with contrib.
  const extensions = { pg_trgm };
  if (!('dataDir' in source)) {
    const pglite = await PGlite.create({ loadDataDir: source.loadDataDir, parsers, extensions });
    return prepared<Tables>(pglite, source.location ?? 'memory');
  }
  const { dataDir } = source;
  if (!source.create && !(await exists(join(dataDir, 'PG_VERSION')))) throw new DatabaseNotFoundError(dataDir);
  await mkdir(dataDir, { recursive: true });
  const lock = await lockDataDirectory(dataDir, source.holder ?? 'a Pipewright process');
  try {
    const pglite = await PGlite.create({ dataDir, parsers, extensions });
    return await prepared<Tables>(pglite, dataDir, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** Sets the session time zone and wraps the instance; closes it (and gives the lock back) on failure. */
async function prepared<Tables>(pglite: PGlite, location: string, lock?: DataDirectoryLock): Promise<Database<Tables>> {
  try {
    await pglite.exec(`set time zone '${sessionTimeZone}'`);
  } catch (err) {
    await pglite.close();
    throw err;
  }
  return pgliteDatabase<Tables>(pglite, location, lock);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Wraps an open PGlite instance as a {@link Database}; closing the database closes the instance
 * (and then gives back the data directory's `lock`). The instance must be used only through the
 * returned database from then on.
 */
export function pgliteDatabase<Tables = DynamicTables>(
  pglite: PGlite,
  location: string,
  lock?: DataDirectoryLock,
): Database<Tables> {
  const db = createPGliteKysely<Tables>(pglite);
  let closing: Promise<void> | undefined;
  return {
    kind: 'pglite',
    db,
    location,
    executeSql: (text, values = []) => executeSql(db, text, values),
    // One process owns a PGlite data directory, so a publish is seen by the only cache there is;
    // NOTIFY is delivered within the process all the same.
    async listen(channel, onMessage) {
      const stop = await pglite.listen(channel, (payload) => onMessage(payload));
      return async () => {
        if (!pglite.closed) await stop();
      };
    },
    close() {
      closing ??= (async () => {
        await db.destroy();
        // kysely does not reach the driver when no query ever ran.
        if (!pglite.closed) await pglite.close();
        await lock?.release();
      })();
      return closing;
    },
  };
}
