import type { AppBundle, Entity, Field } from '@pipewright/metadata';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppVersionError, MigrationRefusedError } from '../apps/errors.ts';
import type { Runtime } from '../runtime.ts';
import { admin, nextVersion, openTestRuntime } from '../testing/runtime-fixture.ts';
import { MigrationStepError } from './apply.ts';

const l = (en: string) => ({ 'zh-CN': en, en });

const base: AppBundle = {
  formatVersion: 1,
  app: { key: 'mig', name: l('Migrations'), version: '1.0.0' },
  entities: [
    {
      key: 'customer',
      label: l('Customer'),
      version: 1,
      fields: [
        { key: 'name', label: l('Name'), type: 'text', required: true },
        { key: 'score', label: l('Score'), type: 'text' },
        { key: 'code', label: l('Code'), type: 'text' },
      ],
    },
    { key: 'region', label: l('Region'), version: 1, fields: [{ key: 'name', label: l('Name'), type: 'text' }] },
  ],
};

let runtime: Runtime;
beforeEach(async () => {
  runtime = await openTestRuntime(base);
});
afterEach(() => runtime.close());

const entity = (bundle: AppBundle, key: string): Entity => bundle.entities.find((e) => e.key === key)!;
const field = (bundle: AppBundle, e: string, f: string): Field => entity(bundle, e).fields.find((x) => x.key === f)!;

async function columns(table: string): Promise<Record<string, string>> {
  const { rows } = await sql<{ column_name: string; data_type: string }>`
    SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'app_mig' AND table_name = ${table}`.execute(runtime.database.db);
  return Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
}

