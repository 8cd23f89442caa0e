/**
 * The `Database` handle the runtime works with, on PostgreSQL or on embedded PGlite.
 */
import type { Kysely } from 'kysely';
import type { DatabaseConfig } from './database-config.ts';
import { openPGliteDatabase } from './pglite-database.ts';
import { createPostgresDatabase } from './postgres-database.ts';

/** `postgres`: a PostgreSQL server through `pg`; `pglite`: PostgreSQL compiled to WASM, in process. */
export type DatabaseKind = 'pglite' | 'postgres';

/**
 * The tables of a database whose tables are not known when the code is compiled: an app's record
 * tables are created from its metadata at run time. Any table name and column name type-checks;
 * every value is `unknown` until the caller checks it.
 */
export type DynamicTables = Record<string, Record<string, unknown>>;

/** The rows of a plain SQL statement run through {@link Database.executeSql}. */
export interface SqlRows {
  rows: Record<string, unknown>[];
}

/** An open database. */
export interface Database<Tables = DynamicTables> {
  readonly kind: DatabaseKind;
  /** The query builder. */
  readonly db: Kysely<Tables>;
  /** Where the data lives, for logs: the PGlite data directory, or the server URL without its password. */
  readonly location: string;
  /**
   * Runs one SQL statement with `$1, $2, …` parameters through the same connections as `db` (on
   * PGlite: waiting its turn behind running transactions). This is the shape pg-boss's `db`
   * option asks for.
   *
   * ```ts
   * const { rows } = await database.executeSql('select count(*) as n from lead where owner_id = $1', [userId])
   * ```
   */
  executeSql(text: string, values?: readonly unknown[]): Promise<SqlRows>;
  /**
   * Calls `onMessage` with the payload of every `NOTIFY` on `channel`, from any server process
   * sharing the database; after a lost connection is restored it calls `onMessage(null)`, since
   * messages may have been missed. Resolves to a function that stops listening.
   *
   * ```ts
   * const stop = await database.listen('pipewright_app_published', (app) => cache.delete(app))
   * ```
   */
  listen(channel: string, onMessage: (payload: string | null) => void): Promise<() => Promise<void>>;
  /** Waits for running queries, then closes every connection (and the PGlite instance). Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens the database the configuration names: PostgreSQL when `databaseUrl` is set, otherwise
 * PGlite in `dataDir` (default `./data/pglite`), locked for this process while it is open, and
 * created there only with `create: true` (else `DatabaseNotFoundError`).
 *
 * ```ts
 * const database = await createDatabase(readDatabaseConfig(process.env))
 * const leads = await database.db.selectFrom('crm.lead').selectAll().where('owner_id', '=', userId).execute()
 * await database.close()
 * ```
 */
export async function createDatabase<Tables = DynamicTables>(
  config: DatabaseConfig = {},
): Promise<Database<Tables>> {
  if (config.databaseUrl) {
    return createPostgresDatabase<Tables>({
      databaseUrl: config.databaseUrl,
      poolSize: config.poolSize,
      preparedStatements: config.preparedStatements,
    });
  }
  return openPGliteDatabase<Tables>({ dataDir: config.dataDir ?? defaultPGliteDataDir, holder: config.holder, create: config.create });
}

/** Where PGlite keeps its files when nothing else is configured. */
export const defaultPGliteDataDir = './data/pglite';
