/**
 * Timers due in the same minute: `count` records whose date-relative timer (decision 081) falls
 * due within one minute, a second apart in turn, fired by one process's automation on the real
 * clock. Lateness is the time from a timer's due time to the moment a firing claimed it
 * (`fired_at − due_at`, both on the process's clock); memory is the process's resident set and
 * heap, sampled every second from the first due time to the last firing.
 */
import type { AppBundle } from '@pipewright/metadata';
import { Automation, openRuntime, openTestDatabase } from '@pipewright/runtime';
import { percentile } from './measure.ts';

export interface TimerFigures {
  timers: number;
  database: string;
  concurrency: number;
  p50LatenessMs: number;
  p95LatenessMs: number;
  maxLatenessMs: number;
  firedPerSecond: number;
  rssMiB: { first: number; max: number; last: number };
  heapMiB: { first: number; max: number; last: number };
}

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const bundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'timer_bench', name: l('计时基准', 'Timer benchmark'), version: '1.0.0' },
  entities: [
    {
      key: 'follow_up',
      label: l('跟进', 'Follow-up'),
      version: 1,
      fields: [
        { key: 'name', label: l('名称', 'Name'), type: 'text', required: true },
        { key: 'call_at', label: l('回访时间', 'Call at'), type: 'datetime' },
      ],
    },
  ],
  rules: [
    {
      key: 'call_back',
      label: l('到点回访', 'Call back on time'),
      version: 1,
      entity: 'follow_up',
      triggers: ['timer'],
      timer: { field: 'call_at' },
      rules: [{ key: 'task', priority: 1, conditions: { and: [] }, actions: [{ type: 'createTask', title: "'回访 ' & name" }] }],
    },
  ],
};

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

export async function benchTimers(count: number, leadSeconds = 30): Promise<TimerFigures> {
  const database = await openTestDatabase();
  const runtime = await openRuntime(database);
  await database.executeSql(`INSERT INTO pipewright.users (id, login, name) VALUES (1, 'bench', 'Bench') ON CONFLICT DO NOTHING`);
  await runtime.apps.publish(bundle, { actor: 1 });
  // Records first (the writer sets each timer): due from `leadSeconds` on, spread over one minute.
  const start = Date.now() + leadSeconds * 1000;
  for (let from = 0; from < count; from += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - from) }, (_, k) => ({ name: `客户${from + k}`, call_at: new Date(start + ((from + k) % 60) * 1000).toISOString() }));
    await runtime.records.createMany('timer_bench', 'follow_up', batch, { userId: 1 });
  }
  if (Date.now() > start - 5000) throw new Error(`writing ${count} records took longer than the lead of ${leadSeconds} s: raise it`);
  const concurrency = database.kind === 'postgres' ? 4 : 1;
  const automation = await Automation.start(database, runtime.apps, { sweepIntervalMs: 200, timerConcurrency: concurrency, logError: (message, details) => console.error(message, details) });
  const rss: number[] = [];
  const heap: number[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - Date.now())));
    for (;;) {
      const usage = process.memoryUsage();
      rss.push(usage.rss);
      heap.push(usage.heapUsed);
      const { rows } = await database.executeSql(`SELECT count(*)::int AS n FROM pipewright.automation_timers WHERE status = 'scheduled'`);
      if (Number(rows[0]!.n) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const { rows } = await database.executeSql(`SELECT extract(epoch FROM fired_at - due_at) * 1000 AS late, extract(epoch FROM fired_at) * 1000 AS fired FROM pipewright.automation_timers WHERE app = 'timer_bench'`);
    const late = rows.map((r) => Number(r.late));
    const last = Math.max(...rows.map((r) => Number(r.fired)));
    const { rows: tasks } = await database.executeSql(`SELECT count(*)::int AS n, count(DISTINCT record_id)::int AS records FROM pipewright.tasks WHERE app = 'timer_bench'`);
    if (Number(tasks[0]!.n) !== count || Number(tasks[0]!.records) !== count) throw new Error(`expected ${count} tasks, one per record: ${JSON.stringify(tasks[0])}`);
    return {
      timers: count,
      database: database.kind,
      concurrency,
      p50LatenessMs: percentile(late, 50),
      p95LatenessMs: percentile(late, 95),
      maxLatenessMs: Math.max(...late),
      firedPerSecond: count / ((last - start) / 1000),
      rssMiB: { first: mib(rss[0]!), max: mib(Math.max(...rss)), last: mib(rss.at(-1)!) },
      heapMiB: { first: mib(heap[0]!), max: mib(Math.max(...heap)), last: mib(heap.at(-1)!) },
    };
  } finally {
    await automation.stop();
    await runtime.close();
  }
}
