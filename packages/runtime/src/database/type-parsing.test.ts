import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.ts';
import { openPGliteTestDatabase } from './testing.ts';
import { createPostgresTestDatabase } from './postgres-test-database.ts';

// The same values are written to and read from every kind of database this run can reach: PGlite
// always, PostgreSQL too when DATABASE_URL is set. The process runs in a time zone far from UTC,
// so a driver that reads or writes local time instead of UTC shows up as a shifted value.
const kinds: Array<{ kind: string; open: () => Promise<Database> }> = [
  { kind: 'pglite', open: () => openPGliteTestDatabase() },
];
const serverUrl = process.env.DATABASE_URL;
if (serverUrl) kinds.push({ kind: 'postgres', open: () => createPostgresTestDatabase(serverUrl) });

const instant = new Date('2024-03-01T20:30:00.123Z');
const written = {
  int4_value: 42,
  int8_value: 9007199254740993n,
  small_int8: 12345,
  numeric_value: '12345678901234567890.125',
  float_value: 0.1,
  bool_value: true,
  text_value: '北京某某科技有限公司',
  timestamptz_value: instant,
  timestamp_value: instant,
  date_from_string: '2024-02-29',
  date_from_date: instant,
  interval_value: '1 day 02:00:00',
  jsonb_value: { stage: '方案报价', lines: [{ qty: 2, price: '99.50' }] },
  json_array: JSON.stringify([1, 'two', null]),
  bytea_value: Buffer.from([0, 1, 254, 255]),
  int8_array: [1, 9007199254740993n],
  numeric_array: ['1.10', '2.20'],
  date_array: ['2024-01-01', '2024-12-31'],
  timestamptz_array: [instant],
};

const expected = {
  ...written,
  date_from_date: '2024-03-01',
  json_array: [1, 'two', null],
};

const columns = sql.raw(`
  int4_value int4, int8_value int8, small_int8 int8, numeric_value numeric, float_value float8,
  bool_value bool, text_value text, timestamptz_value timestamptz, timestamp_value timestamp,
  date_from_string date, date_from_date date, interval_value interval, jsonb_value jsonb,
  json_array json, bytea_value bytea, int8_array int8[], numeric_array numeric[], date_array date[],
  timestamptz_array timestamptz[]`);

let processTimeZone: string | undefined;
beforeAll(() => {
  processTimeZone = process.env.TZ;
  process.env.TZ = 'Asia/Shanghai';
});
afterAll(() => {
  if (processTimeZone === undefined) delete process.env.TZ;
  else process.env.TZ = processTimeZone;
});

const readBack = new Map<string, unknown>();

describe.each(kinds)('values written to and read from $kind', ({ kind, open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
    await sql`create table sample (${columns})`.execute(database.db);
  });
  afterAll(() => database.close());

  it('come back as the documented JavaScript types', async () => {
    expect(new Date(2024, 0, 1).getTimezoneOffset()).toBe(-480); // the process really runs in UTC+8
    await database.db.insertInto('sample').values(written).execute();
    const row = await database.db.selectFrom('sample').selectAll().executeTakeFirstOrThrow();
    expect(row).toEqual(expected);
    expect(row.bytea_value).toBeInstanceOf(Buffer);
    readBack.set(kind, row);
  });

  it('count(*) comes back as a number; sum(int8) and numeric arithmetic as exact strings', async () => {
    const { rows } = await database.executeSql(
      'select count(*) as n, sum(small_int8) as total, sum(numeric_value) * 2 as doubled from sample',
    );
    expect(rows).toEqual([{ n: 1, total: '12345', doubled: '24691357802469135780.250' }]);
  });

  it('sessions run in UTC, so date arithmetic in SQL agrees everywhere', async () => {
    const { rows } = await database.executeSql(
      "select current_setting('TimeZone') as zone, $1::timestamptz::date as day",
      [instant],
    );
    expect(rows).toEqual([{ zone: 'UTC', day: '2024-03-01' }]);
  });
});

describe.runIf(kinds.length > 1)('PGlite and PostgreSQL', () => {
  it('read back exactly the same values', () => {
    expect(readBack.get('pglite')).toBeDefined();
    expect(readBack.get('postgres')).toEqual(readBack.get('pglite'));
  });
});
