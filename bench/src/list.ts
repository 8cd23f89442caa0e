/**
 * Listing: a filtered, sorted page of a large opportunity table through the runtime against the
 * same query written by hand, p50 and p95, interleaved so both see the same cache state.
 */
import type { Runtime } from '@pipewright/runtime';
import { sql } from 'kysely';
import { percentile, time } from './measure.ts';

export interface ListFigures {
  rows: number;
  iterations: number;
  handWritten: { p50: number; p95: number };
  runtime: { p50: number; p95: number };
  runtimeWithCount: { p50: number; p95: number };
  ratioP50: number;
  ratioP95: number;
}

/** Fills the table with `rows` opportunities in SQL (fast), spread over 2,000 owners. */
export async function seedOpportunities(runtime: Runtime, rows: number): Promise<void> {
  const db = runtime.database.db;
  await sql`TRUNCATE app_bench.opportunity, app_bench._audit`.execute(db);
  const chunk = 200_000;
  for (let start = 1; start <= rows; start += chunk) {
    const end = Math.min(rows, start + chunk - 1);
    await sql`
      INSERT INTO app_bench.opportunity (created_by, owner_id, name, stage, amount, probability, close_date, email)
      SELECT 1 + (i % 2000), 1 + ((i::bigint * 7919) % 2000), 'Opportunity ' || i,
             (ARRAY['initial','analysis','proposal','negotiation','won','lost'])[1 + (i % 6)],
             ((i::bigint * 104729) % 10000000) / 100.0, (i * 37) % 100,
             date '2026-01-01' + (i % 365), 'buyer' || i || '@example.com'
        FROM generate_series(${start}::int, ${end}::int) AS i`.execute(db);
  }
  await sql`ANALYZE app_bench.opportunity`.execute(db);
}

export const listSql = (owner: number) => sql`
  SELECT id, created_at, updated_at, created_by, owner_id, version, deleted_at, name, stage, amount, probability, close_date, email
    FROM app_bench.opportunity
   WHERE deleted_at IS NULL AND stage = ${'negotiation'} AND owner_id = ${owner}
   ORDER BY amount DESC, id DESC LIMIT 51`;

export async function benchList(runtime: Runtime, rows: number, iterations: number): Promise<ListFigures> {
  const db = runtime.database.db;
  const handWritten: number[] = [];
  const viaRuntime: number[] = [];
  const withCount: number[] = [];
  const query = (owner: number, count: 'none' | 'auto') => ({
    filter: { and: [{ field: 'stage', op: 'eq' as const, value: 'negotiation' }, { field: 'owner_id', op: 'eq' as const, value: owner }] },
    sort: [{ field: 'amount', direction: 'desc' as const }],
    pageSize: 50,
    count,
  });
  for (let i = 0; i < 100; i++) {
    await listSql(1 + (i % 2000)).execute(db);
    await runtime.records.list('bench', 'opportunity', query(1 + (i % 2000), 'none'), { userId: 1 });
  }
  for (let i = 0; i < iterations; i++) {
    const owner = 1 + ((i * 31) % 2000);
    handWritten.push(await time(async () => void (await listSql(owner).execute(db))));
    viaRuntime.push(await time(async () => void (await runtime.records.list('bench', 'opportunity', query(owner, 'none'), { userId: 1 }))));
    withCount.push(await time(async () => void (await runtime.records.list('bench', 'opportunity', query(owner, 'auto'), { userId: 1 }))));
  }
  const figures = (s: number[]) => ({ p50: percentile(s, 50), p95: percentile(s, 95) });
  const h = figures(handWritten);
  const r = figures(viaRuntime);
  return { rows, iterations, handWritten: h, runtime: r, runtimeWithCount: figures(withCount), ratioP50: r.p50 / h.p50, ratioP95: r.p95 / h.p95 };
}
