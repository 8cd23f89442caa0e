import { RecordValidationError } from '@pipewright/engines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Runtime } from '../runtime.ts';
import { addPeople, admin, openTestRuntime } from '../testing/runtime-fixture.ts';
import { RecordNotFoundError, StaleRecordError } from './errors.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await openTestRuntime();
  await addPeople(runtime, { departments: [3] });
});
afterAll(() => runtime.close());

const full = {
  name: '星辰科技 deal',
  company: '上海星辰科技有限公司',
  notes: 'long\ntext',
  body: '<p>Hello <b>world</b></p>',
  quantity: 12.5,
  budget: 120000.55,
  probability: 40,
  close_date: '2026-12-31',
  met_at: '2026-11-20T08:30:00.000Z',
  vip: true,
  stage: 'proposal',
  channels: ['web', 'fair'],
  industry: ['mfg', 'auto'],
  region: ['310000', '310100', '310115'],
  team: 3,
  files: [{ id: 'f1', name: 'quote.pdf', size: 1024, mimeType: 'application/pdf' }],
  photos: [{ id: 'p1', name: 'site.jpg' }],
  signed: [{ id: 's1', name: 'signature.png' }],
  place: { lat: 31.23, lng: 121.47, address: '上海市浦东新区' },
  email: 'Buyer@Example.COM ',
  phone: '+86 138-0013-8000',
  website: 'https://example.com/a?b=c',
  rating: 4,
};

