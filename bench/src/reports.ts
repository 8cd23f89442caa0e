/**
 * Reports against hand-written SQL computing the same numbers (rows and totals), interleaved, as
 * the platform admin and as a manager whose scope is a department tree (232 of 2,000 owners):
 *
 * - funnel: deals that ever reached each stage, from the stage history in the audit log, with the
 *   conversion from the stage before;
 * - leaderboard: per owner won amount, won and closed deals, win rate, weighted pipeline, average
 *   deal and share of the won total, top 10 with the rest as "others";
 * - forecast: open deals by expected close month, weighted and plain amount, count, running total.
 *
 * Every report's result cache is dropped before each run, so each run executes its statement.
 */
import { directoryFromAssignments, type Subject } from '@pipewright/engines';
import type { AppBundle, Report } from '@pipewright/metadata';
import type { Runtime } from '@pipewright/runtime';
import { sql, type RawBuilder } from 'kysely';
import { percentile, time } from './measure.ts';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const stages = ['initial', 'analysis', 'proposal', 'negotiation', 'won', 'lost'] as const;
const app = 'bench_reports';
const schema = `app_${app}`;
const owners = 2000;

const reports: Report[] = [
  {
    key: 'funnel', label: l('漏斗', 'Funnel'), version: 1, entity: 'opportunity', history: { field: 'stage' },
    dimensions: [{ key: 'stage', field: 'history.value' }],
    measures: [{ key: 'reached', aggregate: 'countDistinct', field: 'id' }, { key: 'conversion', aggregate: 'ratioToPrevious', of: 'reached' }],
  },
  {
    key: 'leaderboard', label: l('排行', 'Leaderboard'), version: 1, entity: 'opportunity',
    dimensions: [{ key: 'owner', field: 'owner_id' }],
    measures: [
      { key: 'won_amount', aggregate: 'sum', field: 'amount', filter: { field: 'stage', op: 'eq', value: 'won' } },
      { key: 'won_deals', aggregate: 'count', filter: { field: 'stage', op: 'eq', value: 'won' } },
      { key: 'closed_deals', aggregate: 'count', filter: { field: 'stage', op: 'in', value: ['won', 'lost'] } },
      { key: 'win_rate', aggregate: 'ratio', numerator: 'won_deals', denominator: 'closed_deals' },
      { key: 'pipeline', aggregate: 'sum', field: 'weighted', filter: { field: 'stage', op: 'notIn', value: ['won', 'lost'] } },
      { key: 'avg_deal', aggregate: 'avg', field: 'amount' },
      { key: 'won_share', aggregate: 'share', of: 'won_amount' },
    ],
    top: { dimension: 'owner', n: 10, by: 'won_amount', others: true },
  },
  {
    key: 'forecast', label: l('预测', 'Forecast'), version: 1, entity: 'opportunity',
    filter: { field: 'stage', op: 'notIn', value: ['won', 'lost'] },
    dimensions: [{ key: 'month', field: 'close_date', bucket: 'month' }],
    measures: [
      { key: 'weighted', aggregate: 'sum', field: 'weighted' },
      { key: 'pipeline', aggregate: 'sum', field: 'amount' },
      { key: 'deals', aggregate: 'count' },
      { key: 'cumulative', aggregate: 'runningTotal', of: 'weighted' },
    ],
  },
];

export const reportBundle: AppBundle = {
  formatVersion: 1,
  app: { key: app, name: l('报表基准', 'Report benchmark'), version: '1.0.0' },
  entities: [
    {
      key: 'opportunity', label: l('商机', 'Opportunity'), version: 1, titleField: 'name',
      fields: [
        { key: 'name', label: l('名称', 'Name'), type: 'text' },
        { key: 'stage', label: l('阶段', 'Stage'), type: 'singleSelect', options: stages.map((s) => ({ value: s, label: l(s, s) })) },
        { key: 'amount', label: l('金额', 'Amount'), type: 'currency' },
        { key: 'probability', label: l('赢率', 'Probability'), type: 'percent' },
        { key: 'weighted', label: l('加权金额', 'Weighted'), type: 'formula', expression: 'amount * probability / 100', resultType: 'currency' },
        { key: 'close_date', label: l('预计成交', 'Close date'), type: 'date' },
      ],
    },
  ],
  roles: [{ key: 'manager', label: l('经理', 'Manager'), version: 1, permissions: [{ entity: 'opportunity', actions: { read: 'departmentTree', runReport: 'departmentTree' } }] }],
  reports,
};

export interface ReportFigures {
  rows: number;
  historyRows: number;
  iterations: number;
  results: { report: string; viewer: string; handWritten: number; runtime: number; ratio: number }[];
}

