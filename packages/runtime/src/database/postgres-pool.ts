/**
 * The `pg` connection pool behind kysely's `PostgresDialect`, set up so that PostgreSQL answers
 * like PGlite does: the type parsing of `type-parsers.ts`, sessions in UTC, `Date` parameters sent
 * as UTC instants, and errors carrying a SQLSTATE turned into `DatabaseError`s.
 */
import pg from 'pg';
import type { PoolClient, QueryResultRow } from 'pg';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import { toDatabaseError } from './database-error.ts';
import { StatementNames } from './statement-names.ts';
import { arrayElementOid, sessionTimeZone, typeParsers } from './type-parsers.ts';
import type { TypeParser } from './type-parsers.ts';

/** Options of {@link createPostgresPool}. */
export interface PostgresPoolOptions {
  /** `postgres://user:password@host:port/database`; its query parameters (`sslmode`, `options`, …) are honoured. */
  databaseUrl: string;
  /** Most connections open at once. Default 10. */
  poolSize?: number;
  /**
   * Called when an idle connection fails (the server restarted, the network dropped). The pool
   * has already dropped that connection. Default: a process warning.
   */
  onIdleConnectionError?: (err: Error) => void;
  /**
   * Run repeated reads as named prepared statements (see `statement-names.ts`). Default true;
   * turn off behind a pooler that cannot keep them (PgBouncer before 1.21 in transaction mode).
   */
  preparedStatements?: boolean | undefined;
}

/** `text[]`: pg's parser for it splits any array literal into strings and nulls. */
const textArrayOid: number = 1009;

/**
 * Opens a `pg.Pool` for kysely's `PostgresDialect`.
 *
 * ```ts
 * const db = new Kysely<Tables>({
 *   dialect: new PostgresDialect({ pool: createPostgresPool({ databaseUrl: process.env.DATABASE_URL! }) }),
 * })
 * ```
 */
export function createPostgresPool(options: PostgresPoolOptions): PostgresPool {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    // A startup parameter, so no extra round trip; an `options` in the URL takes precedence.
    options: `-c TimeZone=${sessionTimeZone}`,
    types: { getTypeParser: postgresTypeParser },
  });
  const onIdleConnectionError =
    options.onIdleConnectionError ?? ((err: Error) => process.emitWarning(err));
  pool.on('error', onIdleConnectionError);

  const clients = new WeakMap<PoolClient, PostgresClient>();
  const names = options.preparedStatements === false ? undefined : new StatementNames();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) {
        wrapped = new PostgresClient(client, names);
        clients.set(client, wrapped);
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
}

/** `pg`'s type parser lookup with the parsers of `type-parsers.ts` in front. */
function postgresTypeParser(oid: number, format?: 'text' | 'binary'): TypeParser {
  if (format === 'binary') return pg.types.getTypeParser(oid, format) as TypeParser;
  const parser = typeParsers[oid];
  if (parser) return parser;
  const elementOid = arrayElementOid[oid];
  const elementParser = elementOid === undefined ? undefined : typeParsers[elementOid];
  if (elementParser) {
    const parseTextArray = pg.types.getTypeParser(textArrayOid, 'text') as (
      text: string,
    ) => unknown;
    return (text) => mapArray(parseTextArray(text), elementParser);
  }
  return pg.types.getTypeParser(oid, 'text') as TypeParser;
}

function mapArray(value: unknown, parse: TypeParser): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => mapArray(item, parse));
  return value === null ? null : parse(value as string);
}

/**
 * `pg` sends a `Date` as local time; PGlite sends it as UTC. Sending the UTC ISO form from both
 * makes a `Date` written into `timestamp` or `date` columns read back the same everywhere.
 */
function toParameter(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toParameter);
  return value;
}

const transactionStart = /^\s*(begin|start\s+transaction)\b/i;
const transactionEnd = /^\s*(commit|end|abort|rollback)\s*(work|transaction)?\s*(and\s+no\s+chain)?\s*;?\s*$/i;

class PostgresClient implements PostgresPoolClient {
  readonly #client: PoolClient;
  readonly #names: StatementNames | undefined;
  /** Names this connection has prepared. */
  readonly #prepared = new Set<string>();
  /**
   * Inside a transaction statements run unnamed: a saved plan whose result type a migration
   * changed fails, and outside a transaction that failure is retried unnamed, inside it would
   * abort the transaction.
   */
  #inTransaction = false;

  constructor(client: PoolClient, names: StatementNames | undefined) {
    this.#client = client;
    this.#names = names;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') {
      throw new Error(
        'Streaming query results is not supported by the Pipewright database layer; page with limit/offset or keyset pagination instead.',
      );
    }
    return this.#run<R>(sqlOrCursor, (parameters ?? []).map(toParameter));
  }

  release(): void {
    this.#client.release();
  }

  async #run<R>(sql: string, parameters: unknown[]): Promise<PostgresQueryResult<R>> {
    if (transactionStart.test(sql)) this.#inTransaction = true;
    else if (transactionEnd.test(sql)) this.#inTransaction = false;
    const name = this.#inTransaction ? undefined : this.#nameFor(sql);
    try {
      const result = await this.#client.query<QueryResultRow>(name ? { name, text: sql, values: parameters } : { text: sql, values: parameters });
      if (name) this.#prepared.add(name);
      return {
        command: result.command as PostgresQueryResult<R>['command'],
        rowCount: result.rowCount ?? 0,
        rows: result.rows as R[],
      };
    } catch (err) {
      if (name && isStalePlan(err)) {
        // A migration changed a column's type under the saved statement: run it afresh.
        this.#names!.forget(sql);
        return this.#run(sql, parameters);
      }
      throw toDatabaseError(err);
    }
  }

  #nameFor(sql: string): string | undefined {
    const name = this.#names?.nameFor(sql);
    if (name === undefined) return undefined;
    return this.#prepared.has(name) || this.#prepared.size < this.#names!.limits.perConnection ? name : undefined;
  }
}

/** PostgreSQL refusing a saved plan whose result columns changed type (`0A000`). */
function isStalePlan(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e.code === '0A000' && typeof e.message === 'string' && e.message.includes('cached plan must not change result type');
}
