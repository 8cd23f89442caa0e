/**
 * Listing: a filtered, sorted page of a large opportunity table through the runtime against the
 * same query written by hand, p50 and p95, interleaved so both see the same cache state. Each
 * request asks for another owner and stage (`listRequest`), and every one of them answers a full
 * page: the seed gives each owner about 80 opportunities in each stage.
 */
import type { Runtime } from '@pipewright/runtime';
import { sql } from 'kysely';
import { listRequest, owners, PageTally, stages, type PageSizes } from './bench-app.ts';
import { percentile, time } from './measure.ts';

export interface ListFigures {
  rows: number;
  iterations: number;
  handWritten: { p50: number; p95: number };
  runtime: { p50: number; p95: number };
  runtimeWithCount: { p50: number; p95: number };
  ratioP50: number;
  ratioP95: number;
  /** Rows per answer: the hand-written query (LIMIT 51, as the runtime asks) and the runtime's page. */
  handWrittenRows: PageSizes;
  runtimeRows: PageSizes;
}

export interface SeedFigures {
  /** (owner, stage) pairs that have rows, of owners × stages. */
  pairs: number;
  /** The fewest rows any (owner, stage) pair has: at least 51 means every list answers a full page. */
  fewestRowsPerPair: number;
}

/**
 * Fills the table with `rows` opportunities in SQL (fast). Row i belongs to owner 1 + (i × 7919
 * mod 2000) and is in stage ⌊i / 2000⌋ mod 6, so owner and stage are independent: every owner has
 * every stage, each about rows / 12,000 times.
 */
export async function seedOpportunities(runtime: Runtime, rows: number): Promise<SeedFigures> {
  const db = runtime.database.db;
  await sql`TRUNCATE app_bench.opportunity, app_bench._audit`.execute(db);
  const chunk = 200_000;
  for (let start = 1; start <= rows; start += chunk) {
    const end = Math.min(rows, start + chunk - 1);
    await sql`
      INSERT INTO app_bench.opportunity (created_by, owner_id, name, stage, amount, probability, close_date, email)
      SELECT 1 + (i % ${owners}), 1 + ((i::bigint * 7919) % ${owners}), 'Opportunity ' || i,
             (${sql.raw(`ARRAY[${stages.map((s) => `'${s}'`).join(',')}]`)})[1 + ((i / ${owners}) % ${stages.length})],
             ((i::bigint * 104729) % 10000000) / 100.0, (i * 37) % 100,
             date '2026-01-01' + (i % 365), 'buyer' || i || '@example.com'
        FROM generate_series(${start}::int, ${end}::int) AS i`.execute(db);
  }
  await sql`ANALYZE app_bench.opportunity`.execute(db);
  const check = await sql<{ pairs: number; fewest: number }>`
    SELECT count(*)::int AS pairs, min(n)::int AS fewest
      FROM (SELECT count(*) AS n FROM app_bench.opportunity GROUP BY owner_id, stage) AS per_pair`.execute(db);
  return { pairs: check.rows[0]!.pairs, fewestRowsPerPair: check.rows[0]!.fewest };
}

export const listSql = (owner: number, stage: string) => sql`
  SELECT id, created_at, updated_at, created_by, owner_id, version, deleted_at, name, stage, amount, probability, close_date, email
    FROM app_bench.opportunity
   WHERE deleted_at IS NULL AND stage = ${stage} AND owner_id = ${owner}
   ORDER BY amount DESC, id DESC LIMIT 51`;

/** The runtime's list question for one owner and stage. */
export function listQuery(owner: number, stage: string, count: 'none' | 'auto' = 'none') {
  return {
    filter: { and: [{ field: 'stage', op: 'eq' as const, value: stage }, { field: 'owner_id', op: 'eq' as const, value: owner }] },
    sort: [{ field: 'amount', direction: 'desc' as const }],
    pageSize: 50,
    count,
  };
}

export async function benchList(runtime: Runtime, rows: number, iterations: number): Promise<ListFigures> {
  const db = runtime.database.db;
  const handWritten: number[] = [];
  const viaRuntime: number[] = [];
  const withCount: number[] = [];
  const handWrittenRows = new PageTally();
  const runtimeRows = new PageTally();
  for (let i = 0; i < 100; i++) {
    const { owner, stage } = listRequest(1_000_000 + i);
    await listSql(owner, stage).execute(db);
    await runtime.records.list('bench', 'opportunity', listQuery(owner, stage), { userId: 1 });
  }
  for (let i = 0; i < iterations; i++) {
    const { owner, stage } = listRequest(i);
    handWritten.push(await time(async () => handWrittenRows.add((await listSql(owner, stage).execute(db)).rows.length)));
    viaRuntime.push(await time(async () => runtimeRows.add((await runtime.records.list('bench', 'opportunity', listQuery(owner, stage), { userId: 1 })).items.length)));
    withCount.push(await time(async () => void (await runtime.records.list('bench', 'opportunity', listQuery(owner, stage, 'auto'), { userId: 1 }))));
  }
  const figures = (s: number[]) => ({ p50: percentile(s, 50), p95: percentile(s, 95) });
  const h = figures(handWritten);
  const r = figures(viaRuntime);
  return {
    rows,
    iterations,
    handWritten: h,
    runtime: r,
    runtimeWithCount: figures(withCount),
    ratioP50: r.p50 / h.p50,
    ratioP95: r.p95 / h.p95,
    handWrittenRows: handWrittenRows.figures(),
    runtimeRows: runtimeRows.figures(),
  };
}
