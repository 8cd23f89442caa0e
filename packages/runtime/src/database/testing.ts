/**
 * Databases for tests: each call gives a fresh, empty, isolated database of the kind the run is
 * for. `pnpm test` runs on PGlite; `DATABASE_URL=postgres://… pnpm test` runs on that server.
 */
import type { Database, DatabaseKind, DynamicTables } from './database.ts';
import { openPGliteDatabase } from './pglite-database.ts';
import { pgliteTemplate } from './pglite-template.ts';
import { createPostgresTestDatabase } from './postgres-test-database.ts';

/**
 * The kind of database {@link openTestDatabase} opens: `postgres` when `DATABASE_URL` is set.
 *
 * ```ts
 * it.runIf(testDatabaseKind() === 'postgres')('reports a lock timeout', async () => { … })
 * ```
 */
export function testDatabaseKind(
  env: Readonly<Record<string, string | undefined>> = process.env,
): DatabaseKind {
  return env.DATABASE_URL ? 'postgres' : 'pglite';
}

/**
 * Opens a fresh, empty database that no other test sees: on PGlite an in-memory copy of a
 * template made once per machine (well under a second), on PostgreSQL a new database on the
 * `DATABASE_URL` server, dropped by `close()`.
 *
 * ```ts
 * let database: Database
 * beforeEach(async () => { database = await openTestDatabase() })
 * afterEach(() => database.close())
 * ```
 */
export async function openTestDatabase<Tables = DynamicTables>(): Promise<Database<Tables>> {
  const serverUrl = process.env.DATABASE_URL;
  return serverUrl
    ? createPostgresTestDatabase<Tables>(serverUrl)
    : openPGliteTestDatabase<Tables>();
}

/**
 * Opens a fresh, empty in-memory PGlite database, whatever `DATABASE_URL` says: for tests of
 * PGlite itself, or that compare both kinds.
 *
 * ```ts
 * const database = await openPGliteTestDatabase()
 * ```
 */
export async function openPGliteTestDatabase<Tables = DynamicTables>(): Promise<Database<Tables>> {
  return openPGliteDatabase<Tables>({
    loadDataDir: await pgliteTemplate(),
    location: 'memory (test copy)',
  });
}
