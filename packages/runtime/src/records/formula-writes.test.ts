import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import { admin, openTestRuntime } from '../testing/runtime-fixture.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await openTestRuntime();
});
afterAll(() => runtime.close());

describe('formulas after updates', () => {
  it('recomputes a product of two fields from the whole record when one input changes', async () => {
    const deal = await runtime.records.create('sales', 'deal', { name: 'Patch one input', budget: 1000, probability: 50, stage: 'proposal', lines: [{ qty: 2, price: 10 }] }, admin);
    expect(deal.weighted).toBe(500);
    const updated = await runtime.records.update('sales', 'deal', deal.id as number, { probability: 20 }, admin, 1);
    expect(updated).toMatchObject({ weighted: 200, total: 20, version: 2 });
    const read = await runtime.records.get('sales', 'deal', deal.id as number);
    expect(read).toMatchObject({ weighted: 200, total: 20 });
    const [change] = await runtime.records.history('sales', 'deal', deal.id as number);
    expect(change!.changes.weighted).toEqual({ from: 500, to: 200 });
  });

  it('sums the line items after a line is added, and keeps the other formulas', async () => {
    const deal = await runtime.records.create('sales', 'deal', { name: 'Add a line', budget: 1000, probability: 50, stage: 'proposal', lines: [{ qty: 2, price: 10 }] }, admin);
    await runtime.records.update('sales', 'deal', deal.id as number, { lines: [{ qty: 2, price: 10 }, { qty: 1, price: 5 }] }, admin, 1);
    const read = await runtime.records.get('sales', 'deal', deal.id as number);
    expect(read).toMatchObject({ total: 25, weighted: 500 });
    expect((read.lines as { line_total: number }[]).map((l) => l.line_total)).toEqual([20, 5]);
  });

  it('keeps the sum of unchanged line items when only a plain field changes', async () => {
    const deal = await runtime.records.create('sales', 'deal', { name: 'Rename', budget: 10, probability: 10, stage: 'proposal', lines: [{ qty: 3, price: 2 }] }, admin);
    await runtime.records.update('sales', 'deal', deal.id as number, { name: 'Renamed' }, admin, 1);
    const page = await runtime.records.list('sales', 'deal', { filter: { field: 'total', op: 'eq', value: 6 } }, admin);
    expect(page.items.map((r) => r.id)).toContain(deal.id);
    expect((await runtime.records.get('sales', 'deal', deal.id as number)).weighted).toBe(1);
  });
});
