/**
 * A first-in, first-out async lock around one shared connection.
 *
 * PGlite is a single Postgres backend: whatever runs between `BEGIN` and `COMMIT` on it is one
 * transaction, whoever sent it. The PGlite driver holds this lock from the moment kysely acquires
 * the connection until it releases it, so a transaction has the backend to itself and concurrent
 * `db.transaction()` calls queue up in the order they asked.
 *
 * ```ts
 * const lock = new ConnectionLock()
 * const release = await lock.acquire()
 * try {
 *   await pglite.query('begin')
 *   // …only this caller talks to the backend here…
 * } finally {
 *   release()
 * }
 * ```
 */
export class ConnectionLock {
  #held = false;
  readonly #waiting: Array<() => void> = [];

  /** Waits until the lock is free, takes it, and returns the function that gives it back. */
  async acquire(): Promise<() => void> {
    if (this.#held) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    this.#held = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#handOver();
    };
  }

  /** How many callers are waiting for the lock (not counting the holder). */
  get waiting(): number {
    return this.#waiting.length;
  }

  #handOver(): void {
    const next = this.#waiting.shift();
    if (next) {
      // The lock stays held: ownership passes straight to the next waiter, so nobody who calls
      // `acquire()` in between can jump the queue.
      next();
    } else {
      this.#held = false;
    }
  }
}
