import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DynamicTables } from './database.ts';
import { StatementNames } from './statement-names.ts';
import { openTestDatabase, testDatabaseKind } from './testing.ts';

describe('StatementNames', () => {
  it('names a plain SELECT from its second use, and nothing else', () => {
    const names = new StatementNames();
    expect(names.nameFor('select 1')).toBeUndefined();
    const name = names.nameFor('select 1');
    expect(name).toMatch(/^pw_/);
    expect(names.nameFor('select 1')).toBe(name);
    for (const text of ['insert into t values (1)', 'with x as (select 1) select * from x', 'explain select 1']) {
      names.nameFor(text);
      expect(names.nameFor(text)).toBeUndefined();
    }
  });

  it('forgets the least recently used texts beyond its limit, and a forgotten name is not reused', () => {
    const names = new StatementNames({ perConnection: 10, tracked: 2 });
    names.nameFor('select 1');
    const one = names.nameFor('select 1');
    names.nameFor('select 2');
    names.nameFor('select 3'); // pushes out 'select 1'
    expect(names.nameFor('select 1')).toBeUndefined();
    expect(names.nameFor('select 1')).not.toBe(one);
    names.forget('select 1');
    expect(names.nameFor('select 1')).toBeUndefined();
  });
});

describe.runIf(testDatabaseKind() === 'postgres')('prepared statements on PostgreSQL', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    await sql`create table deal (id int primary key, amount int not null)`.execute(database.db);
    await sql`insert into deal values (1, 10), (2, 20)`.execute(database.db);
  });
  afterAll(() => database.close());

  const prepared = async (db: Kysely<DynamicTables>) =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.map((r) => r.statement);
  const amountOf = (db: Kysely<DynamicTables>, id: number) => sql<{ amount: unknown }>`select amount from deal where id = ${id}`.execute(db);

  it('prepares a read asked for twice on the same connection, with the values still bound per run', async () => {
    await database.db.connection().execute(async (db) => {
      expect((await amountOf(db, 1)).rows).toEqual([{ amount: 10 }]);
      expect(await prepared(db)).not.toContain('select amount from deal where id = $1');
      expect((await amountOf(db, 2)).rows).toEqual([{ amount: 20 }]);
      expect(await prepared(db)).toContain('select amount from deal where id = $1');
    });
  });

  it('runs reads inside a transaction unnamed', async () => {
    await database.db.transaction().execute(async (trx) => {
      await sql`select id from deal where amount > ${0}`.execute(trx);
      await sql`select id from deal where amount > ${5}`.execute(trx);
      expect(await prepared(trx)).not.toContain('select id from deal where amount > $1');
    });
  });

  it('answers after a migration changed the type of a column a saved statement returns', async () => {
    await database.db.connection().execute(async (db) => {
      await amountOf(db, 1);
      await amountOf(db, 1);
      expect(await prepared(db)).toContain('select amount from deal where id = $1');
      await sql`alter table deal alter column amount type text using amount::text`.execute(db);
      expect((await amountOf(db, 1)).rows).toEqual([{ amount: '10' }]);
      expect((await amountOf(db, 2)).rows).toEqual([{ amount: '20' }]);
    });
  });
});
