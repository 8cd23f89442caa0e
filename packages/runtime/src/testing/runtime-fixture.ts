/**
 * A runtime on a fresh test database (PGlite, or PostgreSQL when DATABASE_URL is set) with the
 * sales app installed, for integration tests.
 */
import type { AppBundle } from '@pipewright/metadata';
import { sql } from 'kysely';
import { openTestDatabase } from '../database/index.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { salesBundle } from './sales-bundle.ts';

/**
 * A runtime on a fresh database with user 1 (the `admin` actor of these tests) stored, since
 * records and history point at real users (decision 042), and `bundle` published.
 */
export async function openTestRuntime(bundle: AppBundle | null = salesBundle): Promise<Runtime> {
  const runtime = await openRuntime(await openTestDatabase());
  await addPeople(runtime, { users: [admin.userId] });
  if (bundle) await runtime.apps.publish(bundle, { actor: admin.userId });
  return runtime;
}

/** A deep copy of a bundle with a new version, for migration tests. */
export function nextVersion(bundle: AppBundle, version: string, change: (draft: AppBundle) => void): AppBundle {
  const draft = structuredClone(bundle);
  draft.app.version = version;
  change(draft);
  return draft;
}

export const admin = { userId: 1, timeZone: 'Asia/Shanghai' };

/**
 * Stores users (and departments) in the identity tables by id, so writes that name them pass the
 * check that people exist and the foreign keys to them. `inactive` users exist but may not be
 * newly assigned. The id sequences move past the ids stored, so users created later get new ids.
 */
export async function addPeople(runtime: Runtime, people: { users?: readonly number[]; inactive?: readonly number[]; departments?: readonly number[] }): Promise<void> {
  const db = runtime.database.db;
  for (const id of people.departments ?? []) await sql`INSERT INTO pipewright.departments (id, name) VALUES (${id}, ${`department ${id}`}) ON CONFLICT DO NOTHING`.execute(db);
  for (const id of [...(people.users ?? []), ...(people.inactive ?? [])]) {
    const active = !(people.inactive ?? []).includes(id);
    await sql`INSERT INTO pipewright.users (id, login, name, active) VALUES (${id}, ${`user${id}`}, ${`User ${id}`}, ${active}) ON CONFLICT (id) DO UPDATE SET active = ${active}`.execute(db);
  }
  for (const table of ['users', 'departments']) {
    await sql`SELECT setval(pg_get_serial_sequence(${`pipewright.${table}`}, 'id'), greatest((SELECT max(id) FROM ${sql.table(`pipewright.${table}`)}), 1))`.execute(db);
  }
}
