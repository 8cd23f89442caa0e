import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from './database.ts';
import type { Database } from './database.ts';
import { sqlExecutor } from './execute-sql.ts';
import { openTestDatabase, testDatabaseKind } from './testing.ts';

/** Fails instead of hanging: the promise must settle within `seconds`. */
async function withinSeconds<T>(seconds: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${seconds} s: deadlocked`)), seconds * 1000);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe(`a database (${testDatabaseKind()})`, () => {
  // One database for the file (a PGlite copy costs most of a second); each test starts from an empty table.
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    await sql`create table lead (id serial primary key, name text not null, score int not null default 0)`.execute(
      database.db,
    );
  });
  beforeEach(async () => {
    await sql`truncate lead restart identity`.execute(database.db);
  });
  afterAll(() => database.close());

  it('is of the kind DATABASE_URL asks for', () => {
    expect(database.kind).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('round-trips rows through the query builder', async () => {
    const inserted = await database.db
      .insertInto('lead')
      .values([{ name: '华东贸易有限公司' }, { name: 'Acme Ltd', score: 7 }])
      .returning(['id', 'name'])
      .execute();
    expect(inserted.map((row) => row.name)).toEqual(['华东贸易有限公司', 'Acme Ltd']);

    const rows = await database.db
      .selectFrom('lead')
      .select(['name', 'score'])
      .where('score', '>', 5)
      .execute();
    expect(rows).toEqual([{ name: 'Acme Ltd', score: 7 }]);
  });

  it('reports how many rows insert, update and delete changed', async () => {
    const insert = await database.db
      .insertInto('lead')
      .values([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
      .executeTakeFirstOrThrow();
    expect(insert.numInsertedOrUpdatedRows).toBe(3n);
    const update = await database.db
      .updateTable('lead')
      .set({ score: 1 })
      .where('name', '!=', 'a')
      .executeTakeFirstOrThrow();
    expect(update.numUpdatedRows).toBe(2n);
    const remove = await database.db
      .deleteFrom('lead')
      .where('name', '=', 'c')
      .executeTakeFirstOrThrow();
    expect(remove.numDeletedRows).toBe(1n);
    const raw = await sql`update lead set score = score + 1`.execute(database.db);
    expect(raw.numAffectedRows).toBe(2n);
  });

  it('runs plain SQL with parameters through executeSql', async () => {
    await database.executeSql('insert into lead (name, score) values ($1, $2), ($3, $4)', [
      'x',
      3,
      'y',
      4,
    ]);
    const { rows } = await database.executeSql(
      'select sum(score) as total, count(*) as n from lead where name = any($1)',
      [['x', 'y']],
    );
    // sum(int) is int8 and count(*) is int8: both come back as numbers.
    expect(rows).toEqual([{ total: 7, n: 2 }]);
  });

  it('commits a transaction that succeeds', async () => {
    await database.db.transaction().execute(async (trx) => {
      await trx.insertInto('lead').values({ name: 'kept' }).execute();
    });
    expect(await database.db.selectFrom('lead').select('name').execute()).toEqual([
      { name: 'kept' },
    ]);
  });

  it('leaves nothing behind from a rolled-back transaction', async () => {
    const failure = new Error('approval rejected');
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('lead').values({ name: 'lost' }).execute();
        await sql`create table lost_table (id int)`.execute(trx);
        expect(await trx.selectFrom('lead').select('name').execute()).toEqual([{ name: 'lost' }]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await database.db.selectFrom('lead').selectAll().execute()).toEqual([]);
    const { rows } = await database.executeSql("select to_regclass('lost_table') as t");
    expect(rows).toEqual([{ t: null }]);
  });

  it('serialises 20 parallel increments that lock the row they read', async () => {
    await database.db.insertInto('lead').values({ id: 1, name: 'counted' }).execute();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        database.db.transaction().execute(async (trx) => {
          const { score } = await trx
            .selectFrom('lead')
            .select('score')
            .where('id', '=', 1)
            .forUpdate()
            .executeTakeFirstOrThrow();
          await trx
            .updateTable('lead')
            .set({ score: Number(score) + 1 })
            .where('id', '=', 1)
            .execute();
        }),
      ),
    );
    expect(await database.db.selectFrom('lead').select('score').executeTakeFirstOrThrow()).toEqual({
      score: 20,
    });
  });

  it('answers executeSql called inside a transaction instead of waiting for it for ever', async () => {
    const answer = await database.db.transaction().execute(async (trx) => {
      await trx.insertInto('lead').values({ name: 'inside' }).execute();
      return withinSeconds(5, database.executeSql('select 41 + 1 as n'));
    });
    expect(answer.rows).toEqual([{ n: 42 }]);
  });

  it("runs statements in the caller's transaction through sqlExecutor(trx): rolled back with it, committed with it", async () => {
    const failure = new Error('write refused');
    await expect(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('lead').values({ name: 'written' }).execute();
        const { rows } = await sqlExecutor(trx).executeSql(
          'insert into lead (name, score) values ($1, $2) returning name',
          ['job for written', 1],
        );
        expect(rows).toEqual([{ name: 'job for written' }]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await database.db.selectFrom('lead').select('name').execute()).toEqual([]);

    await database.db.transaction().execute(async (trx) => {
      await trx.insertInto('lead').values({ name: 'written' }).execute();
      // The statement sees the transaction's own uncommitted row.
      const { rows } = await sqlExecutor(trx).executeSql(
        "insert into lead (name) select name || ' (job)' from lead where name = $1 returning name",
        ['written'],
      );
      expect(rows).toEqual([{ name: 'written (job)' }]);
    });
    expect(
      (await database.db.selectFrom('lead').select('name').orderBy('id').execute()).map((r) => r.name),
    ).toEqual(['written', 'written (job)']);
  });

  it('rolls back to a savepoint inside a transaction', async () => {
    const trx = await database.db.startTransaction().execute();
    await trx.insertInto('lead').values({ name: 'before' }).execute();
    const afterSavepoint = await trx.savepoint('before insert').execute();
    await afterSavepoint.insertInto('lead').values({ name: 'undone' }).execute();
    const restored = await afterSavepoint.rollbackToSavepoint('before insert').execute();
    await restored.commit().execute();
    expect(await database.db.selectFrom('lead').select('name').execute()).toEqual([
      { name: 'before' },
    ]);
  });
});

describe('a closed database', () => {
  it('refuses further queries', async () => {
    const database = await openTestDatabase();
    await database.executeSql('select 1');
    await database.close();
    await expect(database.db.selectFrom('lead').selectAll().execute()).rejects.toThrow();
    await database.close(); // a second close is harmless
  });
});

describe('createDatabase', () => {
  it('creates a PGlite data directory on first start and finds the data again on the next', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'pipewright-db-'));
    const dataDir = join(parent, 'nested', 'pglite');
    try {
      const first = await createDatabase({ dataDir, create: true });
      expect(first.kind).toBe('pglite');
      await sql`create table account (name text)`.execute(first.db);
      await first.db.insertInto('account').values({ name: '北方工业股份有限公司' }).execute();
      await first.close();
      expect(await readdir(dataDir)).toContain('PG_VERSION');

      const second = await createDatabase({ dataDir });
      try {
        expect(await second.db.selectFrom('account').select('name').execute()).toEqual([
          { name: '北方工业股份有限公司' },
        ]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it.runIf(testDatabaseKind() === 'postgres')(
    'connects to PostgreSQL when databaseUrl is set',
    async () => {
      const database = await createDatabase({ databaseUrl: process.env.DATABASE_URL });
      try {
        expect(database.kind).toBe('postgres');
        const { rows } = await database.executeSql('select current_setting($1) as zone', [
          'TimeZone',
        ]);
        expect(rows).toEqual([{ zone: 'UTC' }]);
      } finally {
        await database.close();
      }
    },
  );
});
