// Formulas over relations and the clock (decision 040) on the service desk: computed when read,
// right when the related record changes later, the same in reads, filters and sorts, and no more
// visible than what the reader may read.
import { MetadataValidationError, type Filter } from '@pipewright/metadata';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import { addPeople, admin, openTestRuntime } from '../testing/runtime-fixture.ts';
import { serviceDeskBundle } from '../testing/service-desk.ts';

const app = 'service_desk';
let runtime: Runtime;
let customer: number;
let covered: number;
let expired: number;

/** Today in the app's time zone (Asia/Shanghai), as YYYY-MM-DD, shifted by `days`. */
function shanghaiDay(days = 0): string {
  const at = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return at.toISOString().slice(0, 10);
}

beforeAll(async () => {
  runtime = await openTestRuntime(serviceDeskBundle());
  customer = (await runtime.records.create(app, 'customer', { name: '华东机床厂', tier: 'gold' }, admin)).id as number;
  covered = (await runtime.records.create(app, 'asset', { serial: 'SN-100', customer, warranty_end: '2026-06-30' }, admin)).id as number;
  expired = (await runtime.records.create(app, 'asset', { serial: 'SN-200', customer, warranty_end: '2026-01-31' }, admin)).id as number;
});
afterAll(() => runtime.close());

const ticket = (extra: Record<string, unknown>) => ({ title: 'Noise', customer, reported_at: '2026-05-01T09:00:00Z', ...extra });

