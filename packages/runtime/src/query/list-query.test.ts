import { PipewrightError } from '@pipewright/engines';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import { admin, openTestRuntime } from '../testing/runtime-fixture.ts';

let runtime: Runtime;
let accounts: number[];
beforeAll(async () => {
  runtime = await openTestRuntime();
  const created = await runtime.records.createMany('sales', 'account', [
    { name: 'Acme Retail', industry: 'retail' },
    { name: '上海星辰科技', industry: 'tech' },
    { name: 'Zenith', industry: null },
  ], admin);
  accounts = created.map((a) => a.id as number);
  const deals = Array.from({ length: 120 }, (_, i) => ({
    name: i % 10 === 0 ? `星辰 renewal ${i}` : `Deal ${i}`,
    budget: i % 7 === 0 ? null : (i * 37) % 100,
    stage: ['initial', 'analysis', 'proposal', 'negotiation', 'won', 'lost'][i % 6],
    account: accounts[i % 3],
  }));
  await runtime.records.createMany('sales', 'deal', deals, admin);
});
afterAll(() => runtime.close());

async function allPages(query: Parameters<Runtime['records']['list']>[2]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await runtime.records.list('sales', 'deal', { ...query, cursor, count: 'none' }, admin);
    items.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return items;
}

describe('lists', () => {
  it('pages by cursor through every record exactly once, in order, nulls included', async () => {
    const all = await allPages({ sort: [{ field: 'budget', direction: 'desc' }], pageSize: 7, fields: ['budget'] });
    expect(all).toHaveLength(120);
    expect(new Set(all.map((r) => r.id)).size).toBe(120);
    const budgets = all.map((r) => r.budget as number | null);
    const firstNonNull = budgets.findIndex((b) => b !== null);
    expect(budgets.slice(0, firstNonNull).every((b) => b === null)).toBe(true); // desc: nulls first
    const values = budgets.slice(firstNonNull) as number[];
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it('pages ascending with nulls last, and by a related field', async () => {
    const asc = await allPages({ sort: [{ field: 'budget', direction: 'asc' }, { field: 'name' }], pageSize: 9, fields: ['budget', 'name'] });
    expect(asc).toHaveLength(120);
    expect(asc[asc.length - 1]!.budget).toBeNull();
    const byAccount = await allPages({ sort: [{ field: 'account.name', direction: 'asc' }], pageSize: 11, fields: ['account'], expand: ['account'] });
    expect(byAccount).toHaveLength(120);
    const names = byAccount.map((r) => (r.account as { name: string }).name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('filters across a relation', async () => {
    const page = await runtime.records.list('sales', 'deal', { filter: { field: 'account.industry', op: 'eq', value: 'retail' }, pageSize: 500 }, admin);
    expect(page.items).toHaveLength(40);
    expect(page.total).toBe(40);
    expect(page.totalKind).toBe('exact');
  });

  it('searches searchable fields, in Chinese too', async () => {
    const page = await runtime.records.list('sales', 'deal', { search: '星辰', pageSize: 500 }, admin);
    expect(page.items).toHaveLength(12);
    const words = await runtime.records.list('sales', 'deal', { search: 'RENEWAL 星辰', pageSize: 500 }, admin);
    expect(words.items).toHaveLength(12);
  });

  it('offers offset pages and exact or estimated counts', async () => {
    const page = await runtime.records.list('sales', 'deal', { sort: [{ field: 'name' }], pageSize: 10, offset: 20, count: 'exact' }, admin);
    expect(page.items).toHaveLength(10);
    expect(page.total).toBe(120);
    expect(page.totalKind).toBe('exact');
    const estimate = await runtime.records.list('sales', 'deal', { pageSize: 10, count: 'estimate' }, admin);
    expect(estimate.totalKind).toBe('estimate');
    expect(estimate.total).toBeGreaterThan(0);
  });

  it('lists the related records of a record', async () => {
    const related = await runtime.records.related('sales', 'account', accounts[0]!, 'deals', { pageSize: 500 }, admin);
    expect(related.entity).toBe('deal');
    expect(related.items).toHaveLength(40);
    const tag = await runtime.records.create('sales', 'tag', { name: 'strategic' }, admin);
    const deal = await runtime.records.create('sales', 'deal', { name: 'tagged', tags: [tag.id] }, admin);
    const tags = await runtime.records.related('sales', 'deal', deal.id as number, 'tags', {}, admin);
    expect(tags.items.map((t) => t.name)).toEqual(['strategic']);
  });

  it('refuses bad queries with the path of the problem', async () => {
    const attempts: [Parameters<Runtime['records']['list']>[2], string][] = [
      [{ filter: { field: 'nope', op: 'eq', value: 1 } }, '/filter/field'],
      [{ filter: { field: 'budget', op: 'contains', value: 'x' } }, '/filter/op'],
      [{ filter: { field: 'budget', op: 'eq', value: 'lots' } }, '/filter/value'],
      [{ sort: [{ field: 'lines' }] }, '/sort/0/field'],
      [{ pageSize: 0 }, '/pageSize'],
      [{ cursor: 'not-a-cursor' }, '/cursor'],
      [{ fields: ['budget; drop table x'] }, '/fields'],
    ];
    for (const [query, path] of attempts) {
      const error = await runtime.records.list('sales', 'deal', query, admin).catch((e: unknown) => e);
      expect(error, JSON.stringify(query)).toBeInstanceOf(PipewrightError);
      expect((error as PipewrightError).problems[0]!.path, JSON.stringify(query)).toBe(path);
    }
    let deep: unknown = { field: 'name', op: 'eq', value: 'x' };
    for (let i = 0; i < 40; i++) deep = { not: deep };
    const error = await runtime.records.list('sales', 'deal', { filter: deep as never }, admin).catch((e: unknown) => e);
    expect((error as PipewrightError).problems[0]!.code).toBe('filter.tooDeep');
  });

  it('keeps values that look like SQL as plain values', async () => {
    const name = "x'); DROP TABLE app_sales.deal; --";
    const created = await runtime.records.create('sales', 'deal', { name }, admin);
    const page = await runtime.records.list('sales', 'deal', { filter: { field: 'name', op: 'eq', value: name } }, admin);
    expect(page.items.map((r) => r.id)).toEqual([created.id]);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM app_sales.deal`.execute(runtime.database.db);
    expect(rows[0]!.n).toBeGreaterThan(100);
  });
});