async function tables(): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'app_mig' ORDER BY 1`.execute(runtime.database.db);
  return rows.map((r) => r.table_name);
}

async function installedVersion(): Promise<string | undefined> {
  return (await runtime.apps.installedBundle('mig'))?.app.version;
}

describe('provisioning', () => {
  it('creates typed tables, system columns, keys and indexes', async () => {
    expect(await tables()).toEqual(['_audit', '_counters', '_shares', 'customer', 'region']);
    expect(await columns('customer')).toMatchObject({
      id: 'bigint',
      created_at: 'timestamp with time zone',
      updated_at: 'timestamp with time zone',
      created_by: 'bigint',
      owner_id: 'bigint',
      version: 'integer',
      deleted_at: 'timestamp with time zone',
      name: 'text',
    });
  });

  it('creates child tables, join tables, foreign keys and view indexes', async () => {
    const next = nextVersion(base, '1.1.0', (b) => {
      entity(b, 'customer').fields.push(
        { key: 'home', label: l('Home'), type: 'relation', kind: 'manyToOne', target: 'region' },
        { key: 'areas', label: l('Areas'), type: 'relation', kind: 'manyToMany', target: 'region' },
        { key: 'lines', label: l('Lines'), type: 'lineItems', fields: [{ key: 'qty', label: l('Qty'), type: 'number' }] },
      );
      b.views = [{ key: 'by_home', label: l('By home'), version: 1, entity: 'customer', type: 'table', filter: { field: 'home', op: 'eq', value: 1 }, sort: [{ field: 'name', direction: 'desc' }] }];
    });
    await runtime.apps.publish(next, { actor: 1 });
    expect(await tables()).toEqual(['_audit', '_counters', '_shares', 'customer', 'customer__areas', 'customer__lines', 'region']);
    const { rows: fks } = await sql<{ conname: string }>`SELECT conname FROM pg_constraint WHERE contype = 'f' AND connamespace = 'app_mig'::regnamespace ORDER BY 1`.execute(runtime.database.db);
    expect(fks.map((r) => r.conname)).toEqual([
      '_audit_actor_fkey', '_shares_created_by_fkey', '_shares_department_id_fkey', '_shares_user_id_fkey',
      'customer__areas_source_fkey', 'customer__areas_target_fkey', 'customer__lines_parent_fkey',
      'customer_created_by_fkey', 'customer_home_fkey', 'customer_owner_id_fkey', 'region_created_by_fkey', 'region_owner_id_fkey',
    ]);
    const { rows: indexes } = await sql<{ indexname: string; indexdef: string }>`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'app_mig' AND tablename = 'customer'`.execute(runtime.database.db);
    const view = indexes.find((i) => i.indexname === 'customer_v_by_home_idx');
    expect(view?.indexdef).toMatch(/\(home, name DESC, id DESC\) WHERE \(deleted_at IS NULL\)/);
    expect(indexes.map((i) => i.indexname)).toContain('customer_home_idx');
  });
});

describe('publishing a new version', () => {
  it('adds, renames and removes fields, keeping the data of renamed ones', async () => {
    const c = await runtime.records.create('mig', 'customer', { name: 'Ada', code: 'A1' }, admin);
    const next = nextVersion(base, '1.1.0', (b) => {
      const fields = entity(b, 'customer').fields;
      fields.push({ key: 'email', label: l('E-mail'), type: 'email' });
      const code = field(b, 'customer', 'code');
      code.key = 'ref_code';
      code.renamedFrom = 'code';
    });
    const plan = await runtime.apps.plan(next);
    expect(plan.steps.map((s) => s.description)).toEqual(expect.arrayContaining(['rename column customer.code to ref_code', 'add column customer.email (text)']));
    expect(plan.needsConsent).toBe(false);
    await runtime.apps.publish(next, { actor: 1 });
    expect((await runtime.records.get('mig', 'customer', c.id as number)).ref_code).toBe('A1');
    expect(Object.keys(await columns('customer'))).not.toContain('code');
  });

  it('refuses to drop a field holding data without consent, and drops it with consent', async () => {
    await runtime.records.create('mig', 'customer', { name: 'Ada', code: 'A1' }, admin);
    const next = nextVersion(base, '1.1.0', (b) => {
      entity(b, 'customer').fields = entity(b, 'customer').fields.filter((f) => f.key !== 'code');
    });
    const preview = await runtime.apps.plan(next);
    expect(preview.needsConsent).toBe(true);
    const error = await runtime.apps.publish(next, { actor: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationRefusedError);
    expect((error as MigrationRefusedError).code).toBe('migration.dataLoss');
    expect(Object.keys(await columns('customer'))).toContain('code');
    expect(await installedVersion()).toBe('1.0.0');
    await runtime.apps.publish(next, { actor: 1, allowDataLoss: true });
    expect(Object.keys(await columns('customer'))).not.toContain('code');
    expect(await installedVersion()).toBe('1.1.0');
  });

  it('drops an empty field without asking', async () => {
    const next = nextVersion(base, '1.1.0', (b) => {
      entity(b, 'customer').fields = entity(b, 'customer').fields.filter((f) => f.key !== 'code');
    });
    await runtime.apps.publish(next, { actor: 1 });
    expect(Object.keys(await columns('customer'))).not.toContain('code');
  });

  it('converts text to numbers when every value converts', async () => {
    const c = await runtime.records.create('mig', 'customer', { name: 'Ada', score: ' 42.5 ' }, admin);
    await runtime.records.create('mig', 'customer', { name: 'Bob', score: '' }, admin);
    const next = nextVersion(base, '1.1.0', (b) => {
      Object.assign(field(b, 'customer', 'score'), { type: 'number' });
    });
    await runtime.apps.publish(next, { actor: 1 });
    expect((await columns('customer')).score).toBe('numeric');
    expect((await runtime.records.get('mig', 'customer', c.id as number)).score).toBe(42.5);
  });

  it('refuses a conversion some values cannot make, and changes nothing', async () => {
    await runtime.records.create('mig', 'customer', { name: 'Ada', score: 'high' }, admin);
    const next = nextVersion(base, '1.1.0', (b) => {
      entity(b, 'customer').fields.push({ key: 'extra', label: l('Extra'), type: 'text' });
      Object.assign(field(b, 'customer', 'score'), { type: 'number' });
    });
    const error = await runtime.apps.publish(next, { actor: 1, allowDataLoss: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationRefusedError);
    expect((error as MigrationRefusedError).code).toBe('migration.refused');
    expect((error as MigrationRefusedError).problems[0]!.message).toMatch(/not numbers/);
    expect(await columns('customer')).toMatchObject({ score: 'text' });
    expect(Object.keys(await columns('customer'))).not.toContain('extra');
    expect(await installedVersion()).toBe('1.0.0');
  });

  it('needs consent to narrow a number (values would be rounded)', async () => {
    const wide = nextVersion(base, '1.1.0', (b) => {
      entity(b, 'customer').fields.push({ key: 'amount', label: l('Amount'), type: 'number', scale: 4 });
    });
    await runtime.apps.publish(wide, { actor: 1 });
    await runtime.records.create('mig', 'customer', { name: 'Ada', amount: 1.2345 }, admin);
    const narrow = nextVersion(wide, '1.2.0', (b) => {
      Object.assign(field(b, 'customer', 'amount'), { scale: 2 });
    });
    await expect(runtime.apps.publish(narrow, { actor: 1 })).rejects.toMatchObject({ code: 'migration.dataLoss' });
    await runtime.apps.publish(narrow, { actor: 1, allowDataLoss: true });
    const list = await runtime.records.list('mig', 'customer', {}, admin);
    expect(list.items[0]!.amount).toBe(1.23);
  });

  it('rolls back every step when a statement fails midway: no orphan column, same metadata', async () => {
    const wide = nextVersion(base, '1.1.0', (b) => {
      entity(b, 'customer').fields.push({ key: 'amount', label: l('Amount'), type: 'number' });
    });
    await runtime.apps.publish(wide, { actor: 1 });
    await runtime.records.create('mig', 'customer', { name: 'Big', amount: 1e10 }, admin);
    const next = nextVersion(wide, '1.2.0', (b) => {
      entity(b, 'customer').fields.push({ key: 'later', label: l('Later'), type: 'text' });
      Object.assign(field(b, 'customer', 'amount'), { type: 'percent' }); // numeric(12,4) cannot hold 1e10
    });
    const error = await runtime.apps.publish(next, { actor: 1, allowDataLoss: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationStepError);
    expect(Object.keys(await columns('customer'))).not.toContain('later');
    expect((await columns('customer')).amount).toBe('numeric');
    expect(await installedVersion()).toBe('1.1.0');
  });

  it('adds and removes entities', async () => {
    await runtime.records.create('mig', 'region', { name: 'East' }, admin);
    const next = nextVersion(base, '1.1.0', (b) => {
      b.entities = b.entities.filter((e) => e.key !== 'region');
      b.entities.push({ key: 'visit', label: l('Visit'), version: 1, fields: [{ key: 'at', label: l('At'), type: 'datetime' }] });
    });
    await expect(runtime.apps.publish(next, { actor: 1 })).rejects.toMatchObject({ code: 'migration.dataLoss' });
    expect(await tables()).toContain('region');
    await runtime.apps.publish(next, { actor: 1, allowDataLoss: true });
    expect(await tables()).toEqual(['_audit', '_counters', '_shares', 'customer', 'visit']);
  });

  it('changes a relation target only when existing ids exist in the new target', async () => {
    const withRelation = nextVersion(base, '1.1.0', (b) => {
      entity(b, 'customer').fields.push({ key: 'home', label: l('Home'), type: 'relation', kind: 'manyToOne', target: 'region' });
      b.entities.push({ key: 'city', label: l('City'), version: 1, fields: [{ key: 'name', label: l('Name'), type: 'text' }] });
    });
    await runtime.apps.publish(withRelation, { actor: 1 });
    const region = await runtime.records.create('mig', 'region', { name: 'East' }, admin);
    await runtime.records.create('mig', 'region', { name: 'West' }, admin);
    await runtime.records.create('mig', 'customer', { name: 'Ada', home: (region.id as number) + 1 }, admin);
    const retarget = nextVersion(withRelation, '1.2.0', (b) => {
      Object.assign(field(b, 'customer', 'home'), { target: 'city' });
    });
    await expect(runtime.apps.publish(retarget, { actor: 1, allowDataLoss: true })).rejects.toMatchObject({ code: 'migration.refused' });
    await runtime.records.create('mig', 'city', { name: 'Shanghai' }, admin);
    await runtime.records.create('mig', 'city', { name: 'Beijing' }, admin);
    await runtime.apps.publish(retarget, { actor: 1 });
    const { rows } = await sql<{ confrelid: string }>`SELECT confrelid::regclass::text AS confrelid FROM pg_constraint WHERE conname = 'customer_home_fkey'`.execute(runtime.database.db);
    expect(rows[0]!.confrelid).toBe('app_mig.city');
  });

  it('refuses to make a field unique while records share a value', async () => {
    await runtime.records.create('mig', 'customer', { name: 'Ada', code: 'X' }, admin);
    await runtime.records.create('mig', 'customer', { name: 'Bob', code: 'x' }, admin);
    const next = nextVersion(base, '1.1.0', (b) => {
      Object.assign(field(b, 'customer', 'code'), { unique: true });
    });
    await expect(runtime.apps.publish(next, { actor: 1 })).rejects.toMatchObject({ code: 'migration.refused' });
  });

  it('keeps published versions immutable', async () => {
    const same = nextVersion(base, '1.0.0', (b) => {
      entity(b, 'customer').fields.push({ key: 'other', label: l('Other'), type: 'text' });
    });
    await expect(runtime.apps.publish(same, { actor: 1 })).rejects.toBeInstanceOf(AppVersionError);
    const older = nextVersion(base, '0.9.0', () => undefined);
    await expect(runtime.apps.publish(older, { actor: 1 })).rejects.toMatchObject({ code: 'app.versionNotNewer' });
    await runtime.apps.publish(nextVersion(base, '1.0.1', () => undefined), { actor: 1 });
    expect((await runtime.apps.versions('mig')).map((v) => v.version)).toEqual(['1.0.1', '1.0.0']);
  });

  it('rejects an invalid bundle with its errors before touching the database', async () => {
    const bad = nextVersion(base, '1.1.0', (b) => {
      entity(b, 'customer').fields.push({ key: 'id', label: l('Id'), type: 'text' });
    });
    await expect(runtime.apps.publish(bad, { actor: 1 })).rejects.toMatchObject({ code: 'metadata.invalid' });
    expect(await installedVersion()).toBe('1.0.0');
  });
});