describe('records', () => {
  it('round-trips every field type, normalising and computing on the server', async () => {
    const product = await runtime.records.create('sales', 'product', { name: 'Widget', price: 10 }, admin);
    const tag = await runtime.records.create('sales', 'tag', { name: 'hot' }, admin);
    const created = await runtime.records.create(
      'sales',
      'deal',
      { ...full, tags: [tag.id], lines: [{ product: product.id, qty: 3, price: 9.99 }, { qty: 1, price: 100 }] },
      admin,
    );
    const read = await runtime.records.get('sales', 'deal', created.id as number);
    const { email, phone, ...rest } = full;
    expect(read).toMatchObject(rest);
    expect(read.email).toBe('buyer@example.com');
    expect(read.phone).toBe('13800138000');
    expect(read.sales_rep).toBe(admin.userId);
    expect(read.owner_id).toBe(admin.userId);
    expect(read.created_by).toBe(admin.userId);
    expect(read.version).toBe(1);
    expect(read.weighted).toBe(48000.22);
    expect(read.tags).toEqual([tag.id]);
    expect(read.lines).toMatchObject([
      { product: product.id, qty: 3, price: 9.99, line_total: 29.97 },
      { product: null, qty: 1, price: 100, line_total: 100 },
    ]);
    expect(read.total).toBe(129.97);
    expect(String(read.number)).toMatch(/^OPP-\d{6}-\d{4}$/);
    expect(email && phone).toBeTruthy();
  });

  it('reports every invalid field with its path, and writes nothing', async () => {
    const before = await count('deal');
    const error = await runtime.records
      .create('sales', 'deal', { name: '', budget: 'lots', stage: 'nope', phone: '12345', lines: [{ qty: -1 }], weighted: 5, bogus: 1 }, admin)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordValidationError);
    const paths = (error as RecordValidationError).problems.map((p) => `${p.path} ${p.code}`).sort();
    expect(paths).toEqual(
      ['/bogus schema.unknownProperty', '/budget schema.type', '/lines/0/price schema.required', '/lines/0/qty schema.minimum', '/stage schema.enum', '/weighted record.readOnly'].sort(),
    );
    expect(await count('deal')).toBe(before);
  });

  it('refuses a duplicate company name after normalisation', async () => {
    await runtime.records.create('sales', 'deal', { name: 'a', company: '北京月光有限公司' }, admin);
    const error = await runtime.records.create('sales', 'deal', { name: 'b', company: '北京月光' }, admin).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordValidationError);
    expect((error as RecordValidationError).problems).toEqual([{ path: '/company', code: 'record.duplicate', message: 'is already used' }]);
  });

  it('locks optimistically: a stale version gets a conflict', async () => {
    const deal = await runtime.records.create('sales', 'deal', { name: 'lock me' }, admin);
    const id = deal.id as number;
    const updated = await runtime.records.update('sales', 'deal', id, { budget: 100 }, admin, 1);
    expect(updated.version).toBe(2);
    await expect(runtime.records.update('sales', 'deal', id, { budget: 200 }, admin, 1)).rejects.toBeInstanceOf(StaleRecordError);
    expect((await runtime.records.get('sales', 'deal', id)).budget).toBe(100);
  });

  it('does not bump the version when nothing changes', async () => {
    const deal = await runtime.records.create('sales', 'deal', { name: 'same', budget: 5 }, admin);
    const again = await runtime.records.update('sales', 'deal', deal.id as number, { budget: 5 }, admin);
    expect(again.version).toBe(1);
  });

  it('soft-deletes, restores and purges', async () => {
    const deal = await runtime.records.create('sales', 'deal', { name: 'bin' }, admin);
    const id = deal.id as number;
    await runtime.records.delete('sales', 'deal', [id], admin);
    await expect(runtime.records.get('sales', 'deal', id)).rejects.toBeInstanceOf(RecordNotFoundError);
    const bin = await runtime.records.list('sales', 'deal', { deleted: true, filter: { field: 'id', op: 'eq', value: id } }, admin);
    expect(bin.items.map((r) => r.id)).toEqual([id]);
    await runtime.records.restore('sales', 'deal', [id], admin);
    expect((await runtime.records.get('sales', 'deal', id)).name).toBe('bin');
    await expect(runtime.records.purge('sales', 'deal', [id], admin)).rejects.toBeInstanceOf(RecordNotFoundError); // must be in the bin first
    await runtime.records.delete('sales', 'deal', [id], admin);
    await runtime.records.purge('sales', 'deal', [id], admin);
    await expect(runtime.records.get('sales', 'deal', id, { includeDeleted: true })).rejects.toBeInstanceOf(RecordNotFoundError);
    const history = await runtime.records.history('sales', 'deal', id);
    expect(history.map((h) => h.action)).toEqual(['purge', 'delete', 'restore', 'delete', 'create']);
    expect(history[4]!.changes.name).toEqual({ to: 'bin' });
  });

  it('keeps an audit trail of changed fields with before and after', async () => {
    const deal = await runtime.records.create('sales', 'deal', { name: 'audit', budget: 10, probability: 50 }, admin);
    const id = deal.id as number;
    await runtime.records.update('sales', 'deal', id, { budget: 20, stage: 'won' }, admin);
    const history = await runtime.records.history('sales', 'deal', id);
    expect(history.map((h) => h.action)).toEqual(['update', 'create']);
    expect(history[0]!.changes).toEqual({
      budget: { from: 10, to: 20 },
      stage: { from: 'initial', to: 'won' },
      weighted: { from: 5, to: 10 },
    });
    expect(history[1]!.changes).toMatchObject({ name: { to: 'audit' }, budget: { to: 10 }, stage: { to: 'initial' }, weighted: { to: 5 } });
    expect(history[1]!.actor).toBe(admin.userId);
    expect(history[0]!.actor).toBe(admin.userId);
  });

  it('creates in bulk all or nothing', async () => {
    const before = await count('tag');
    const error = await runtime.records.createMany('sales', 'tag', [{ name: 'x1' }, { name: 'x2' }, { name: 'X1' }], admin).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordValidationError);
    expect((error as RecordValidationError).problems[0]!.path).toBe('/2/name');
    expect(await count('tag')).toBe(before);
    const created = await runtime.records.createMany('sales', 'tag', Array.from({ length: 300 }, (_, i) => ({ name: `bulk-${i}` })), admin);
    expect(created).toHaveLength(300);
    expect(new Set(created.map((r) => r.id)).size).toBe(300);
    expect(await count('tag')).toBe(before + 300);
  });

  it('never repeats an auto-number under concurrent creates', async () => {
    const created = await Promise.all(Array.from({ length: 40 }, (_, i) => runtime.records.create('sales', 'deal', { name: `parallel ${i}` }, admin)));
    const numbers = created.map((r) => r.number as string);
    expect(new Set(numbers).size).toBe(40);
  });

  it('refuses a relation to a record that does not exist', async () => {
    const error = await runtime.records.create('sales', 'deal', { name: 'orphan', account: 999999 }, admin).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordValidationError);
    expect((error as RecordValidationError).problems[0]).toMatchObject({ path: '/account', code: 'record.unknownReference' });
  });

  it('expands related records in the same query', async () => {
    const account = await runtime.records.create('sales', 'account', { name: 'Acme', industry: 'retail' }, admin);
    const deal = await runtime.records.create('sales', 'deal', { name: 'expand', account: account.id }, admin);
    const read = await runtime.records.get('sales', 'deal', deal.id as number, { expand: ['account'], fields: ['name', 'account'] });
    expect(read.account).toMatchObject({ id: account.id, name: 'Acme', industry: 'retail' });
    expect(read).not.toHaveProperty('budget');
  });
});

async function count(entity: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(`app_sales.${entity}`)}`.execute(runtime.database.db);
  return rows[0]!.n;
}
