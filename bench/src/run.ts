/**
 * Runs the benchmarks and prints their figures as ratios against baselines measured in the same
 * run. `DATABASE_URL` set: PostgreSQL (a fresh database, dropped afterwards); unset: PGlite.
 *
 *   pnpm bench                       all benchmarks
 *   BENCH_CREATES=100000 BENCH_ROWS=1000000 BENCH_ONLY=list pnpm bench
 *   DATABASE_URL=postgres://… BENCH_ONLY=studio pnpm bench   the studio in Chromium
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { openRuntime, openTestDatabase } from '@pipewright/runtime';
import { benchBundle } from './bench-app.ts';
import { benchCreates } from './creates.ts';
import { benchHttp } from './http.ts';
import type { PageSizes } from './bench-app.ts';
import { benchList, seedOpportunities, type SeedFigures } from './list.ts';
import { round, time } from './measure.ts';
import { benchReports } from './reports.ts';
import { benchScopedList } from './scoped-list.ts';
import { benchScopedUpdate } from './scoped-update.ts';
import { benchRules } from './rules.ts';
import { benchAutomation } from './automation.ts';
import { benchWorkflows } from './workflow.ts';
import { benchTimers } from './timers.ts';
import { benchPrint } from './print.ts';
import { benchStudio } from './studio.ts';

const creates = Number(process.env.BENCH_CREATES ?? 100_000);
const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const iterations = Number(process.env.BENCH_ITERATIONS ?? 1000);
const leads = Number(process.env.BENCH_LEADS ?? 100_000);
const httpLeads = Number(process.env.BENCH_HTTP_LEADS ?? 1000);
const workflowApprovals = Number(process.env.BENCH_WORKFLOWS ?? 10_000);
const inboxTasks = Number(process.env.BENCH_INBOX_TASKS ?? 5000);
const timers = Number(process.env.BENCH_TIMERS ?? 10_000);
const studioLoads = Number(process.env.BENCH_STUDIO_LOADS ?? 20);
const only = process.env.BENCH_ONLY?.split(',');
const want = (name: string) => !only || only.includes(name);

/** `min / mean / max` of what responses held. */
const sizes = (p: PageSizes, digits = 1) => `${p.min} / ${round(p.mean, digits)} / ${p.max}`;

