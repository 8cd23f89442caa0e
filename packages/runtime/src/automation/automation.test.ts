import type { AppBundle } from '@pipewright/metadata';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../database/testing.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import type { Runtime } from '../runtime.ts';
import { admin, openTestRuntime } from '../testing/runtime-fixture.ts';
import { automationQueue, type Automation } from './automation.ts';
import { addSalesOrganisation, people, salesApp } from './automation.fixture.ts';

const app = salesApp.app.key;
let runtime: Runtime;
let automation: Automation;
const errors: string[] = [];

beforeAll(async () => {
  runtime = await openTestRuntime(salesApp);
  await addSalesOrganisation(runtime, app);
  automation = await runtime.startAutomation({ sweepIntervalMs: 200, logError: (message, details) => errors.push(`${message}: ${String(details.error)}`) });
}, 120_000);
afterAll(() => runtime?.close());

const lead = (company: string, extra: Record<string, unknown> = {}) => ({ name: '联系人', company, source: 'exhibition', ...extra });
const schema = async () => (await runtime.apps.model(app)).schema;

async function runsOf(recordId: number) {
  return (await automation.log(app, { entity: 'lead', recordId })).reverse();
}

describe(`automation after commit (${testDatabaseKind()})`, () => {
  it('territory: a mapped region goes round robin within its team (skipping leave and inactive reps), an unmapped one to the fallback pool, with the reason in the history and a follow-up task', async () => {
    const east = [];
    for (let i = 0; i < 4; i++) east.push(await runtime.records.create(app, 'lead', lead(`上海华东${i}有限公司`, { region: ['310000', '310100'] }), admin));
    const sichuan = await runtime.records.create(app, 'lead', lead('成都蓝图教育科技有限公司', { region: ['510000', '510100'] }), admin);
    await automation.settled();
    const owners = [];
    for (const l of east) owners.push((await runtime.records.get(app, 'lead', l.id as number)).owner_id);
    expect(owners).toEqual([...people.east, ...people.east]);
    expect((await runtime.records.get(app, 'lead', sichuan.id as number)).owner_id).toBe(people.pool[0]);

    const history = await runtime.records.history(app, 'lead', east[0]!.id as number);
    const assignment = history.find((h) => h.changes.owner_id?.because);
    expect(assignment!.changes.owner_id).toEqual({
      from: 1,
      to: people.east[0],
      because: {
        ruleset: 'lead_assignment',
        rule: 'by_region',
        strategy: 'territory(华东大区) → roundRobin',
        reason: 'region 310000/310100 is in 华东大区; next in turn in role sales_rep, department east_team',
      },
    });
    const { rows: tasks } = await sql<{ title: string; assignee_id: number }>`SELECT title, assignee_id FROM pipewright.tasks WHERE app = ${app} AND record_id = ${sichuan.id as number}`.execute(runtime.database.db);
    expect(tasks.map((t) => ({ ...t, assignee_id: Number(t.assignee_id) }))).toEqual([{ title: '首次联系 成都蓝图教育科技有限公司', assignee_id: people.pool[0] }]);
    const [run] = (await runsOf(sichuan.id as number)).filter((r) => r.ruleset === 'lead_assignment');
    expect(run).toMatchObject({ status: 'done', event: 'create', matched: ['by_region'] });
    expect(run!.effects.map((e) => e.result)).toEqual([`assigned to user ${people.pool[0]} (territory(otherwise) → leastLoaded)`, `task "首次联系 成都蓝图教育科技有限公司" for user ${people.pool[0]}`]);
  });

  it('fixed user and industry specialists: the first rule that holds wins', async () => {
    const referral = await runtime.records.create(app, 'lead', lead('深圳安和医疗器械有限公司', { source: 'referral', tags: ['vip'], region: ['310000'] }), admin);
    const finance = await runtime.records.create(app, 'lead', lead('上海金融有限公司', { industry: 'finance', source: 'referral', tags: ['vip'] }), admin);
    await automation.settled();
    expect((await runtime.records.get(app, 'lead', referral.id as number)).owner_id).toBe(people.zhaoLei);
    expect((await runtime.records.get(app, 'lead', finance.id as number)).owner_id).toBe(people.finance[0]);
  });

  it('round robin: 100 website leads in one bulk create are spread over the team, nobody twice while another got none', async () => {
    const created = await runtime.records.createMany(app, 'lead', Array.from({ length: 100 }, (_, i) => lead(`官网线索${i}有限公司`, { source: 'website' })), admin);
    await automation.settled();
    const { rows } = await sql<{ owner_id: number }>`SELECT owner_id FROM ${sql.table(`${await schema()}.lead`)} WHERE id IN (${sql.join(created.map((c) => c.id as number))}) ORDER BY id`.execute(runtime.database.db);
    const owners = rows.map((r) => Number(r.owner_id));
    const counts = Object.fromEntries(people.web.map((u) => [u, owners.filter((o) => o === u).length]));
    expect(counts).toEqual({ 41: 34, 42: 33, 43: 33 });
    for (let i = 0; i + 3 <= owners.length; i += 3) expect(new Set(owners.slice(i, i + 3)).size).toBe(3);
  });

  it('round robin: 50 concurrent creates are fair, and the turn survives a restart of automation', async () => {
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(`${await schema()}.lead`)} WHERE source = 'website'`.execute(runtime.database.db);
    const created = await Promise.all(Array.from({ length: 50 }, (_, i) => runtime.records.create(app, 'lead', lead(`并发线索${i}有限公司`, { source: 'website' }), admin)));
    await automation.settled();
    // In the order they were assigned (the runs' order): every window of three has all three reps.
    const { rows } = await sql<{ owner_id: number }>`
      SELECT l.owner_id FROM pipewright.automation_runs r JOIN ${sql.table(`${await schema()}.lead`)} l ON l.id = r.record_id
       WHERE r.app = ${app} AND r.ruleset = 'lead_assignment' AND r.record_id IN (${sql.join(created.map((c) => c.id as number))}) ORDER BY r.id`.execute(runtime.database.db);
    const owners = rows.map((r) => Number(r.owner_id));
    expect(owners).toHaveLength(50);
    for (let i = 0; i + 3 <= owners.length; i++) expect(new Set(owners.slice(i, i + 3)).size).toBe(3);
    // The 100 before ended on 41; 34+33+33 then 50 more: 41 gets 16, 42 and 43 17 each.
    const counts = people.web.map((u) => owners.filter((o) => o === u).length).sort();
    expect(counts).toEqual([16, 17, 17]);
    expect(before.rows[0]!.n).toBe(100);
    // A new process continues the turn from the table.
    await automation.stop();
    automation = await restartAutomation();
    const next = await runtime.records.create(app, 'lead', lead('重启后线索有限公司', { source: 'website' }), admin);
    await automation.settled();
    const expected = owners.at(-3)!; // the one whose turn is next: the longest ago of the three
    expect((await runtime.records.get(app, 'lead', next.id as number)).owner_id).toBe(expected);
  });

  it('scoring: points on create, more when the previous values did not have them, and a field set by the rule', async () => {
    const created = await runtime.records.create(app, 'lead', lead('苏州制造有限公司', { source: 'referral', industry: 'manufacturing' }), admin);
    await automation.settled();
    const id = created.id as number;
    expect((await runtime.records.get(app, 'lead', id)).score).toBe(30); // referral 20 + target industry 10
    await runtime.records.update(app, 'lead', id, { tags: ['budget_confirmed'] }, admin);
    await automation.settled();
    expect(await runtime.records.get(app, 'lead', id)).toMatchObject({ score: 60, status: 'qualified' });
    await runtime.records.update(app, 'lead', id, { tags: ['budget_confirmed', 'competitor'] }, admin);
    await automation.settled();
    expect((await runtime.records.get(app, 'lead', id)).score).toBe(60); // the tag was there before
    const history = await runtime.records.history(app, 'lead', id);
    expect(history.find((h) => h.changes.score?.to === 60)!.changes.score!.because).toEqual({ ruleset: 'lead_scoring', rule: 'budget_confirmed', points: 30 });
  });

  it('exactly once: a job delivered again for events already run applies nothing', async () => {
    const created = await runtime.records.create(app, 'lead', lead('无锡重复投递有限公司', { source: 'referral', industry: 'healthcare' }), admin);
    await automation.settled();
    const id = created.id as number;
    expect((await runtime.records.get(app, 'lead', id)).score).toBe(30);
    const { rows } = await sql<{ id: number }>`SELECT id FROM pipewright.record_events WHERE app = ${app} AND record_id = ${id} AND kind = 'create'`.execute(runtime.database.db);
    // Another process's queue sends the same event's job twice more (a redelivery).
    const queue = await JobQueue.start(runtime.database, { pollingIntervalSeconds: 0.5 });
    await queue.defineQueue({ name: automationQueue, retryLimit: 3, retryDelaySeconds: 2, retryBackoff: true, deadLetter: 'automation-events-failed' });
    await queue.send(automationQueue, { events: [Number(rows[0]!.id)] });
    await queue.send(automationQueue, { events: [Number(rows[0]!.id)] });
    await queue.stop();
    await automation.settled();
    expect((await runtime.records.get(app, 'lead', id)).score).toBe(30);
    const { rows: tasks } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pipewright.tasks WHERE app = ${app} AND record_id = ${id}`.execute(runtime.database.db);
    expect(tasks[0]!.n).toBe(1);
    expect((await runsOf(id)).filter((r) => r.event === 'create').map((r) => [r.ruleset, r.status, r.attempts])).toEqual([
      ['lead_assignment', 'done', 1],
      ['lead_scoring', 'done', 1],
    ]);
  });

  it('a loop is stopped at the depth limit with a logged error and nothing applied', async () => {
    const created = await runtime.records.create(app, 'lead', lead('杭州循环有限公司', { source: 'referral', industry: 'retail' }), admin);
    await automation.settled();
    const id = created.id as number;
    const score = (await runtime.records.get(app, 'lead', id)).score;
    // An update as deep as the limit, as a loop of rules would make it (the change and its event commit together).
    const table = sql.table(`${await schema()}.lead`);
    await runtime.database.db.transaction().execute(async (trx) => {
      await sql`UPDATE ${table} SET tags = ARRAY['budget_confirmed'] WHERE id = ${id}`.execute(trx);
      await sql`INSERT INTO pipewright.record_events (app, entity, record_id, kind, changed, previous, actor, depth)
                VALUES (${app}, 'lead', ${id}, 'update', '{tags}', ${JSON.stringify({ tags: [] })}::jsonb, 1, 5)`.execute(trx);
    });
    await automation.settled();
    expect((await runtime.records.get(app, 'lead', id)).score).toBe(score);
    const [stopped] = (await runsOf(id)).filter((r) => r.status === 'failed');
    expect(stopped).toMatchObject({ ruleset: 'lead_scoring', matched: ['referral_bonus', 'budget_confirmed'] });
    expect(stopped!.error).toMatch(/^stopped at automation depth 5/);
    expect(errors.some((e) => e.startsWith('automation depth limit'))).toBe(true);
  });
});

