/**
 * Hands PGlite's one connection to kysely, and lets the code running inside a transaction use it.
 *
 * PGlite is one PostgreSQL backend: while a transaction holds it there is no other connection to
 * run a statement on. Code inside `db.transaction().execute(async (trx) => …)` that calls `db`
 * (or `database.executeSql`) instead of `trx` used to wait for the connection its own transaction
 * was holding, for ever. The provider remembers, for the asynchronous work started inside a
 * holder's callback (`AsyncLocalStorage`), which connection it holds; a query from there runs on
 * that connection, that is inside the running transaction, instead of queueing behind it. Everyone
 * else still waits their turn.
 *
 * A `db.transaction()` opened inside a running one cannot be a transaction of its own on one
 * backend; the driver refuses it at once ({@link NestedTransactionError}).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ConnectionProvider, DatabaseConnection } from 'kysely';
import type { PGliteDriver } from './pglite-driver.ts';

/** The connection a callback holds, while it holds it. */
interface Lease {
  readonly connection: DatabaseConnection;
  /** False once the holder gave the connection back: work it left running then queues like anyone's. */
  active: boolean;
}

/**
 * The connection provider of the PGlite kysely instance (see the module comment).
 *
 * ```ts
 * const provider = new PGliteConnectionProvider(driver)
 * const executor = new DefaultQueryExecutor(compiler, adapter, provider, [])
 * ```
 */
export class PGliteConnectionProvider implements ConnectionProvider {
  readonly #driver: PGliteDriver;
  readonly #leases = new AsyncLocalStorage<Lease>();
  #ready: Promise<void> | undefined;

  constructor(driver: PGliteDriver) {
    this.#driver = driver;
  }

  async provideConnection<T>(consumer: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
    const held = this.#leases.getStore();
    if (held?.active) return consumer(held.connection);
    await (this.#ready ??= this.#driver.init());
    const connection = await this.#driver.acquireConnection();
    const lease: Lease = { connection, active: true };
    try {
      return await this.#leases.run(lease, () => consumer(connection));
    } finally {
      lease.active = false;
      await this.#driver.releaseConnection();
    }
  }
}
