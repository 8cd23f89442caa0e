import { ManualClock } from '@pipewright/engines';
import type { AppBundle, Ruleset } from '@pipewright/metadata';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../database/testing.ts';
import type { Runtime } from '../runtime.ts';
import { admin, nextVersion, openTestRuntime } from '../testing/runtime-fixture.ts';
import { Automation } from './automation.ts';
import { addSalesOrganisation, salesApp } from './automation.fixture.ts';

const app = salesApp.app.key;
const day = 86_400_000;
const l = (en: string) => ({ 'zh-CN': en, en });

/** The sample app with three more timers: dormant leads, a monthly check-in, and one whose run always fails. */
const bundle: AppBundle = structuredClone(salesApp);
const score = (points: number): Ruleset['rules'][number]['actions'][number] => ({ type: 'addScore', field: 'score', points });
bundle.rules!.push(
  {
    key: 'dormant_lead',
    label: l('No activity for 30 days'),
    version: 1,
    entity: 'lead',
    triggers: ['timer'],
    timer: { field: 'last_contacted_at', offset: { amount: 30, unit: 'days' }, while: { field: 'status', op: 'in', value: ['new', 'contacted'] } },
    rules: [{ key: 'lower_score', priority: 1, conditions: { and: [] }, actions: [score(-5)] }],
  },
  {
    key: 'monthly_check_in',
    label: l('Monthly check-in'),
    version: 1,
    entity: 'lead',
    triggers: ['timer'],
    timer: { field: 'next_follow_up', repeat: 'monthly', while: { field: 'status', op: 'eq', value: 'qualified' } },
    rules: [{ key: 'bump', priority: 1, conditions: { and: [] }, actions: [score(1)] }],
  },
  {
    key: 'broken_timer',
    label: l('Always fails'),
    version: 1,
    entity: 'lead',
    triggers: ['timer'],
    timer: { field: 'created_at', offset: { amount: 10, unit: 'days' }, while: { field: 'industry', op: 'eq', value: 'education' } },
    rules: [{ key: 'bad_email', priority: 1, conditions: { and: [] }, actions: [{ type: 'setField', field: 'email', value: "'not an e-mail'" }] }],
  },
);

let runtime: Runtime;
let automation: Automation;
const clock = new ManualClock();
const errors: string[] = [];

beforeAll(async () => {
  runtime = await openTestRuntime(bundle);
  await addSalesOrganisation(runtime, app);
  automation = await runtime.startAutomation({ clock, sweepIntervalMs: 200, logError: (message, details) => errors.push(`${message}: ${String(details.error)}`) });
}, 120_000);
afterAll(() => runtime?.close());

const lead = (company: string, extra: Record<string, unknown> = {}) => ({ name: '联系人', company, source: 'exhibition', ...extra });
const create = async (company: string, extra: Record<string, unknown> = {}) => (await runtime.records.create(app, 'lead', lead(company, extra), admin)).id as number;
const update = (id: number, body: Record<string, unknown>) => runtime.records.update(app, 'lead', id, body, admin);

async function timersOf(id: number) {
  const { rows } = await sql<{ ruleset: string; due_at: Date; status: string; attempts: number }>`
    SELECT ruleset, due_at, status, attempts FROM pipewright.automation_timers WHERE app = ${app} AND record_id = ${id} ORDER BY ruleset`.execute(runtime.database.db);
  return Object.fromEntries(rows.map((r) => [r.ruleset, { due: new Date(r.due_at).toISOString(), status: r.status, attempts: r.attempts }]));
}
const scoreOf = async (id: number) => Number((await runtime.records.get(app, 'lead', id)).score);
const runsOf = async (id: number, ruleset: string) => (await automation.log(app, { recordId: id })).filter((r) => r.ruleset === ruleset).reverse();

