/**
 * A kysely `Driver` over one PGlite instance.
 *
 * PGlite is one Postgres backend, so the driver has one connection and lends it to one caller at a
 * time ({@link ConnectionLock}): a kysely transaction holds it from `BEGIN` to `COMMIT`, and
 * concurrent `db.transaction()` calls wait their turn instead of interleaving their statements in
 * one transaction.
 *
 * Code inside a transaction that queries `db` instead of `trx` runs on the transaction's connection
 * (`PGliteConnectionProvider`): there is no other backend to wait for. A transaction begun inside
 * a running one is refused ({@link NestedTransactionError}).
 */
import type { PGlite, Results } from '@electric-sql/pglite';
import { CompiledQuery } from 'kysely';
import type { DatabaseConnection, Driver, QueryResult, TransactionSettings } from 'kysely';
import { PipewrightError } from '@pipewright/engines';
import { ConnectionLock } from './connection-lock.ts';
import { toDatabaseError } from './database-error.ts';

/** The statement kinds whose result reports how many rows they changed, as kysely expects. */
const rowChangingNodes = new Set([
  'InsertQueryNode',
  'UpdateQueryNode',
  'DeleteQueryNode',
  'MergeQueryNode',
]);
const rowChangingSql = /^\s*(insert|update|delete|merge)\b/i;

/**
 * `db.transaction()` inside a running transaction on PGlite. There is one backend, so it cannot be
 * a transaction of its own (as it would be on another connection of a PostgreSQL pool); joining the
 * outer one would let its COMMIT end the outer transaction half way. Use the outer `trx`, or
 * `trx.savepoint()` for a part that may fail on its own.
 */
export class NestedTransactionError extends PipewrightError {
  constructor() {
    super(
      'database.nestedTransaction',
      'A transaction was begun inside a running transaction on PGlite, which has one connection: run the statements on the running transaction (trx), or use a savepoint.',
    );
    this.name = 'NestedTransactionError';
  }
}

/**
 * The driver of {@link PGliteDialect}. Destroying it waits for the running transaction, then
 * closes the PGlite instance.
 */
export class PGliteDriver implements Driver {
  readonly #pglite: PGlite;
  readonly #lock = new ConnectionLock();
  readonly #connection: PGliteConnection;
  #release: (() => void) | undefined;
  #destroyed = false;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
    this.#connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {
    await this.#pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#lock.acquire();
    if (this.#destroyed) {
      release();
      throw new Error('The PGlite database has been closed.');
    }
    this.#release = release;
    return this.#connection;
  }

  async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    if (this.#pglite.isInTransaction()) throw new NestedTransactionError();
    let statement = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      statement = 'start transaction';
      if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) statement += ` ${settings.accessMode}`;
    }
    await connection.executeQuery(CompiledQuery.raw(statement));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(savepointName)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(
      CompiledQuery.raw(`rollback to savepoint ${quoteIdentifier(savepointName)}`),
    );
  }

  async releaseSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(
      CompiledQuery.raw(`release savepoint ${quoteIdentifier(savepointName)}`),
    );
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    try {
      // A caller that sent BEGIN by hand and gave the connection back would otherwise pull every
      // later caller into its transaction.
      if (!this.#pglite.closed && this.#pglite.isInTransaction())
        await this.#pglite.exec('rollback');
    } finally {
      release?.();
    }
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    const release = await this.#lock.acquire();
    this.#destroyed = true;
    try {
      if (!this.#pglite.closed) await this.#pglite.close();
    } finally {
      release();
    }
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const result = await this.#run<R>(compiledQuery);
      const affectedRows = result.affectedRows ?? 0;
      return changesRows(compiledQuery, affectedRows)
        ? { rows: result.rows, numAffectedRows: BigInt(affectedRows) }
        : { rows: result.rows };
    } catch (err) {
      throw toDatabaseError(err);
    }
  }

  /**
   * Like `pg`: a statement without parameters goes by the simple protocol, so a script of several
   * statements (a migration) runs as one; the last statement's rows are returned. A statement with
   * parameters is parsed, bound and executed on its own.
   */
  async #run<R>(compiledQuery: CompiledQuery): Promise<Results<R>> {
    if (compiledQuery.parameters.length > 0)
      return this.#pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const results = await this.#pglite.exec(compiledQuery.sql);
    const last = results.at(-1);
    return {
      rows: (last?.rows ?? []) as R[],
      fields: last?.fields ?? [],
      affectedRows: last?.affectedRows ?? 0,
    };
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error(
      'Streaming query results is not supported on PGlite; page with limit/offset or keyset pagination instead.',
    );
  }
}

function changesRows(compiledQuery: CompiledQuery, affectedRows: number): boolean {
  if (rowChangingNodes.has(compiledQuery.query.kind)) return true;
  // Raw SQL: PGlite reports 0 for statements that change no rows, so a count means a change.
  return (
    compiledQuery.query.kind === 'RawNode' &&
    (affectedRows > 0 || rowChangingSql.test(compiledQuery.sql))
  );
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
