/**
 * PostgreSQL through `pg`: kysely's `PostgresDialect` over the pool of `postgres-pool.ts`.
 */
import { Kysely, PostgresDialect } from 'kysely';
import type { Database, DynamicTables } from './database.ts';
import { executeSql } from './execute-sql.ts';
import { createPostgresPool } from './postgres-pool.ts';
import { listenForNotifications } from './postgres-listener.ts';

/** Options of {@link createPostgresDatabase}. */
export interface PostgresDatabaseOptions {
  databaseUrl: string;
  /** Most connections open at once. Default 10. */
  poolSize?: number | undefined;
  /** Run repeated reads as named prepared statements. Default true. */
  preparedStatements?: boolean | undefined;
}

/**
 * Opens a connection pool on a PostgreSQL server. Connections are made on first use.
 *
 * ```ts
 * const database = await createPostgresDatabase({ databaseUrl: 'postgres://app@db.internal:5432/pipewright' })
 * ```
 */
export async function createPostgresDatabase<Tables = DynamicTables>(
  options: PostgresDatabaseOptions,
): Promise<Database<Tables>> {
  const pool = createPostgresPool({
    databaseUrl: options.databaseUrl,
    poolSize: options.poolSize ?? 10,
    preparedStatements: options.preparedStatements,
  });
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  let closing: Promise<void> | undefined;
  const listeners = new Set<() => Promise<void>>();
  const listenOnPostgres = async (url: string, channel: string, onMessage: (payload: string | null) => void) => {
    const stop = await listenForNotifications(url, channel, onMessage);
    const tracked = async () => {
      listeners.delete(tracked);
      await stop();
    };
    listeners.add(tracked);
    return tracked;
  };
  return {
    kind: 'postgres',
    db,
    location: withoutPassword(options.databaseUrl),
    executeSql: (text, values = []) => executeSql(db, text, values),
    listen: (channel, onMessage) => listenOnPostgres(options.databaseUrl, channel, onMessage),
    close() {
      closing ??= (async () => {
        await Promise.all([...listeners].map((stop) => stop()));
        await db.destroy();
      })();
      return closing;
    },
  };
}

/** The URL with its password masked, for logs. */
export function withoutPassword(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '*****';
    return url.toString();
  } catch {
    return 'postgres (unparsable DATABASE_URL)';
  }
}
