/**
 * What the database itself holds an app's records to (decisions 042, 043): foreign keys from the
 * people columns to the platform's users and departments, NOT NULL on required fields, and the
 * reconciliation that gives an app installed before those keys, checks and comments existed what
 * it lacks on its next publish, with the rows that stand in the way counted in the plan.
 */
import type { AppBundle, Entity } from '@pipewright/metadata';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { MigrationRefusedError } from '../apps/errors.ts';
import { openIdentity } from '../identity/identity.ts';
import type { Runtime } from '../runtime.ts';
import { addPeople, admin, nextVersion, openTestRuntime } from '../testing/runtime-fixture.ts';

const l = (en: string) => ({ 'zh-CN': en, en });

const base: AppBundle = {
  formatVersion: 1,
  app: { key: 'integ', name: l('Integrity'), version: '1.0.0' },
  entities: [
    {
      key: 'ticket',
      label: l('Ticket'),
      version: 1,
      fields: [
        { key: 'title', label: l('Title'), type: 'text', required: true },
        { key: 'note', label: l('Note'), type: 'text' },
        { key: 'status', label: l('Status'), type: 'singleSelect', options: [{ value: 'open', label: l('Open') }, { value: 'done', label: l('Done') }] },
        { key: 'technician', label: l('Technician'), type: 'user' },
        { key: 'watchers', label: l('Watchers'), type: 'user', multiple: true },
        { key: 'team', label: l('Team'), type: 'department' },
        { key: 'parts', label: l('Parts'), type: 'lineItems', fields: [{ key: 'name', label: l('Name'), type: 'text', required: true }, { key: 'fitter', label: l('Fitter'), type: 'user' }] },
      ],
    },
  ],
};

let runtime: Runtime;
beforeEach(async () => {
  runtime = await openTestRuntime(base);
  await addPeople(runtime, { users: [2], departments: [10] });
});
afterEach(() => runtime.close());

const ticket = (bundle: AppBundle): Entity => bundle.entities.find((e) => e.key === 'ticket')!;

async function foreignKeys(table = 'ticket'): Promise<Record<string, string>> {
  const { rows } = await sql<{ conname: string; target: string }>`
    SELECT conname, confrelid::regclass::text AS target FROM pg_constraint
     WHERE contype = 'f' AND conrelid = ${`app_integ.${table}`}::regclass`.execute(runtime.database.db);
  return Object.fromEntries(rows.map((r) => [r.conname, r.target]));
}

async function nullable(table: string, column: string): Promise<boolean> {
  const { rows } = await sql<{ is_nullable: string }>`
    SELECT is_nullable FROM information_schema.columns WHERE table_schema = 'app_integ' AND table_name = ${table} AND column_name = ${column}`.execute(runtime.database.db);
  return rows[0]!.is_nullable === 'YES';
}

/** Makes the installed app look as an older release left it: no people keys, checks, comments or NOT NULL. */
async function asInstalledBefore(): Promise<void> {
  const db = runtime.database.db;
  for (const name of ['ticket_owner_id_fkey', 'ticket_created_by_fkey', 'ticket_technician_fkey', 'ticket_team_fkey', 'ticket_status_options', 'ticket__parts_fitter_fkey', '_audit_actor_fkey']) {
    const table = name.startsWith('ticket__parts') ? 'ticket__parts' : name.startsWith('_audit') ? '_audit' : 'ticket';
    await sql.raw(`ALTER TABLE app_integ.${table} DROP CONSTRAINT ${name}`).execute(db);
  }
  await sql.raw(`ALTER TABLE app_integ.ticket ALTER COLUMN title DROP NOT NULL`).execute(db);
  await sql.raw(`COMMENT ON TABLE app_integ.ticket IS NULL`).execute(db);
  await sql.raw(`COMMENT ON COLUMN app_integ.ticket.title IS NULL`).execute(db);
}

