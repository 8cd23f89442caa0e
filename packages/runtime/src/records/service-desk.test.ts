// The service desk app (a second domain, see testing/service-desk.ts) through the runtime API:
// formulas that must be right after every write, and values that must be refused, not rounded.
import { RecordValidationError } from '@pipewright/engines';
import type { Filter } from '@pipewright/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import { addPeople, admin, openTestRuntime } from '../testing/runtime-fixture.ts';
import { serviceDeskBundle } from '../testing/service-desk.ts';

const app = 'service_desk';
let runtime: Runtime;
let customer: number;
let asset: number;
let bolt: number;
let gear: number;

beforeAll(async () => {
  runtime = await openTestRuntime(serviceDeskBundle());
  customer = (await runtime.records.create(app, 'customer', { name: '华东机床厂', tier: 'gold' }, admin)).id as number;
  asset = (await runtime.records.create(app, 'asset', { serial: 'SN-1', customer, warranty_end: '2026-06-30' }, admin)).id as number;
  bolt = (await runtime.records.create(app, 'part', { name: 'Bolt', unit_price: 2.5, stock: 100 }, admin)).id as number;
  gear = (await runtime.records.create(app, 'part', { name: 'Gear', unit_price: 40, stock: 5 }, admin)).id as number;
});
afterAll(() => runtime.close());

/** The problems of a refused write, as `path code` lines. */
async function refusal(write: Promise<unknown>): Promise<string[]> {
  const error = await write.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RecordValidationError);
  return (error as RecordValidationError).problems.map((p) => `${p.path} ${p.code}`);
}

const ticket = (extra: Record<string, unknown> = {}) => ({ title: 'Spindle noise', customer, asset, reported_at: '2026-05-01T09:00:00Z', ...extra });

describe('service desk: stored formulas after writes', () => {
  it('keeps the totals right after a PATCH of one input and after a line is added', async () => {
    const created = await runtime.records.create(app, 'ticket', ticket({ labour_hours: 2, hourly_rate: 100, parts: [{ part: bolt, qty: 4, unit_price: 2.5 }] }), admin);
    expect(created).toMatchObject({ parts_total: 10, labour_total: 200, amount_total: 210 });
    await runtime.records.update(app, 'ticket', created.id as number, { labour_hours: 3 }, admin, 1);
    expect(await runtime.records.get(app, 'ticket', created.id as number)).toMatchObject({ parts_total: 10, labour_total: 300, amount_total: 310 });
    await runtime.records.update(app, 'ticket', created.id as number, { parts: [{ part: bolt, qty: 4, unit_price: 2.5 }, { part: gear, qty: 1, unit_price: 40 }] }, admin, 2);
    expect(await runtime.records.get(app, 'ticket', created.id as number)).toMatchObject({ parts_total: 50, amount_total: 350 });
  });
});

describe('service desk: values that do not fit are refused, not rounded', () => {
  it('refuses 1.5 in a number of scale 0 and 0.123456 in a percent of scale 2, naming the field', async () => {
    expect(await refusal(runtime.records.create(app, 'part', { name: 'Half', unit_price: 1, stock: 1.5 }, admin))).toEqual(['/stock record.invalidValue']);
    expect(await refusal(runtime.records.create(app, 'part', { name: 'Rate', unit_price: 1, margin_rate: 0.123456 }, admin))).toEqual(['/margin_rate record.invalidValue']);
    expect(await refusal(runtime.records.create(app, 'ticket', ticket({ parts: [{ part: bolt, qty: 1.5 }] }), admin))).toEqual(['/parts/0/qty record.invalidValue']);
  });
});

describe('service desk: formulas that cannot be stored are the input\'s fault', () => {
  it('refuses a computed total its column cannot hold, naming the formula', async () => {
    const problems = await refusal(runtime.records.create(app, 'ticket', ticket({ labour_hours: 1e14, hourly_rate: 1e14 }), admin));
    expect(problems).toEqual(expect.arrayContaining(['/labour_total record.outOfRange', '/amount_total record.outOfRange']));
  });

  it('refuses a line total that overflows, naming the line, and writes nothing', async () => {
    const created = await runtime.records.create(app, 'ticket', ticket(), admin);
    const problems = await refusal(runtime.records.update(app, 'ticket', created.id as number, { parts: [{ part: bolt, qty: 1 }, { part: gear, qty: 1e15, unit_price: 1e15 }] }, admin));
    expect(problems).toContain('/parts/1/line_total record.outOfRange');
    expect(await runtime.records.get(app, 'ticket', created.id as number)).toMatchObject({ version: 1, parts: [] });
  });
});

describe('service desk: a calendar view on a date-time formula', () => {
  it('is published, and its date range filter runs on the formula', async () => {
    const view = serviceDeskBundle().views!.find((v) => v.key === 'ticket_due')!;
    expect(view).toMatchObject({ type: 'calendar', startField: 'due_at' });
    const early = await runtime.records.create(app, 'ticket', ticket({ title: 'Calendar A', reported_at: '2026-07-01T02:00:00Z' }), admin);
    const late = await runtime.records.create(app, 'ticket', ticket({ title: 'Calendar B', reported_at: '2026-07-20T02:00:00Z' }), admin);
    expect(early.due_at).toBe('2026-07-04T02:00:00.000Z');
    const july: Filter = { and: [{ field: 'due_at', op: 'gte', value: '2026-07-01T00:00:00+08:00' }, { field: 'due_at', op: 'lt', value: '2026-07-10T00:00:00+08:00' }] };
    const page = await runtime.records.list(app, 'ticket', { filter: july, sort: [{ field: 'due_at', direction: 'asc' }] }, admin);
    const ids = page.items.map((r) => r.id);
    expect(ids).toContain(early.id);
    expect(ids).not.toContain(late.id);
  });
});

