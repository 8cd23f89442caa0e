import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.ts';
import { NestedTransactionError } from './pglite-driver.ts';
import { openPGliteTestDatabase } from './testing.ts';

// PGlite is one backend: these tests check that the driver lends it to one caller at a time.
describe('the PGlite driver', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openPGliteTestDatabase();
    await sql`create table counter (id int primary key, value int not null)`.execute(database.db);
  });
  beforeEach(async () => {
    await sql`delete from counter`.execute(database.db);
    await database.db.insertInto('counter').values({ id: 1, value: 0 }).execute();
  });
  afterAll(() => database.close());

  const counterValue = async (db = database.db) =>
    (await db.selectFrom('counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow())
      .value;

  it('runs 20 parallel read-then-write transactions one after another, losing no increment', async () => {
    await Promise.all(
      Array.from({ length: 20 }, () =>
        database.db.transaction().execute(async (trx) => {
          const value = await counterValue(trx);
          await new Promise((resolve) => setTimeout(resolve, 1));
          await trx
            .updateTable('counter')
            .set({ value: Number(value) + 1 })
            .where('id', '=', 1)
            .execute();
        }),
      ),
    );
    expect(await counterValue()).toBe(20);
  });

  it('makes a query outside the transaction wait until the transaction has ended', async () => {
    const trx = await database.db.startTransaction().execute();
    await trx.updateTable('counter').set({ value: 100 }).where('id', '=', 1).execute();
    const outside = counterValue();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await trx.rollback().execute();
    // Run inside the open transaction, the query would have seen the uncommitted 100.
    expect(await outside).toBe(0);
  });

  it('runs a query on db from inside a transaction in that transaction, on its one backend', async () => {
    const failure = new Error('rolled back');
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx.updateTable('counter').set({ value: 7 }).where('id', '=', 1).execute();
        // Not trx: the database itself. It sees the uncommitted 7 and its write is part of the transaction.
        expect(await counterValue()).toBe(7);
        await database.executeSql('update counter set value = value + 1 where id = $1', [1]);
        expect(await counterValue(trx)).toBe(8);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await counterValue()).toBe(0);
  });

  it('refuses a transaction begun inside a running one at once, and the outer one carries on', async () => {
    await database.db.transaction().execute(async (trx) => {
      await trx.updateTable('counter').set({ value: 3 }).where('id', '=', 1).execute();
      await expect(
        database.db.transaction().execute(async (inner) => {
          await inner.updateTable('counter').set({ value: 99 }).where('id', '=', 1).execute();
        }),
      ).rejects.toBeInstanceOf(NestedTransactionError);
      expect(await counterValue(trx)).toBe(3);
    });
    expect(await counterValue()).toBe(3);
  });

  it('queues work that a transaction left running once the transaction has ended', async () => {
    let later: Promise<unknown> | undefined;
    await database.db.transaction().execute(async (trx) => {
      await trx.updateTable('counter').set({ value: 1 }).where('id', '=', 1).execute();
      later = new Promise((resolve) => setTimeout(resolve, 30)).then(() =>
        database.db.transaction().execute(async (next) => {
          await next.updateTable('counter').set({ value: 2 }).where('id', '=', 1).execute();
        }),
      );
    });
    // Begun after the first transaction committed, the second is a transaction of its own.
    await later;
    expect(await counterValue()).toBe(2);
  });

  it('rolls back a transaction that a caller opened by hand and did not end', async () => {
    await database.db.connection().execute(async (connection) => {
      await sql`begin`.execute(connection);
      await sql`update counter set value = 5`.execute(connection);
    });
    expect(await counterValue()).toBe(0);
  });

  it('says clearly that streaming is not supported', async () => {
    const stream = database.db.selectFrom('counter').selectAll().stream();
    await expect(stream.next()).rejects.toThrow(/Streaming .* not supported on PGlite/);
  });

  it('closes only after the running transaction has ended', async () => {
    const closable = await openPGliteTestDatabase();
    const trx = await closable.db.startTransaction().execute();
    await sql`select 1`.execute(trx);
    let closed = false;
    const closing = closable.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    await trx.commit().execute();
    await closing;
    expect(closed).toBe(true);
    await expect(closable.executeSql('select 1')).rejects.toThrow(/closed|destroyed/);
  });
});