/** Seeds opportunities and their stage changes (each deal moved stage by stage to where it is). */
async function seed(runtime: Runtime, rows: number): Promise<number> {
  const db = runtime.database.db;
  const list = sql.raw(`ARRAY[${stages.map((s) => `'${s}'`).join(',')}]`);
  for (let start = 1; start <= rows; start += 200_000) {
    const end = Math.min(rows, start + 199_999);
    await sql`INSERT INTO ${sql.table(`${schema}.opportunity`)} (created_by, owner_id, name, stage, amount, probability, weighted, close_date)
      SELECT 1, 1 + ((i::bigint * 7919) % ${owners}), 'Opportunity ' || i, (${list})[1 + (i % 6)], ((i::bigint * 104729) % 10000000) / 100.0, (i * 37) % 100,
             round(((i::bigint * 104729) % 10000000) / 100.0 * ((i * 37) % 100) / 100, 2), date '2026-01-01' + (i % 540)
        FROM generate_series(${start}::int, ${end}::int) AS i`.execute(db);
  }
  // Stage k (0-based) was reached through k changes; a lost deal was lost after 0 to 3 changes.
  await sql`INSERT INTO ${sql.table(`${schema}._audit`)} (entity, record_id, action, actor, at, changes)
    SELECT 'opportunity', o.id, 'update', 1, o.created_at + j * interval '1 day',
           jsonb_build_object('stage', jsonb_build_object('from', (${list})[j], 'to', CASE WHEN o.stage = 'lost' AND j = 1 + (o.id % 4) THEN 'lost' ELSE (${list})[j + 1] END))
      FROM ${sql.table(`${schema}.opportunity`)} o, generate_series(1, 5) AS j
     WHERE j <= CASE WHEN o.stage = 'lost' THEN 1 + (o.id % 4) ELSE array_position(${list}, o.stage) - 1 END`.execute(db);
  await sql`ANALYZE ${sql.table(`${schema}.opportunity`)}`.execute(db);
  await sql`ANALYZE ${sql.table(`${schema}._audit`)}`.execute(db);
  const { rows: counted } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(`${schema}._audit`)}`.execute(db);
  return counted[0]!.n;
}

/** The same numbers, written by hand as a PostgreSQL user would: rows and totals. */
function handWritten(report: string, scope: RawBuilder<unknown>): RawBuilder<unknown> {
  const opp = sql.table(`${schema}.opportunity`);
  const audit = sql.table(`${schema}._audit`);
  const order = sql.raw(`ARRAY[${stages.map((s) => `'${s}'`).join(',')}]`);
  if (report === 'funnel') {
    return sql`WITH entries AS (
        SELECT o.id, coalesce((SELECT a.changes -> 'stage' ->> 'from' FROM ${audit} a WHERE a.entity = 'opportunity' AND a.action = 'update' AND a.changes ? 'stage' AND a.record_id = o.id ORDER BY a.id LIMIT 1), o.stage) AS stage
          FROM ${opp} o WHERE o.deleted_at IS NULL AND ${scope}
        UNION ALL
        SELECT a.record_id, a.changes -> 'stage' ->> 'to' FROM ${audit} a JOIN ${opp} o ON o.id = a.record_id
         WHERE a.entity = 'opportunity' AND a.action = 'update' AND a.changes ? 'stage' AND o.deleted_at IS NULL AND ${scope}),
      per_stage AS (SELECT stage, count(DISTINCT id) AS reached, GROUPING(stage) AS total FROM entries GROUP BY GROUPING SETS ((stage), ()))
      SELECT stage, reached, CASE WHEN total = 0 THEN reached::numeric / NULLIF(lag(reached) OVER (PARTITION BY total ORDER BY array_position(${order}, stage)), 0) END AS conversion
        FROM per_stage ORDER BY total, array_position(${order}, stage)`;
  }
  if (report === 'leaderboard') {
    return sql`WITH per_owner AS (
        SELECT o.owner_id, sum(o.amount) FILTER (WHERE o.stage = 'won') AS won_amount, count(*) FILTER (WHERE o.stage = 'won') AS won_deals,
               count(*) FILTER (WHERE o.stage IN ('won', 'lost')) AS closed_deals, sum(o.weighted) FILTER (WHERE o.stage NOT IN ('won', 'lost')) AS pipeline,
               sum(o.amount) AS amount_sum, count(o.amount) AS amount_count
          FROM ${opp} o WHERE o.deleted_at IS NULL AND ${scope} GROUP BY o.owner_id),
      ranked AS (SELECT *, row_number() OVER (ORDER BY won_amount DESC NULLS LAST, owner_id) AS n FROM per_owner),
      grouped AS (SELECT CASE WHEN n <= 10 THEN owner_id END AS owner, n > 10 AS others, sum(won_amount) AS won_amount, sum(won_deals) AS won_deals, sum(closed_deals) AS closed_deals,
               sum(pipeline) AS pipeline, sum(amount_sum) / NULLIF(sum(amount_count), 0) AS avg_deal, GROUPING(CASE WHEN n <= 10 THEN owner_id END) AS total
          FROM ranked GROUP BY GROUPING SETS ((CASE WHEN n <= 10 THEN owner_id END, n > 10), ()))
      SELECT owner, others, won_amount, won_deals, closed_deals, won_deals::numeric / NULLIF(closed_deals, 0) AS win_rate, pipeline, avg_deal,
             won_amount / NULLIF(max(won_amount) FILTER (WHERE total = 1) OVER (), 0) AS won_share
        FROM grouped ORDER BY total, others, won_amount DESC NULLS LAST`;
  }
  return sql`WITH per_month AS (
      SELECT date_trunc('month', o.close_date)::date AS month, sum(o.weighted) AS weighted, sum(o.amount) AS pipeline, count(*) AS deals, GROUPING(date_trunc('month', o.close_date)::date) AS total
        FROM ${opp} o WHERE o.deleted_at IS NULL AND o.stage NOT IN ('won', 'lost') AND ${scope} GROUP BY GROUPING SETS ((date_trunc('month', o.close_date)::date), ()))
    SELECT month, weighted, pipeline, deals, CASE WHEN total = 0 THEN sum(weighted) OVER (PARTITION BY total ORDER BY month ROWS UNBOUNDED PRECEDING) END AS cumulative
      FROM per_month ORDER BY total, month`;
}

export async function benchReports(runtime: Runtime, rows: number, iterations: number): Promise<ReportFigures> {
  await runtime.apps.publish(reportBundle, { actor: 1 });
  const historyRows = await seed(runtime, rows);
  // The scoped-list organisation: 200 departments; the manager heads region 2 (232 users).
  const parentOf = new Map<number, number | undefined>([[1, undefined]]);
  for (let region = 2; region <= 10; region++) parentOf.set(region, 1);
  for (let team = 11; team <= 200; team++) parentOf.set(team, 2 + ((team - 11) % 9));
  const departmentOf = new Map<number, number>();
  for (let user = 1; user <= owners; user++) departmentOf.set(user, 11 + ((user - 1) % 190));
  runtime.policy.useDirectory(directoryFromAssignments(departmentOf));
  const tree = [...parentOf.keys()].filter((d) => d === 2 || parentOf.get(d) === 2);
  const inScope = [...departmentOf].filter(([, d]) => tree.includes(d)).map(([u]) => u).sort((a, b) => a - b);
  const subject: Subject = { userId: 1, departmentId: 2, departmentTree: tree, roleKeys: ['manager'] };
  const viewers = [
    { name: 'admin', actor: { userId: 1, timeZone: 'UTC', permissions: { subject: { ...subject, isAdmin: true } } }, scope: sql`TRUE` },
    // The same numbers include the records shared with the manager or their department.
    {
      name: 'department-tree manager',
      actor: { userId: 1, departmentId: 2, timeZone: 'UTC', permissions: { subject } },
      scope: sql`(o.owner_id = ANY(${sql.raw(`'{${inScope.join(',')}}'::bigint[]`)}) OR o.id IN (SELECT s.record_id FROM ${sql.table(`${schema}._shares`)} s WHERE s.entity = 'opportunity' AND s.access IN ('read', 'edit') AND (s.user_id = 1 OR s.department_id = 2)))`,
    },
  ];
  const db = runtime.database.db;
  const results: ReportFigures['results'] = [];
  for (const report of reports) {
    for (const viewer of viewers) {
      const mine: number[] = [];
      const theirs: number[] = [];
      const once = async () => {
        runtime.reports.written(app, 'opportunity');
        await runtime.reports.run(app, report.key, {}, viewer.actor);
      };
      await once();
      await handWritten(report.key, viewer.scope).execute(db);
      for (let i = 0; i < iterations; i++) {
        theirs.push(await time(async () => void (await handWritten(report.key, viewer.scope).execute(db))));
        mine.push(await time(once));
      }
      const h = percentile(theirs, 50);
      const r = percentile(mine, 50);
      results.push({ report: report.key, viewer: viewer.name, handWritten: h, runtime: r, ratio: r / h });
    }
  }
  return { rows, historyRows, iterations, results };
}
