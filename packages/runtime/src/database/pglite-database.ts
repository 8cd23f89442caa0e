/**
 * Embedded PostgreSQL: a PGlite instance behind kysely, with the type parsing of `type-parsers.ts`.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely } from 'kysely';
import type { Database, DynamicTables } from './database.ts';
import { executeSql } from './execute-sql.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { sessionTimeZone, typeParsers } from './type-parsers.ts';

/** Where {@link openPGliteDatabase} finds its data: a directory on disk, or a data-directory tarball loaded into memory. */
export type PGliteSource = { dataDir: string } | { loadDataDir: Blob; location?: string };

/**
 * Opens PGlite on a data directory (created, with `initdb`, on first start) or in memory from a
 * tarball made by `pglite.dumpDataDir()`.
 *
 * ```ts
 * const database = await openPGliteDatabase({ dataDir: './data/pglite' })
 * ```
 */
export async function openPGliteDatabase<Tables = DynamicTables>(
  source: PGliteSource,
): Promise<Database<Tables>> {
  const parsers = { ...typeParsers };
  // pg_trgm backs the trigram indexes of record search, as on a PostgreSQL server with contrib.
  const extensions = { pg_trgm };
  let pglite: PGlite;
  let location: string;
  if ('dataDir' in source) {
    await mkdir(source.dataDir, { recursive: true });
    pglite = await PGlite.create({ dataDir: source.dataDir, parsers, extensions });
    location = source.dataDir;
  } else {
    pglite = await PGlite.create({ loadDataDir: source.loadDataDir, parsers, extensions });
    location = source.location ?? 'memory';
  }
  try {
    await pglite.exec(`set time zone '${sessionTimeZone}'`);
  } catch (err) {
    await pglite.close();
    throw err;
  }
  return pgliteDatabase<Tables>(pglite, location);
}

/**
 * Wraps an open PGlite instance as a {@link Database}; closing the database closes the instance.
 * The instance must be used only through the returned database from then on.
 */
export function pgliteDatabase<Tables = DynamicTables>(
  pglite: PGlite,
  location: string,
): Database<Tables> {
  const db = new Kysely<Tables>({ dialect: new PGliteDialect(pglite) });
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
      })();
      return closing;
    },
  };
}