describe('formulas over relations', () => {
  it('computes a comparison with a related date and a related text (was null / false)', async () => {
    const inWarranty = await runtime.records.create(app, 'ticket', ticket({ asset: covered }), admin);
    const outOfWarranty = await runtime.records.create(app, 'ticket', ticket({ asset: expired }), admin);
    expect(inWarranty).toMatchObject({ under_warranty: true, customer_tier: 'gold', summary: 'Noise / 华东机床厂' });
    expect((await runtime.records.get(app, 'ticket', outOfWarranty.id as number)).under_warranty).toBe(false);
    expect((await runtime.records.create(app, 'ticket', ticket({}), admin)).under_warranty).toBeNull();
  });

  it('compares a date with a date-time at the start of that day in the app time zone', async () => {
    // As the expression language has it: the date 2026-06-30 is 2026-06-30T00:00+08:00 = 2026-06-29T16:00Z.
    const late = await runtime.records.create(app, 'ticket', ticket({ asset: covered, reported_at: '2026-06-30T15:30:00Z' }), admin);
    expect(late.under_warranty).toBe(false);
    const later = await runtime.records.create(app, 'ticket', ticket({ asset: covered, reported_at: '2026-06-29T15:59:00Z' }), admin);
    expect(later.under_warranty).toBe(true);
    const after = await runtime.records.create(app, 'ticket', ticket({ asset: covered, reported_at: '2026-06-29T16:00:01Z' }), admin);
    expect(after.under_warranty).toBe(false);
  });

  it('follows the related record when it changes later, without writing the ticket', async () => {
    const asset = (await runtime.records.create(app, 'asset', { serial: 'SN-300', customer, warranty_end: '2026-01-01' }, admin)).id as number;
    const one = await runtime.records.create(app, 'ticket', ticket({ asset }), admin);
    expect(one.under_warranty).toBe(false);
    await runtime.records.update(app, 'asset', asset, { warranty_end: '2027-01-01' }, admin);
    const read = await runtime.records.get(app, 'ticket', one.id as number);
    expect(read).toMatchObject({ under_warranty: true, version: 1 });
    const other = (await runtime.records.create(app, 'customer', { name: 'Other', tier: 'standard' }, admin)).id as number;
    await runtime.records.update(app, 'ticket', one.id as number, { customer: other }, admin);
    expect((await runtime.records.get(app, 'ticket', one.id as number)).customer_tier).toBe('standard');
  });

  it('filters and sorts by a live formula exactly as reads give it', async () => {
    const filter: Filter = { and: [{ field: 'customer', op: 'eq', value: customer }, { field: 'under_warranty', op: 'eq', value: true }] };
    const page = await runtime.records.list(app, 'ticket', { filter, pageSize: 500 }, admin);
    const all = await runtime.records.list(app, 'ticket', { filter: { field: 'customer', op: 'eq', value: customer }, pageSize: 500 }, admin);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.map((r) => r.id).sort()).toEqual(all.items.filter((r) => r.under_warranty === true).map((r) => r.id).sort());
    const sorted = await runtime.records.list(app, 'ticket', { sort: [{ field: 'under_warranty', direction: 'desc' }, { field: 'summary', direction: 'asc' }], pageSize: 2 }, admin);
    const next = await runtime.records.list(app, 'ticket', { sort: [{ field: 'under_warranty', direction: 'desc' }, { field: 'summary', direction: 'asc' }], pageSize: 500, cursor: sorted.nextCursor }, admin);
    // Descending puts empty values first, as for stored fields.
    const order = [...sorted.items, ...next.items].map((r) => (r.under_warranty === true ? 2 : r.under_warranty === false ? 1 : 3));
    expect(order).toEqual([...order].sort((a, b) => b - a));
  });

  it('keeps no value in the column of a live formula', async () => {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM app_service_desk.ticket WHERE under_warranty IS NOT NULL OR customer_tier IS NOT NULL`.execute(runtime.database.db);
    expect(rows[0]!.n).toBe(0);
  });
});

describe('formulas over the clock', () => {
  it('counts days open from today in the app time zone, and filters by it', async () => {
    const reported = `${shanghaiDay(-3)}T04:00:00Z`;
    const one = await runtime.records.create(app, 'ticket', ticket({ title: 'Clock', reported_at: reported }), admin);
    expect(one.days_open).toBe(3);
    const asset = await runtime.records.create(app, 'asset', { serial: 'SN-400', customer, warranty_end: shanghaiDay(0) }, admin);
    expect(asset.in_warranty).toBe(true);
    const page = await runtime.records.list(app, 'ticket', { filter: { and: [{ field: 'days_open', op: 'eq', value: 3 }, { field: 'title', op: 'eq', value: 'Clock' }] } }, admin);
    expect(page.items.map((r) => r.id)).toEqual([one.id]);
    await runtime.records.update(app, 'ticket', one.id as number, { status: 'resolved' }, admin);
    expect((await runtime.records.get(app, 'ticket', one.id as number)).days_open).toBeNull();
  });
});

describe('live formulas and permissions', () => {
  const technician = { userId: 5, timeZone: 'Asia/Shanghai', permissions: { subject: { userId: 5, departmentTree: [], roleKeys: ['technician'] } } };
  const agent = { userId: 6, timeZone: 'Asia/Shanghai', permissions: { subject: { userId: 6, departmentTree: [], roleKeys: ['agent'] } } };

  it('reads a related value the reader may not read as NULL, in reads and filters alike', async () => {
    await addPeople(runtime, { users: [5, 6] });
    const one = await runtime.records.create(app, 'ticket', ticket({ title: 'Assigned', asset: covered, technician: 5 }), admin);
    // The agent may read assets: the formula follows the asset.
    expect((await runtime.records.get(app, 'ticket', one.id as number, {}, agent)).under_warranty).toBe(true);
    // The technician may not read assets; the role names the formula, so it is shown, without the asset's value.
    const seen = await runtime.records.get(app, 'ticket', one.id as number, {}, technician);
    expect(seen.under_warranty).toBeNull();
    // Formulas over the customer, which the technician may not read, are hidden (decision 012).
    expect(seen).not.toHaveProperty('customer_tier');
    const filtered = await runtime.records.list(app, 'ticket', { filter: { field: 'under_warranty', op: 'eq', value: true } }, technician);
    expect(filtered.items).toEqual([]);
    const empty = await runtime.records.list(app, 'ticket', { filter: { field: 'under_warranty', op: 'isEmpty' } }, technician);
    expect(empty.items.map((r) => r.id)).toEqual([one.id]);
  });
});

describe('live formulas at publish', () => {
  it('refuses a function without a SQL translation in a live formula, and a live line-item formula, at their paths', async () => {
    const bundle = serviceDeskBundle();
    bundle.app.key = 'desk_refused';
    const ticketEntity = bundle.entities.findIndex((e) => e.key === 'ticket');
    const fields = bundle.entities[ticketEntity]!.fields;
    const summary = fields.findIndex((f) => f.key === 'summary');
    fields[summary] = { ...fields[summary]!, expression: "TEXT(asset.warranty_end) & ' ' & title" } as (typeof fields)[number];
    const parts = fields.findIndex((f) => f.key === 'parts');
    const lines = fields[parts]!;
    if (lines.type !== 'lineItems') throw new Error('parts are line items');
    lines.fields.push({ key: 'list_price', label: { 'zh-CN': '目录价', en: 'List price' }, type: 'formula', expression: 'part.unit_price', resultType: 'currency' });
    const error = await runtime.apps.publish(bundle, { actor: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetadataValidationError);
    expect((error as MetadataValidationError).errors.map((e) => `${e.path} ${e.code}`)).toEqual([
      `/entities/${ticketEntity}/fields/${parts}/fields/${lines.fields.length - 1}/expression expression.liveInLineItems`,
      `/entities/${ticketEntity}/fields/${summary}/expression expression.notTranslatable`,
    ]);
  });
});

describe('a role scope over a live formula', () => {
  it('lets a warranty desk see exactly the tickets reported under warranty', async () => {
    const bundle = serviceDeskBundle();
    bundle.app.version = '1.0.1';
    bundle.roles!.push({
      key: 'warranty_desk',
      label: { 'zh-CN': '保修组', en: 'Warranty desk' },
      version: 1,
      permissions: [{ entity: 'ticket', actions: { read: { filter: { field: 'under_warranty', op: 'eq', value: true } } } }, { entity: 'asset', actions: { read: 'all' } }],
    });
    await runtime.apps.publish(bundle, { actor: 1 });
    await addPeople(runtime, { users: [7] });
    const desk = { userId: 7, timeZone: 'Asia/Shanghai', permissions: { subject: { userId: 7, departmentTree: [], roleKeys: ['warranty_desk'] } } };
    const seen = await runtime.records.list(app, 'ticket', { pageSize: 500 }, desk);
    const all = await runtime.records.list(app, 'ticket', { pageSize: 500 }, admin);
    expect(seen.items.length).toBeGreaterThan(0);
    expect(seen.items.map((r) => r.id).sort()).toEqual(all.items.filter((r) => r.under_warranty === true).map((r) => r.id).sort());
  });
});