describe(`a run that fails (${testDatabaseKind()})`, () => {
  it('rolls back whole, is logged as failed with its error, retried, and retried again on request', async () => {
    // A rule whose write a validation rule refuses: its score must not be written either.
    const bundle: AppBundle = structuredClone(salesApp);
    bundle.app.version = '1.0.1';
    bundle.rules!.push({
      key: 'bad_disqualify',
      label: { 'zh-CN': '错误规则', en: 'A bad rule' },
      version: 1,
      entity: 'lead',
      triggers: ['create'],
      rules: [{ key: 'disqualify_cold', priority: 1, conditions: { field: 'intent', op: 'eq', value: 1 }, actions: [{ type: 'addScore', field: 'score', points: -5 }, { type: 'setField', field: 'status', value: "'disqualified'" }] }],
    } as NonNullable<AppBundle['rules']>[number]);
    await runtime.apps.publish(bundle, { actor: 1 });
    const created = await runtime.records.create(app, 'lead', lead('南京冷线索有限公司', { intent: 1 }), admin);
    const id = created.id as number;
    await automation.settled(90_000);
    const [failed] = (await runsOf(id)).filter((r) => r.ruleset === 'bad_disqualify');
    expect(failed).toMatchObject({ status: 'failed', attempts: 4 });
    expect(failed!.error).toContain('标记为无效前请在需求描述中写明原因。');
    expect(await runtime.records.get(app, 'lead', id)).toMatchObject({ score: 0, status: 'new' });
    // The other rulesets of the same event ran once.
    expect((await runsOf(id)).filter((r) => r.status === 'done').map((r) => r.ruleset)).toEqual(['lead_assignment', 'lead_scoring']);
    // With a description the rule's write passes; the admin's retry runs it once.
    await runtime.records.update(app, 'lead', id, { description: '没有预算' }, admin);
    await automation.retry(app, failed!.id);
    await automation.settled();
    expect(await runtime.records.get(app, 'lead', id)).toMatchObject({ score: -5, status: 'disqualified' });
    expect(await automation.run(app, failed!.id)).toMatchObject({ status: 'done', attempts: 5 });
  }, 120_000);
});

async function restartAutomation(): Promise<Automation> {
  // `startAutomation` starts once per runtime; a second process is a second Automation on the same database.
  const { Automation } = await import('./automation.ts');
  return Automation.start(runtime.database, runtime.apps, { sweepIntervalMs: 200, logError: (message, details) => errors.push(`${message}: ${String(details.error)}`) });
}
