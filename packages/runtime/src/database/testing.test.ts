import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { pgliteTemplate } from './pglite-template.ts';
import { testDatabasePrefix } from './postgres-test-database.ts';
import { openTestDatabase, testDatabaseKind } from './testing.ts';

describe(`openTestDatabase (${testDatabaseKind()})`, () => {
  it('gives databases that do not see each other', async () => {
    const [first, second] = await Promise.all([openTestDatabase(), openTestDatabase()]);
    try {
      await sql`create table lead (name text)`.execute(first.db);
      await first.db.insertInto('lead').values({ name: 'only in the first' }).execute();
      const { rows } = await second.executeSql("select to_regclass('lead') as found");
      expect(rows).toEqual([{ found: null }]);
      await sql`create table lead (name text)`.execute(second.db);
      expect(await second.db.selectFrom('lead').selectAll().execute()).toEqual([]);
      expect(await first.db.selectFrom('lead').selectAll().execute()).toEqual([
        { name: 'only in the first' },
      ]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('gives an empty database even after another test wrote to its own', async () => {
    const used = await openTestDatabase();
    await sql`create table account (id int)`.execute(used.db);
    await used.close();
    const fresh = await openTestDatabase();
    try {
      const { rows } = await fresh.executeSql(
        "select count(*) as tables from pg_tables where schemaname not in ('pg_catalog', 'information_schema')",
      );
      expect(rows).toEqual([{ tables: 0 }]);
    } finally {
      await fresh.close();
    }
  });

  it.runIf(testDatabaseKind() === 'postgres')(
    'drops its PostgreSQL database on close',
    async () => {
      const database = await openTestDatabase();
      const name = new URL(database.location).pathname.slice(1);
      expect(name.startsWith(testDatabasePrefix)).toBe(true);
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      try {
        const exists = async () =>
          (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
        expect(await exists()).toBe(1);
        await database.close();
        expect(await exists()).toBe(0);
      } finally {
        await admin.end();
      }
    },
  );
});

describe('the PGlite template', () => {
  it('is kept on disk, named after the PGlite version, and read back once per process', async () => {
    const template = await pgliteTemplate();
    expect(await pgliteTemplate()).toBe(template);
    const cache = fileURLToPath(new URL('../../node_modules/.cache/pipewright/', import.meta.url));
    const directory = process.env.PIPEWRIGHT_TEST_CACHE_DIR ?? cache;
    expect(await readdir(directory)).toContainEqual(
      expect.stringMatching(/^pglite-\d+\.\d+\.\d+-template-\d+\.tar\.gz$/),
    );
    expect(template.size).toBeGreaterThan(1_000_000);
  });
});