describe('service desk: values copied from the picked record', () => {
  it('copies the unit price from the part on create, unless the line gives its own', async () => {
    const created = await runtime.records.create(app, 'ticket', ticket({ parts: [{ part: bolt, qty: 4 }, { part: gear, qty: 1, unit_price: 35 }] }), admin);
    expect(created.parts).toMatchObject([{ part: bolt, unit_price: 2.5, line_total: 10 }, { part: gear, unit_price: 35, line_total: 35 }]);
    expect(created.parts_total).toBe(45);
  });

  it('keeps the copy when the part changes its price later, and copies again when another part is picked', async () => {
    const part = (await runtime.records.create(app, 'part', { name: 'Belt', unit_price: 12 }, admin)).id as number;
    const created = await runtime.records.create(app, 'ticket', ticket({ parts: [{ part, qty: 1 }] }), admin);
    await runtime.records.update(app, 'part', part, { unit_price: 15 }, admin);
    expect((await runtime.records.get(app, 'ticket', created.id as number)).parts).toMatchObject([{ unit_price: 12 }]);
    const updated = await runtime.records.update(app, 'ticket', created.id as number, { parts: [{ part, qty: 1, unit_price: 12 }, { part: gear, qty: 2 }] }, admin);
    expect(updated.parts).toMatchObject([{ unit_price: 12 }, { part: gear, unit_price: 40, line_total: 80 }]);
    expect(updated.parts_total).toBe(92);
  });

  it('copies only what the writer may read: a cost hidden from the agent stays empty', async () => {
    const bundle = serviceDeskBundle();
    bundle.app.key = 'desk_costs';
    const lines = bundle.entities.find((e) => e.key === 'ticket')!.fields.find((f) => f.key === 'parts')!;
    if (lines.type !== 'lineItems') throw new Error('parts are line items');
    lines.fields.push({ key: 'unit_cost', label: { 'zh-CN': '成本', en: 'Cost' }, type: 'currency', scale: 2 });
    const relation = lines.fields.find((f) => f.key === 'part')!;
    if (relation.type !== 'relation') throw new Error('part is a relation');
    relation.copyFields = [{ from: 'unit_price', to: 'unit_price' }, { from: 'cost', to: 'unit_cost' }];
    await runtime.apps.publish(bundle, { actor: 1 });
    await addPeople(runtime, { users: [6] });
    const agent = { userId: 6, timeZone: 'Asia/Shanghai', permissions: { subject: { userId: 6, departmentTree: [], roleKeys: ['agent'] } } };
    const owner = (await runtime.records.create('desk_costs', 'customer', { name: 'Costs' }, admin)).id as number;
    const part = (await runtime.records.create('desk_costs', 'part', { name: 'Valve', unit_price: 30, cost: 18 }, admin)).id as number;
    const byAgent = await runtime.records.create('desk_costs', 'ticket', { title: 'Agent', customer: owner, reported_at: '2026-05-01T09:00:00Z', parts: [{ part, qty: 1 }] }, agent);
    const byAdmin = await runtime.records.create('desk_costs', 'ticket', { title: 'Admin', customer: owner, reported_at: '2026-05-01T09:00:00Z', parts: [{ part, qty: 1 }] }, admin);
    expect((await runtime.records.get('desk_costs', 'ticket', byAgent.id as number)).parts).toMatchObject([{ unit_price: 30, unit_cost: null }]);
    expect((await runtime.records.get('desk_costs', 'ticket', byAdmin.id as number)).parts).toMatchObject([{ unit_price: 30, unit_cost: 18 }]);
  });

  it('copies on the top level when the relation changes, and only then', async () => {
    const bundle = serviceDeskBundle();
    bundle.app.version = '1.1.0';
    const ticketEntity = bundle.entities.find((e) => e.key === 'ticket')!;
    ticketEntity.fields.push({ key: 'customer_phone', label: { 'zh-CN': '客户电话', en: 'Customer phone' }, type: 'phone' });
    const relation = ticketEntity.fields.find((f) => f.key === 'customer')!;
    if (relation.type !== 'relation') throw new Error('customer is a relation');
    relation.copyFields = [{ from: 'phone', to: 'customer_phone' }];
    await runtime.apps.publish(bundle, { actor: 1 });
    const first = (await runtime.records.create(app, 'customer', { name: 'First', phone: '13800138000' }, admin)).id as number;
    const second = (await runtime.records.create(app, 'customer', { name: 'Second', phone: '13900139000' }, admin)).id as number;
    const created = await runtime.records.create(app, 'ticket', ticket({ customer: first }), admin);
    expect(created.customer_phone).toBe('13800138000');
    await runtime.records.update(app, 'ticket', created.id as number, { customer_phone: '13700137000' }, admin);
    expect((await runtime.records.update(app, 'ticket', created.id as number, { customer: first, title: 'Same customer' }, admin)).customer_phone).toBe('13700137000');
    expect((await runtime.records.update(app, 'ticket', created.id as number, { customer: second }, admin)).customer_phone).toBe('13900139000');
  });
});