describe('foreign keys to users and departments', () => {
  it('are created with a new app, for owner, creator, single user and department fields and line items', async () => {
    expect(await foreignKeys()).toMatchObject({
      ticket_owner_id_fkey: 'pipewright.users',
      ticket_created_by_fkey: 'pipewright.users',
      ticket_technician_fkey: 'pipewright.users',
      ticket_team_fkey: 'pipewright.departments',
    });
    expect(Object.keys(await foreignKeys())).not.toContain('ticket_watchers_fkey');
    expect(await foreignKeys('ticket__parts')).toMatchObject({ ticket__parts_fitter_fkey: 'pipewright.users' });
    expect(await foreignKeys('_audit')).toMatchObject({ _audit_actor_fkey: 'pipewright.users' });
  });

  it('hold trusted writers too: an unknown user or department is a 400 naming the field, never stored', async () => {
    // A trusted caller (no permissions: automation, sample data) skips the roles, not the keys.
    await expect(runtime.records.create('integ', 'ticket', { title: 'A', technician: 999 }, admin)).rejects.toMatchObject({ problems: [{ path: '/technician', code: 'record.unknownUser' }] });
    await expect(runtime.records.create('integ', 'ticket', { title: 'A', owner_id: 999 }, admin)).rejects.toMatchObject({ problems: [{ path: '/owner_id', code: 'record.unknownUser' }] });
    await expect(runtime.records.create('integ', 'ticket', { title: 'A', team: 77 }, admin)).rejects.toMatchObject({ problems: [{ path: '/team', code: 'record.unknownDepartment' }] });
    await expect(runtime.records.create('integ', 'ticket', { title: 'A', parts: [{ name: 'x', fitter: 999 }] }, admin)).rejects.toMatchObject({ problems: [{ path: '/parts/0/fitter', code: 'record.unknownUser' }] });
    // Multi-user fields are arrays, which no foreign key covers: the writer checks them for every caller.
    await expect(runtime.records.create('integ', 'ticket', { title: 'A', watchers: [2, 999] }, admin)).rejects.toMatchObject({ problems: [{ path: '/watchers', code: 'record.unknownUser' }] });
    const stored = await runtime.records.create('integ', 'ticket', { title: 'A', technician: 2, watchers: [2], team: 10 }, admin);
    expect(stored).toMatchObject({ technician: 2, watchers: [2], team: 10, owner_id: 1, created_by: 1 });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM app_integ.ticket`.execute(runtime.database.db);
    expect(rows[0]!.n).toBe(1);
  });

  it('are added to an app installed before them; rows naming missing users are counted and cleared only with consent', async () => {
    await runtime.records.create('integ', 'ticket', { title: 'kept', technician: 2 }, admin);
    await asInstalledBefore();
    const db = runtime.database.db;
    await sql`INSERT INTO app_integ.ticket (title, owner_id, created_by, technician, team) VALUES ('orphan', 4242, 1, 4343, 99), ('orphan 2', 4242, 1, NULL, NULL)`.execute(db);
    const next = nextVersion(base, '1.0.1', () => undefined);
    const preview = await runtime.apps.plan(next);
    expect(preview.needsConsent).toBe(true);
    const findings = preview.steps.flatMap((s) => s.findings.map((f) => ({ step: s.description, ...f })));
    expect(findings).toEqual(expect.arrayContaining([
      expect.objectContaining({ outcome: 'loss', message: '2 rows of ticket name users that do not exist in owner_id, which would be cleared', path: '/entities/0' }),
      expect.objectContaining({ outcome: 'loss', message: '1 rows of ticket name users that do not exist in technician, which would be cleared', path: '/entities/0/fields/3' }),
      expect.objectContaining({ outcome: 'loss', message: '1 rows of ticket name departments that do not exist in team, which would be cleared', path: '/entities/0/fields/5' }),
    ]));
    const refused = await runtime.apps.publish(next, { actor: 1 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MigrationRefusedError);
    expect(refused).toMatchObject({ code: 'migration.dataLoss' });
    expect(await foreignKeys()).not.toHaveProperty('ticket_owner_id_fkey');

    await runtime.apps.publish(next, { actor: 1, allowDataLoss: true });
    expect(await foreignKeys()).toMatchObject({ ticket_owner_id_fkey: 'pipewright.users', ticket_technician_fkey: 'pipewright.users', ticket_team_fkey: 'pipewright.departments' });
    const { rows } = await sql<{ title: string; owner_id: number | null; technician: number | null; team: number | null }>`SELECT title, owner_id, technician, team FROM app_integ.ticket ORDER BY id`.execute(db);
    expect(rows).toEqual([
      { title: 'kept', owner_id: 1, technician: 2, team: null },
      { title: 'orphan', owner_id: null, technician: null, team: null },
      { title: 'orphan 2', owner_id: null, technician: null, team: null },
    ]);
  });
});

describe('when people leave', () => {
  it('a deactivated user stays on the records that name them; a department named by records cannot be deleted', async () => {
    const identity = await openIdentity(runtime.database, { apps: runtime.apps });
    onTestFinished(() => identity.close());
    const { directory } = identity;
    const leaver = await directory.createUser({ login: 'leaver', name: 'Leaver' });
    const single = await directory.createDepartment({ name: 'Single' });
    const listed = await directory.createDepartment({ name: 'Listed' });
    const unused = await directory.createDepartment({ name: 'Unused' });
    const withLists = nextVersion(base, '1.1.0', (b) => {
      ticket(b).fields.push({ key: 'teams', label: l('Teams'), type: 'department', multiple: true });
    });
    await runtime.apps.publish(withLists, { actor: 1 });
    const record = await runtime.records.create('integ', 'ticket', { title: 'A', technician: leaver.id, team: single.id, teams: [listed.id] }, admin);
    await directory.updateUser(leaver.id, { active: false });
    expect((await runtime.records.get('integ', 'ticket', record.id as number)).technician).toBe(leaver.id);
    await expect(directory.deleteDepartment(single.id)).rejects.toMatchObject({ code: 'department.notEmpty' });
    await expect(directory.deleteDepartment(listed.id)).rejects.toMatchObject({ code: 'department.notEmpty' });
    await directory.deleteDepartment(unused.id);
    await runtime.records.update('integ', 'ticket', record.id as number, { team: null, teams: [] }, admin);
    await directory.deleteDepartment(single.id);
    await directory.deleteDepartment(listed.id);
  });
});

describe('republishing reconciles with the live database', () => {
  it('adds the checks, comments, keys and NOT NULLs an older install lacks, then plans nothing more', async () => {
    await asInstalledBefore();
    const next = nextVersion(base, '1.0.1', () => undefined);
    const report = await runtime.apps.publish(next, { actor: 1 });
    const kinds = report.steps.map((s) => s.kind);
    expect(kinds).toEqual(expect.arrayContaining(['addOptionCheck', 'comment', 'addForeignKey', 'setNotNull']));
    const db = runtime.database.db;
    await expect(sql`INSERT INTO app_integ.ticket (title, status) VALUES ('x', 'bogus')`.execute(db)).rejects.toMatchObject({ code: '23514' });
    const { rows } = await sql<{ comment: string | null }>`SELECT obj_description('app_integ.ticket'::regclass, 'pg_class') AS comment`.execute(db);
    expect(rows[0]!.comment).toBe('Ticket');
    expect(await nullable('ticket', 'title')).toBe(false);
    expect(await foreignKeys('ticket__parts')).toHaveProperty('ticket__parts_fitter_fkey');
    const again = await runtime.apps.plan(nextVersion(base, '1.0.2', () => undefined));
    expect(again.steps.filter((s) => s.kind !== 'createIndex')).toEqual([]);
  });
});

describe('required fields are NOT NULL', () => {
  it('in new tables and line items; optional fields stay nullable', async () => {
    expect(await nullable('ticket', 'title')).toBe(false);
    expect(await nullable('ticket', 'note')).toBe(true);
    expect(await nullable('ticket__parts', 'name')).toBe(false);
  });

  it('a new required field without a default on a table with records needs consent, with the count', async () => {
    await runtime.records.create('integ', 'ticket', { title: 'A' }, admin);
    await runtime.records.create('integ', 'ticket', { title: 'B' }, admin);
    const next = nextVersion(base, '1.1.0', (b) => {
      ticket(b).fields.push({ key: 'serial', label: l('Serial'), type: 'text', required: true });
    });
    const preview = await runtime.apps.plan(next);
    const step = preview.steps.find((s) => s.kind === 'setNotNull')!;
    expect(step.findings).toEqual([{ outcome: 'empty', message: '2 records of ticket have no serial, which is required; with consent it stays nullable until they are filled', path: '/entities/0/fields/7' }]);
    expect(preview).toMatchObject({ needsConsent: true, refused: false });
    await expect(runtime.apps.publish(next, { actor: 1 })).rejects.toMatchObject({ code: 'migration.requiredEmpty', problems: [{ path: '/entities/0/fields/7', code: 'migration.requiredEmpty' }] });

    const report = await runtime.apps.publish(next, { actor: 1, allowDataLoss: true });
    expect(report.steps.find((s) => s.kind === 'setNotNull')).toMatchObject({ skipped: true });
    expect(await nullable('ticket', 'serial')).toBe(true);
    // Once every record has a value, the next publish makes the column NOT NULL.
    await sql`UPDATE app_integ.ticket SET serial = 'S-' || id`.execute(runtime.database.db);
    const later = await runtime.apps.publish(nextVersion(next, '1.1.1', () => undefined), { actor: 1 });
    expect(later.steps.find((s) => s.kind === 'setNotNull')).toMatchObject({ findings: [] });
    expect(await nullable('ticket', 'serial')).toBe(false);
  });

  it('a new required field with a fixed default fills the records and needs no consent', async () => {
    const record = await runtime.records.create('integ', 'ticket', { title: 'A' }, admin);
    const next = nextVersion(base, '1.1.0', (b) => {
      ticket(b).fields.push({ key: 'priority', label: l('Priority'), type: 'singleSelect', required: true, default: 'normal', options: [{ value: 'normal', label: l('Normal') }, { value: 'high', label: l('High') }] });
    });
    await runtime.apps.publish(next, { actor: 1 });
    expect(await nullable('ticket', 'priority')).toBe(false);
    expect((await runtime.records.get('integ', 'ticket', record.id as number)).priority).toBe('normal');
  });

  it('making an existing field required counts the empty records; making it optional again drops NOT NULL', async () => {
    await runtime.records.create('integ', 'ticket', { title: 'A', note: 'n' }, admin);
    await runtime.records.create('integ', 'ticket', { title: 'B' }, admin);
    const required = nextVersion(base, '1.1.0', (b) => {
      Object.assign(ticket(b).fields.find((f) => f.key === 'note')!, { required: true });
    });
    const error = await runtime.apps.publish(required, { actor: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'migration.requiredEmpty', problems: [{ path: '/entities/0/fields/1', message: expect.stringContaining('1 records of ticket have no note') }] });
    expect(await nullable('ticket', 'note')).toBe(true);
    await sql`UPDATE app_integ.ticket SET note = 'filled' WHERE note IS NULL`.execute(runtime.database.db);
    await runtime.apps.publish(required, { actor: 1 });
    expect(await nullable('ticket', 'note')).toBe(false);
    const optional = nextVersion(required, '1.2.0', (b) => {
      Object.assign(ticket(b).fields.find((f) => f.key === 'note')!, { required: false });
    });
    await runtime.apps.publish(optional, { actor: 1 });
    expect(await nullable('ticket', 'note')).toBe(true);
  });
});
