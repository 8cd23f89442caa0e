import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.ts';
import {
  DatabaseError,
  PostgresErrorCode,
  postgresConstraintName,
  postgresErrorCode,
  toDatabaseError,
} from './database-error.ts';
import { pgliteTemplate } from './pglite-template.ts';
import { openTestDatabase, testDatabaseKind } from './testing.ts';

async function caught(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (err) {
    return err;
  }
  throw new Error('expected the statement to fail');
}

describe(`errors from the database (${testDatabaseKind()})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    await sql`
      create table account (id int primary key, name text not null constraint account_name_key unique);
      create table opportunity (id int primary key, account_id int not null constraint opportunity_account_fkey references account (id), amount numeric check (amount >= 0))
    `.execute(database.db);
  });
  beforeEach(async () => {
    await sql`truncate account, opportunity`.execute(database.db);
    await database.db.insertInto('account').values({ id: 1, name: 'Acme' }).execute();
  });
  afterAll(() => database.close());

  it('names a unique violation and its constraint', async () => {
    const err = await caught(
      database.db.insertInto('account').values({ id: 2, name: 'Acme' }).execute(),
    );
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err).toMatchObject({
      code: '23505',
      condition: 'unique_violation',
      constraint: 'account_name_key',
      table: 'account',
      retryable: false,
    });
    expect(postgresErrorCode(err)).toBe(PostgresErrorCode.uniqueViolation);
    expect(postgresConstraintName(err)).toBe('account_name_key');
    expect((err as DatabaseError).detail).toContain('Acme');
    expect((err as DatabaseError).cause).toBeInstanceOf(Error);
  });

  it('names a foreign key violation', async () => {
    const err = await caught(
      database.db.insertInto('opportunity').values({ id: 1, account_id: 99 }).execute(),
    );
    expect(err).toMatchObject({
      code: PostgresErrorCode.foreignKeyViolation,
      condition: 'foreign_key_violation',
      constraint: 'opportunity_account_fkey',
    });
  });

  it('names not-null and check violations', async () => {
    const notNull = await caught(
      database.db.insertInto('account').values({ id: 3, name: null }).execute(),
    );
    expect(notNull).toMatchObject({ condition: 'not_null_violation', column: 'name' });
    const check = await caught(
      database.db
        .insertInto('opportunity')
        .values({ id: 1, account_id: 1, amount: '-1' })
        .execute(),
    );
    expect(check).toMatchObject({
      condition: 'check_violation',
      constraint: 'opportunity_amount_check',
    });
  });

  it('wraps errors of plain SQL and inside transactions too', async () => {
    const raw = await caught(
      database.executeSql('insert into account (id, name) values ($1, $2)', [1, 'Other']),
    );
    expect(raw).toMatchObject({ condition: 'unique_violation', constraint: 'account_pkey' });
    const inTransaction = await caught(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('account').values({ id: 5, name: 'Beta' }).execute();
        await sql`select * from no_such_table`.execute(trx);
      }),
    );
    expect(inTransaction).toMatchObject({ code: '42P01', condition: 'undefined_table' });
    expect(await database.db.selectFrom('account').select('id').execute()).toEqual([{ id: 1 }]);
  });

  it.runIf(testDatabaseKind() === 'postgres')(
    'reports a lock timeout as lock_not_available',
    async () => {
      const holder = await database.db.startTransaction().execute();
      try {
        await holder.selectFrom('account').selectAll().where('id', '=', 1).forUpdate().execute();
        const err = await caught(
          database.db.transaction().execute(async (trx) => {
            await sql`set local lock_timeout = '50ms'`.execute(trx);
            await trx.updateTable('account').set({ name: 'Renamed' }).where('id', '=', 1).execute();
          }),
        );
        expect(err).toMatchObject({
          code: PostgresErrorCode.lockNotAvailable,
          condition: 'lock_not_available',
          retryable: false,
        });
      } finally {
        await holder.rollback().execute();
      }
    },
  );

  it.runIf(testDatabaseKind() === 'postgres')(
    'reports a serialization failure as retryable',
    async () => {
      const first = await database.db
        .startTransaction()
        .setIsolationLevel('serializable')
        .execute();
      const second = await database.db
        .startTransaction()
        .setIsolationLevel('serializable')
        .execute();
      try {
        await first.selectFrom('account').selectAll().execute();
        await second.selectFrom('account').selectAll().execute();
        await first.updateTable('account').set({ name: 'First' }).where('id', '=', 1).execute();
        await first.commit().execute();
        const err = await caught(
          second.updateTable('account').set({ name: 'Second' }).where('id', '=', 1).execute(),
        );
        expect(err).toMatchObject({
          code: PostgresErrorCode.serializationFailure,
          condition: 'serialization_failure',
          retryable: true,
        });
      } finally {
        await second.rollback().execute();
      }
    },
  );
});

describe('postgresErrorCode', () => {
  it('reads the SQLSTATE of an unwrapped PGlite error', async () => {
    const pglite = await PGlite.create({ loadDataDir: await pgliteTemplate() });
    try {
      await pglite.exec('create table t (id int primary key)');
      await pglite.exec('insert into t values (1)');
      const err = await caught(pglite.query('insert into t values (1)'));
      expect(err).not.toBeInstanceOf(DatabaseError);
      expect(postgresErrorCode(err)).toBe('23505');
      expect(postgresConstraintName(err)).toBe('t_pkey');
      expect(toDatabaseError(err)).toMatchObject({ condition: 'unique_violation', cause: err });
    } finally {
      await pglite.close();
    }
  });

  it.runIf(testDatabaseKind() === 'postgres')(
    'reads the SQLSTATE of an unwrapped pg error',
    async () => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      try {
        const err = await caught(client.query('select 1/0'));
        expect(err).not.toBeInstanceOf(DatabaseError);
        expect(postgresErrorCode(err)).toBe('22012');
        expect(toDatabaseError(err)).toMatchObject({ code: '22012', condition: 'other' });
      } finally {
        await client.end();
      }
    },
  );

  it('finds no SQLSTATE in a refused connection and leaves that error as it is', async () => {
    const client = new pg.Client({
      connectionString: 'postgres://nobody@127.0.0.1:1/none',
      connectionTimeoutMillis: 2000,
    });
    const err = await caught(client.connect());
    expect((err as { code?: unknown }).code).toBe('ECONNREFUSED');
    expect(postgresErrorCode(err)).toBeUndefined();
    expect(toDatabaseError(err)).toBe(err);
  });

  it('follows the cause chain', () => {
    const driverError = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const wrapped = new Error('assigning the lead failed', { cause: driverError });
    expect(postgresErrorCode(wrapped)).toBe('40P01');
    expect(toDatabaseError(wrapped)).toMatchObject({
      condition: 'deadlock_detected',
      retryable: true,
    });
  });
});
