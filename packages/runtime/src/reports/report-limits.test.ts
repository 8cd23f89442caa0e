/**
 * The edges of a report's result: a row cap with a clear refusal, a limit that cuts instead, and
 * a top N whose "others" row aggregates (also distinct counts) and drills into exactly the rest.
 */
import type { AppBundle, Report } from '@pipewright/metadata';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import { addPeople, openTestRuntime } from '../testing/runtime-fixture.ts';

const l = (en: string) => ({ 'zh-CN': en, en });
const bundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'limits', name: l('Limits'), version: '1.0.0' },
  entities: [{ key: 'deal', label: l('Deal'), version: 1, fields: [{ key: 'region', label: l('Region'), type: 'text' }, { key: 'amount', label: l('Amount'), type: 'number' }] }],
};
const system = { userId: 1 };
const report = (definition: Partial<Report>): Report => ({ key: 'probe', label: l('probe'), version: 1, entity: 'deal', measures: [{ key: 'n', aggregate: 'count' }], ...definition });
let runtime: Runtime;

// 10,001 deals: owner i % 20 + 1, amount i, region r<i % 7> (and none for every 13th).
beforeAll(async () => {
  runtime = await openTestRuntime(bundle);
  await addPeople(runtime, { users: Array.from({ length: 20 }, (_, i) => i + 1) });
  await sql`INSERT INTO app_limits.deal (created_by, owner_id, region, amount)
            SELECT 1, i % 20 + 1, CASE WHEN i % 13 = 0 THEN NULL ELSE 'r' || (i % 7) END, i FROM generate_series(1, 10001) AS i`.execute(runtime.database.db);
}, 60_000);
afterAll(() => runtime?.close());

describe('report limits', () => {
  it('refuses more than 10,000 groups with advice, and cuts at an explicit limit', async () => {
    const tooMany = runtime.reports.preview('limits', report({ dimensions: [{ key: 'id', field: 'id' }] }), {}, system);
    await expect(tooMany).rejects.toMatchObject({ code: 'report.tooManyRows', message: expect.stringContaining('filter it') });
    const cut = await runtime.reports.preview('limits', report({ dimensions: [{ key: 'id', field: 'id' }], sort: [{ column: 'id', direction: 'desc' }], limit: 3 }), {}, system);
    expect(cut.rows).toEqual([{ id: 10001, n: 1 }, { id: 10000, n: 1 }, { id: 9999, n: 1 }]);
    expect(cut.truncated).toBe(true);
    expect(cut.totals).toEqual({ n: 10001 });
  });

  it.each([
    ['partials', [{ key: 'amount', aggregate: 'sum', field: 'amount' }, { key: 'avg', aggregate: 'avg', field: 'amount' }, { key: 'n', aggregate: 'count' }]],
    ['distinct counts', [{ key: 'amount', aggregate: 'sum', field: 'amount' }, { key: 'owners', aggregate: 'countDistinct', field: 'owner_id' }]],
  ] as const)('gathers the values outside the top N into one row (%s) that drills into exactly its records', async (_, measures) => {
    const definition = report({ dimensions: [{ key: 'region', field: 'region' }], measures: measures.map((m) => ({ ...m })), top: { dimension: 'region', n: 3, by: 'amount', others: true } });
    const result = await runtime.reports.preview('limits', definition, {}, system);
    const { rows: raw } = await sql<{ id: number; region: string | null; amount: string; owner_id: number }>`SELECT id, region, amount, owner_id FROM app_limits.deal`.execute(runtime.database.db);
    const byRegion = new Map<string | null, number>();
    for (const r of raw) byRegion.set(r.region, (byRegion.get(r.region) ?? 0) + Number(r.amount));
    const ranked = [...byRegion].sort((a, b) => b[1] - a[1]);
    const top = ranked.slice(0, 3).map(([region]) => region);
    expect(result.rows.slice(0, 3).map((r) => r.region)).toEqual(top);
    const rest = raw.filter((r) => !top.includes(r.region));
    const others = result.rows[3]!;
    expect(others).toMatchObject({ region: null, others: true, amount: rest.reduce((a, r) => a + Number(r.amount), 0) });
    if ('owners' in others) expect(others.owners).toBe(new Set(rest.map((r) => r.owner_id)).size);
    if ('avg' in others) expect(others.avg).toBeCloseTo(rest.reduce((a, r) => a + Number(r.amount), 0) / rest.length, 6);
    expect(result.rows).toHaveLength(4);
    const drilled = await runtime.reports.drillDefinition('limits', definition, { others: true, pageSize: 500 }, system);
    expect(drilled.total).toBe(rest.length);
    const empty = await runtime.reports.drillDefinition('limits', definition, { cell: { region: null }, pageSize: 500 }, system);
    expect(empty.total).toBe(raw.filter((r) => r.region === null).length);
  });
});