describe(`durable timers kept by each write (${testDatabaseKind()})`, () => {
  it('a create sets the timer in its transaction, a change of what `while` reads cancels and sets it again, a delete removes it, a rolled-back write leaves none', async () => {
    const id = await create('计时有限公司');
    const created = (await runtime.records.get(app, 'lead', id)).created_at as string;
    const dueAt = new Date(Date.parse(created) + 3 * day).toISOString();
    expect(await timersOf(id)).toEqual({ lead_no_follow_up: { due: dueAt, status: 'scheduled', attempts: 0 } });
    await update(id, { status: 'contacted' });
    expect(await timersOf(id)).toEqual({});
    await update(id, { status: 'new' });
    expect(await timersOf(id)).toEqual({ lead_no_follow_up: { due: dueAt, status: 'scheduled', attempts: 0 } });
    await runtime.records.delete(app, 'lead', [id], admin);
    expect(await timersOf(id)).toEqual({});

    // A validation rule refuses the create: no record, no event, no timer.
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pipewright.automation_timers`.execute(runtime.database.db);
    await expect(create('作废有限公司', { status: 'disqualified' })).rejects.toMatchObject({ code: 'rule.rejected' });
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pipewright.automation_timers`.execute(runtime.database.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('no activity for 30 days: each contact moves the timer; it fires once per due time, on the record as it is then', async () => {
    const id = await create('沉睡客户有限公司', { status: 'contacted', last_contacted_at: clock.now().toISOString() });
    await automation.settled();
    const start = await scoreOf(id);
    clock.advance(20 * day);
    await update(id, { last_contacted_at: clock.now().toISOString() });
    expect((await timersOf(id)).dormant_lead).toEqual({ due: new Date(clock.now().getTime() + 30 * day).toISOString(), status: 'scheduled', attempts: 0 });
    clock.advance(20 * day);
    await automation.settled();
    expect(await scoreOf(id)).toBe(start); // moved on by the contact: not due yet
    clock.advance(11 * day);
    await automation.settled();
    await automation.settled();
    expect(await scoreOf(id)).toBe(start - 5);
    expect((await timersOf(id)).dormant_lead?.status).toBe('fired');
    expect(await runsOf(id, 'dormant_lead')).toEqual([expect.objectContaining({ event: 'timer', status: 'done', matched: ['lower_score'] })]);
    // A later activity sets a new due time, which fires again once.
    await update(id, { last_contacted_at: clock.now().toISOString() });
    clock.advance(31 * day);
    await automation.settled();
    expect(await scoreOf(id)).toBe(start - 10);
  });

  it('a monthly repeat fires once a month and sets the next occurrence', async () => {
    // The writer counts a repeat's first occurrence from the machine's clock: start this one there.
    clock.set(new Date());
    const today = clock.now().toISOString().slice(0, 10);
    const id = await create('月度回访有限公司', { status: 'qualified', next_follow_up: today });
    await automation.settled();
    const start = await scoreOf(id);
    const first = (await timersOf(id)).monthly_check_in!;
    expect(first.status).toBe('scheduled');
    clock.set(new Date(Date.parse(first.due) + 60_000));
    await automation.settled();
    expect(await scoreOf(id)).toBe(start + 1);
    const second = (await timersOf(id)).monthly_check_in!;
    expect(second.status).toBe('scheduled');
    expect(Date.parse(second.due) - Date.parse(first.due)).toBeGreaterThanOrEqual(28 * day);
    await automation.settled();
    expect(await scoreOf(id)).toBe(start + 1);
    expect((await runsOf(id, 'monthly_check_in')).map((r) => r.status)).toEqual(['done']);
  });

  it('two automations on one database fire each due timer once', async () => {
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push(await create(`并发计时${i}有限公司`, { status: 'contacted', last_contacted_at: clock.now().toISOString() }));
    await automation.settled();
    const other = await Automation.start(runtime.database, runtime.apps, { clock, sweepIntervalMs: 50, logError: (message, details) => errors.push(`${message}: ${String(details.error)}`) });
    try {
      clock.advance(31 * day);
      await Promise.all([automation.settled(), other.settled()]);
    } finally {
      await other.stop();
    }
    const { rows } = await sql<{ record_id: number; n: number }>`
      SELECT record_id, count(*)::int AS n FROM pipewright.automation_runs WHERE app = ${app} AND ruleset = 'dormant_lead' AND status = 'done' AND record_id IN (${sql.join(ids)}) GROUP BY record_id`.execute(runtime.database.db);
    expect(rows.map((r) => r.n)).toEqual(ids.map(() => 1));
  });

  it('a failing run is retried with backoff, then waits for an administrator, whose retry runs it on the same due time', async () => {
    const id = await create('失败计时有限公司', { industry: 'education' });
    const due = (await timersOf(id)).broken_timer!.due;
    clock.advance(10 * day + 60_000);
    for (let attempt = 1; attempt <= 4; attempt++) {
      await automation.settled();
      // Retried later, for the same due time (the key of its one event and run).
      expect((await timersOf(id)).broken_timer).toEqual({ due, attempts: attempt, status: attempt <= 3 ? 'scheduled' : 'failed' });
      clock.advance(60_000);
    }
    const [run] = await runsOf(id, 'broken_timer');
    expect(run).toMatchObject({ event: 'timer', status: 'failed', attempts: 4 });
    expect(run!.error).toMatch(/email/);
    expect(errors.some((e) => e.startsWith('automation timer failed'))).toBe(true);
    // The administrator retries from the log: the same event and run, one more attempt.
    await automation.retry(app, run!.id);
    await automation.settled();
    expect(await runsOf(id, 'broken_timer')).toEqual([expect.objectContaining({ id: run!.id, eventId: run!.eventId, status: 'failed', attempts: 5 })]);
  });

  it('a timer ruleset published later gives the records already there their timers, once', async () => {
    const id = await create('早于规则有限公司');
    const created = (await runtime.records.get(app, 'lead', id)).created_at as string;
    const v2 = nextVersion(bundle, '1.1.0', (draft) => {
      draft.rules!.push({
        key: 'week_review',
        label: l('A week after creation'),
        version: 1,
        entity: 'lead',
        triggers: ['timer'],
        timer: { field: 'created_at', offset: { amount: 7, unit: 'days' } },
        rules: [{ key: 'review', priority: 1, conditions: { and: [] }, actions: [score(7)] }],
      });
    });
    await runtime.apps.publish(v2, { actor: admin.userId });
    await automation.syncApps();
    expect((await timersOf(id)).week_review).toMatchObject({ due: new Date(Date.parse(created) + 7 * day).toISOString() });
    const { rows } = await sql<{ timers: number; leads: number }>`
      SELECT (SELECT count(*)::int FROM pipewright.automation_timers WHERE app = ${app} AND ruleset = 'week_review') AS timers,
             (SELECT count(*)::int FROM ${sql.table(`${(await runtime.apps.model(app)).schema}.lead`)} WHERE deleted_at IS NULL) AS leads`.execute(runtime.database.db);
    expect(rows[0]!.timers).toBe(rows[0]!.leads);
    // Applied once: a timer removed by hand is not set again by the next round.
    await sql`DELETE FROM pipewright.automation_timers WHERE app = ${app} AND ruleset = 'week_review' AND record_id = ${id}`.execute(runtime.database.db);
    await automation.syncApps();
    expect((await timersOf(id)).week_review).toBeUndefined();
  });
});
