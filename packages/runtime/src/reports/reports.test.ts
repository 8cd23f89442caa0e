/**
 * Every sample report's numbers against an independent computation over the same rows (see
 * report-reference.ts), for the admin, a rep (own deals), the sales manager (department tree) and
 * finance (a filter scope), on PGlite and (with DATABASE_URL) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import type { ReportResult } from './reports.ts';
import { expectedResults, fetchSalesRows, type Expected, type SalesRows, type Viewer } from './report-reference.ts';
import { actorOf, appKey, openSalesData, salesApp } from './sales-data.fixture.ts';

let runtime: Runtime;
let data: SalesRows;
const now = new Date('2026-12-01T04:00:00Z');
const today = '2026-12-01';
beforeAll(async () => {
  runtime = await openSalesData({ opportunities: 90 });
  data = await fetchSalesRows(runtime);
}, 240_000);
afterAll(() => runtime?.close());

const viewers: [string, Viewer, ReturnType<typeof actorOf>][] = [
  ['the admin', { kind: 'admin' }, actorOf(1, [], true)],
  ['a rep', { kind: 'rep', userId: 3 }, actorOf(3, ['sales_rep'])],
  ['the sales manager', { kind: 'manager', userId: 2 }, actorOf(2, ['sales_manager'])],
  ['finance', { kind: 'finance' }, actorOf(9, ['finance'])],
];

/** Rows in a stable order with numbers rounded, so float sums compare. */
function normal(rows: Record<string, unknown>[] | undefined, dimensions: string[]): Record<string, unknown>[] {
  const round = (v: unknown) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v);
  return (rows ?? [])
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)])))
    .sort((a, b) => JSON.stringify(dimensions.map((d) => a[d] ?? null)).localeCompare(JSON.stringify(dimensions.map((d) => b[d] ?? null))));
}

describe.each(viewers)('sample reports as %s', (_, viewer, actor) => {
  for (const report of salesApp.reports ?? []) {
    it(`${report.key} matches the plain computation`, async () => {
      const expected = expectedResults(data, viewer, today)[report.key];
      expect(expected, `no reference for ${report.key}`).toBeDefined();
      const run = runtime.reports.run(appKey, report.key, {}, actor, now);
      if (expected === 'forbidden') return void (await expect(run).rejects.toMatchObject({ code: 'permission.denied' }));
      const result: ReportResult = await run;
      const want = expected as Expected;
      const dims = (report.dimensions ?? []).map((d) => d.key);
      expect(normal(result.rows, dims)).toEqual(normal(want.rows, dims));
      expect(normal([result.totals], [])).toEqual(normal([want.totals], []));
      if (want.rowTotals) expect(normal(result.rowTotals, dims)).toEqual(normal(want.rowTotals, dims));
      if (want.columnTotals) expect(normal(result.columnTotals, dims)).toEqual(normal(want.columnTotals, dims));
      expect(result.rows.length, 'the data should exercise the report').toBeGreaterThan(viewer.kind === 'admin' ? 0 : -1);
    });
  }
});
