import { join } from 'node:path';

/** How to reach the database. See {@link createDatabase}. */
export interface DatabaseConfig {
  /** `postgres://…`; when set, PostgreSQL is used and `dataDir` is ignored. */
  databaseUrl?: string | undefined;
  /** PGlite's data directory. Default `./data/pglite`. */
  dataDir?: string | undefined;
  /**
   * PGlite: who opens the directory, for the message a second opener gets (`the server`, `the
   * CLI`); one process at a time may have it open.
   */
  holder?: string | undefined;
  /** PGlite: create a new database when the directory has none. Default false: say there is none. */
  create?: boolean | undefined;
  /** Most PostgreSQL connections open at once per process. Default 10. */
  poolSize?: number | undefined;
  /**
   * Run repeated reads as named prepared statements on PostgreSQL. Default true; turn off behind
   * a connection pooler that cannot keep them (PgBouncer before 1.21 in transaction mode).
   */
  preparedStatements?: boolean | undefined;
}

/**
 * Reads the database configuration from the environment: `DATABASE_URL` (unset or empty: PGlite),
 * `PIPEWRIGHT_DATA_DIR` (default `./data`; PGlite keeps its files in its `pglite` folder) and
 * `PIPEWRIGHT_DATABASE_POOL_SIZE` (default 10) and `PIPEWRIGHT_DATABASE_PREPARED_STATEMENTS`
 * (`on` by default, `off` behind a pooler that cannot keep prepared statements).
 *
 * ```ts
 * const database = await createDatabase(readDatabaseConfig(process.env))
 * ```
 */
export function readDatabaseConfig(
  env: Readonly<Record<string, string | undefined>>,
): DatabaseConfig {
  const poolSize = env.PIPEWRIGHT_DATABASE_POOL_SIZE
    ? Number(env.PIPEWRIGHT_DATABASE_POOL_SIZE)
    : undefined;
  if (poolSize !== undefined && !(Number.isInteger(poolSize) && poolSize > 0)) {
    throw new Error(
      `PIPEWRIGHT_DATABASE_POOL_SIZE must be a positive integer, not ${JSON.stringify(env.PIPEWRIGHT_DATABASE_POOL_SIZE)}`,
    );
  }
  const prepared = env.PIPEWRIGHT_DATABASE_PREPARED_STATEMENTS;
  if (prepared !== undefined && prepared !== '' && prepared !== 'on' && prepared !== 'off') {
    throw new Error(`PIPEWRIGHT_DATABASE_PREPARED_STATEMENTS must be "on" or "off", not ${JSON.stringify(prepared)}`);
  }
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: join(env.PIPEWRIGHT_DATA_DIR || './data', 'pglite'),
    poolSize,
    preparedStatements: prepared === 'off' ? false : undefined,
  };
}