const database = await openTestDatabase();
const runtime = await openRuntime(database);
await runtime.apps.publish(benchBundle, { actor: 1 });
// The benchmarks write as user 1: records name their creator and owner by a foreign key to users.
await database.executeSql(`INSERT INTO pipewright.users (id, login, name) VALUES (1, 'bench', 'Bench') ON CONFLICT DO NOTHING`);
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  database: database.kind,
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${round(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}`,
};
console.log(`Benchmarks on ${database.kind} — ${String(results.machine)}`);

try {
  if (want('rules')) {
    const r = await benchRules(leads);
    results.rules = r;
    console.log(`\n${r.rules}-rule assignment set (first match) over ${r.leads} leads in process: json-rules-engine ${round(r.plainMs / 1000)} s, Pipewright ${round(r.pipewrightMs / 1000)} s → ${round(r.ratio)}x (target ≤ 1.3x)`);
    if (r.ratioJsonPath !== undefined) console.log(`  against json-rules-engine with its default JSONPath paths: ${round(r.plainJsonPathMs! / 1000)} s → ${round(r.ratioJsonPath)}x`);
  }
  if (want('automation')) {
    const a = await benchAutomation(httpLeads);
    results.automation = a;
    console.log(`\nHTTP lead creates (${a.rounds} × ${a.leadsPerRound}, 8 at a time): automation off ${round(a.offLeadsPerSecond, 0)} leads/s, on (until assigned and scored) ${round(a.onLeadsPerSecond, 0)} leads/s → ${round(a.ratio)}x (target ≤ 1.5x)`);
  }
  if (want('workflow')) {
    const w = await benchWorkflows(workflowApprovals, inboxTasks);
    results.workflow = w;
    console.log(`\n${w.approvals} quote approvals through HTTP (start + the manager's approve, 8 at a time): ${round(w.instancesPerSecond, 0)} instances/s, ${round(w.httpMs / 1000)} s; the same rows in plain SQL ${round(w.sqlMs / 1000)} s → ${round(w.ratio)}x (target ≤ 2x)`);
    console.log(`inbox first page (50) of a manager holding ${w.inboxTasks} pending tasks, ${w.inboxIterations} runs: GET /api/tasks p50 ${round(w.inboxP50, 3)} ms, hand-written SQL p50 ${round(w.handWrittenP50, 3)} ms → ${round(w.inboxRatio)}x (target ≤ 3x)`);
  }
  if (want('timers')) {
    const t = await benchTimers(timers);
    results.timers = t;
    console.log(`\n${t.timers} timers due within one minute, one process (${t.concurrency} at a time): lateness p50 ${round(t.p50LatenessMs / 1000)} s, p95 ${round(t.p95LatenessMs / 1000)} s (target < 2 s), max ${round(t.maxLatenessMs / 1000)} s; ${round(t.firedPerSecond, 0)} fired/s`);
    console.log(`  memory while firing: rss ${t.rssMiB.first} → max ${t.rssMiB.max} → ${t.rssMiB.last} MiB, heap ${t.heapMiB.first} → max ${t.heapMiB.max} → ${t.heapMiB.last} MiB`);
  }
  if (want('creates')) {
    const c = await benchCreates(runtime, creates);
    results.creates = c;
    console.log(`\ncreate ${c.count} records one by one: hand-written ${round(c.handWrittenMs / 1000)} s, runtime ${round(c.runtimeMs / 1000)} s → ${round(c.ratio)}x (target ≤ 2x)`);
    console.log(`create ${c.count} records in batches of 1000: hand-written ${round(c.bulkHandWrittenMs / 1000)} s, runtime ${round(c.bulkRuntimeMs / 1000)} s → ${round(c.bulkRatio)}x (target ≤ 1.3x)`);
  }
  let seed: SeedFigures | undefined;
  if (want('list') || want('http') || want('scoped')) {
    const seeded = await time(async () => void (seed = await seedOpportunities(runtime, rows)));
    results.seed = seed;
    console.log(`\nseeded ${rows} opportunities in ${round(seeded / 1000)} s: ${seed!.pairs} (owner, stage) pairs, the smallest with ${seed!.fewestRowsPerPair} rows`);
  }
  if (want('list')) {
    const l = await benchList(runtime, rows, iterations);
    results.list = l;
    console.log(`list (stage + owner, a different pair each run, sort amount desc, page 50) over ${l.rows} rows, ${l.iterations} runs:`);
    console.log(`  hand-written SQL  p50 ${round(l.handWritten.p50, 3)} ms  p95 ${round(l.handWritten.p95, 3)} ms  rows ${sizes(l.handWrittenRows)}`);
    console.log(`  runtime           p50 ${round(l.runtime.p50, 3)} ms  p95 ${round(l.runtime.p95, 3)} ms  rows ${sizes(l.runtimeRows)} → ${round(l.ratioP50)}x / ${round(l.ratioP95)}x (target ≤ 1.5x)`);
    console.log(`  runtime + count   p50 ${round(l.runtimeWithCount.p50, 3)} ms  p95 ${round(l.runtimeWithCount.p95, 3)} ms`);
  }
  if (want('scoped')) {
    const s = await benchScopedList(runtime, iterations);
    results.scoped = s;
    console.log(`\nthe same list as a sales rep scoped to department and sub-departments (${s.departments} departments, ${s.users} users, ${s.usersInScope} in scope):`);
    console.log(`  as admin   p50 ${round(s.admin.p50, 3)} ms  p95 ${round(s.admin.p95, 3)} ms  rows ${sizes(s.adminRows)}`);
    console.log(`  as rep     p50 ${round(s.rep.p50, 3)} ms  p95 ${round(s.rep.p95, 3)} ms  rows ${sizes(s.repRows)} → ${round(s.ratioP50)}x / ${round(s.ratioP95)}x (target ≤ 1.2x)`);
  }
  if (want('updates')) {
    const u = await benchScopedUpdate(runtime, iterations);
    results.updates = u;
    console.log(`\nupdate one own opportunity, ${u.iterations} runs each:`);
    console.log(`  trusted caller  p50 ${round(u.trusted.p50, 3)} ms  p95 ${round(u.trusted.p95, 3)} ms`);
    console.log(`  as sales rep    p50 ${round(u.rep.p50, 3)} ms  p95 ${round(u.rep.p95, 3)} ms → ${round(u.ratioP50)}x / ${round(u.ratioP95)}x (scope before and after the change)`);
  }
  if (want('http')) {
    if (database.kind !== 'postgres') {
      console.log('\nHTTP benchmark skipped: it compares with pgbench, which needs PostgreSQL (set DATABASE_URL).');
    } else {
      const h = await benchHttp(runtime, process.env.DATABASE_URL!, database.location);
      results.http = h;
      console.log(`\nHTTP, 10 keep-alive connections on loopback (list loads in ${h.rounds} interleaved rounds):`);
      console.log(`  pgbench, same SQL, 10 clients   p50 ${round(h.pgbenchP50, 3)} ms (${round(h.pgbenchTps)} tps, pgbench's own figure); ${seed && seed.fewestRowsPerPair >= 51 ? 'every query 51 rows (LIMIT 51; no pair has fewer)' : `some queries fewer than 51 rows (smallest pair: ${seed?.fewestRowsPerPair ?? '?'})`}`);
      console.log(`  GET list, hand-written route     p50 ${round(h.floorP50, 3)} ms, mean ${round(h.floorMean, 3)} ms (${round(h.floorRps)} req/s) → ${round(h.floorP50 / h.pgbenchP50)}x pgbench`);
      console.log(`                                   rows ${sizes(h.floorContent.rows)}, bytes ${sizes(h.floorContent.bytes, 0)}`);
      console.log(`  GET list, Pipewright             p50 ${round(h.listP50, 3)} ms, mean ${round(h.listMean, 3)} ms (${round(h.listRps)} req/s) → ${round(h.listRatio)}x pgbench (target ≤ 3x); mean ${round(h.listFloorRatio)}x the hand-written route's (per round: median ${round(h.listFloorRatioRounds.median)}x, ${round(h.listFloorRatioRounds.min)}x–${round(h.listFloorRatioRounds.max)}x)`);
      console.log(`                                   rows ${sizes(h.listContent.rows)}, bytes ${sizes(h.listContent.bytes, 0)}`);
      console.log(`  POST one record                  ${round(h.createRps)} req/s, p50 ${round(h.createP50, 3)} ms`);
      console.log(`  POST bulk of 100                 ${round(h.bulkItemsPerSecond)} items/s (${round(h.bulkRps)} req/s)`);
    }
  }
  if (want('print')) {
    const p = await benchPrint(Number(process.env.BENCH_PRINT_WARM ?? 40), Number(process.env.BENCH_PRINT_COLD ?? 5), Number(process.env.BENCH_PRINT_BATCH ?? 500));
    results.print = p;
    console.log(`\nprint, a ${p.pages}-page contract with 30 line items, one document at a time:`);
    console.log(`  browser launched per document ${p.coldPerSecond} PDF/s, warm page pool ${p.warmPerSecond} PDF/s → ${p.ratio}x (target > 10x)`);
    console.log(`  batch of ${p.batch} on the pool: peak RSS (server + Chromium) ${p.peakRssAfter50Mb} MB after 50, ${p.peakRssAtEndMb} MB at the end → ${p.rssRatio}x (target ≤ 1.5x)`);
  }
  if (want('reports')) {
    const reportRows = Number(process.env.BENCH_REPORT_ROWS ?? rows);
    const r = await benchReports(runtime, reportRows, Number(process.env.BENCH_REPORT_ITERATIONS ?? 5));
    results.reports = r;
    console.log(`\nreports over ${r.rows} opportunities and ${r.historyRows} stage changes, p50 of ${r.iterations} interleaved runs (target ≤ 1.2x):`);
    for (const x of r.results) console.log(`  ${x.report.padEnd(12)} ${x.viewer.padEnd(24)} hand-written ${round(x.handWritten, 1)} ms  report ${round(x.runtime, 1)} ms → ${round(x.ratio)}x`);
  }
  if (want('studio')) {
    if (database.kind !== 'postgres') {
      console.log('\nstudio benchmark skipped: it runs the server on PostgreSQL (set DATABASE_URL).');
    } else {
      const s = await benchStudio(rows, studioLoads);
      results.studio = s;
      console.log(`\nthe studio in headless Chromium, the server on PostgreSQL with ${s.rows} opportunities (seeded in ${round(s.seedSeconds)} s):`);
      console.log(`  list "全部商机" from navigation to ${s.rowsDrawn} rows drawn, ${s.loads} loads: p50 ${round(s.pageP50, 1)} ms, p95 ${round(s.pageP95, 1)} ms`);
      console.log(`  the same list request by fetch in the page:            p50 ${round(s.fetchP50, 1)} ms, p95 ${round(s.fetchP95, 1)} ms → ${round(s.ratioP50)}x (target ≤ 3x)`);
      console.log(`  request: ${s.listRequest}`);
      console.log(`  first route JavaScript, gzipped: login ${round(s.loginKiB, 1)} KB, the list opened directly ${round(s.firstRouteKiB, 1)} KB in ${s.firstRouteFiles} files (target ≤ 400 KB)`);
      console.log(`  a rep's list of ${s.scrollRecords} scrolled to the end (${s.scrollLoaded} loaded in ${s.scrollPages} keyset pages): at most ${s.scrollMostDomRows} rows in the DOM (target < 300)`);
    }
  }
  await mkdir(new URL('../results/', import.meta.url), { recursive: true });
  await writeFile(new URL(`../results/${database.kind}-${Date.now()}.json`, import.meta.url), JSON.stringify(results, null, 2));
} finally {
  await runtime.close();
}
