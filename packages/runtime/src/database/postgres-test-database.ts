/**
 * Throwaway databases on a PostgreSQL server: one `CREATE DATABASE` per test database, dropped
 * again when it is closed.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database, DynamicTables } from './database.ts';
import { createPostgresDatabase } from './postgres-database.ts';

/** The prefix of every database {@link createPostgresTestDatabase} makes, so that leftovers are easy to find. */
export const testDatabasePrefix = 'pw_test_';

/**
 * Creates an empty database `pw_test_<random>` on the server of `serverUrl` (from `template0`)
 * and opens it; closing the returned database drops it. The role in `serverUrl` needs `CREATEDB`.
 *
 * ```ts
 * const database = await createPostgresTestDatabase('postgres://postgres@127.0.0.1:5432/test')
 * try { … } finally { await database.close() }
 * ```
 */
export async function createPostgresTestDatabase<Tables = DynamicTables>(
  serverUrl: string,
): Promise<Database<Tables>> {
  const name = `${testDatabasePrefix}${randomBytes(8).toString('hex')}`;
  await runOnServer(serverUrl, `create database ${name} template template0 encoding 'UTF8'`);
  const database = await createPostgresDatabase<Tables>({
    databaseUrl: urlOfDatabase(serverUrl, name),
    poolSize: 5,
  });
  let closing: Promise<void> | undefined;
  return {
    ...database,
    close() {
      closing ??= (async () => {
        await database.close();
        // FORCE (PostgreSQL 13+) also ends connections a test left open elsewhere.
        await runOnServer(serverUrl, `drop database if exists ${name} with (force)`);
      })();
      return closing;
    },
  };
}

/** `serverUrl` with its database name replaced; user, host, port and query parameters stay. */
export function urlOfDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function runOnServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
