import { ManualClock } from '@pipewright/engines';
import type { AppBundle } from '@pipewright/metadata';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../database/testing.ts';
import type { Runtime } from '../runtime.ts';
import { admin, nextVersion, openTestRuntime } from '../testing/runtime-fixture.ts';
import { Automation } from './automation.ts';
import { addSalesOrganisation, salesApp } from './automation.fixture.ts';

const app = salesApp.app.key;
const l = (en: string) => ({ 'zh-CN': en, en });

/** Every weekday at 09:00 in Shanghai, the contacted leads get a point. */
const bundle: AppBundle = structuredClone(salesApp);
bundle.rules!.push({
  key: 'weekday_morning',
  label: l('Weekday morning round'),
  version: 1,
  entity: 'lead',
  triggers: ['schedule'],
  schedule: { cron: '0 9 * * 1-5', timezone: 'Asia/Shanghai' },
  scheduleFilter: { field: 'status', op: 'eq', value: 'contacted' },
  rules: [{ key: 'point', priority: 1, conditions: { and: [] }, actions: [{ type: 'addScore', field: 'score', points: 1 }] }],
});

let runtime: Runtime;
const automations: Automation[] = [];
// Friday 2026-12-04, 08:00 in Shanghai.
const clock = new ManualClock(new Date('2026-12-04T00:00:00Z'));
const errors: string[] = [];
const leads: Record<string, number> = {};

beforeAll(async () => {
  runtime = await openTestRuntime(bundle);
  await addSalesOrganisation(runtime, app);
  for (const [name, status] of [['contacted1', 'contacted'], ['contacted2', 'contacted'], ['fresh', 'new']] as const) {
    leads[name] = (await runtime.records.create(app, 'lead', { name: '联系人', company: `${name}有限公司`, source: 'exhibition', status }, admin)).id as number;
  }
  // Two automations on one database, as two server processes would run.
  for (let i = 0; i < 2; i++) automations.push(await Automation.start(runtime.database, runtime.apps, { clock, sweepIntervalMs: 50, logError: (message, details) => errors.push(`${message}: ${String(details.error)}`) }));
  await settled();
}, 120_000);
afterAll(async () => {
  for (const automation of automations) await automation.stop();
  await runtime?.close();
});

const settled = () => Promise.all(automations.map((a) => a.settled()));
const scores = async () => Object.fromEntries(await Promise.all(Object.entries(leads).map(async ([name, id]) => [name, Number((await runtime.records.get(app, 'lead', id)).score)])));
const at = async (iso: string) => {
  clock.set(new Date(iso));
  await settled();
  await settled();
};

describe(`cron schedules over a filter of records (${testDatabaseKind()})`, () => {
  it('every weekday at 09:00 Asia/Shanghai: each occurrence runs once per matching record, with two automations on one database; missed occurrences run once', async () => {
    const start = await scores();
    await at('2026-12-04T00:59:00Z'); // 08:59: not yet
    expect(await scores()).toEqual(start);
    await at('2026-12-04T01:00:30Z'); // Friday 09:00
    expect(await scores()).toEqual({ contacted1: start.contacted1 + 1, contacted2: start.contacted2 + 1, fresh: start.fresh });
    await at('2026-12-05T02:00:00Z'); // Saturday 10:00: no occurrence
    expect(await scores()).toEqual({ contacted1: start.contacted1 + 1, contacted2: start.contacted2 + 1, fresh: start.fresh });
    // A record that stops matching before its turn is passed over.
    await runtime.records.update(app, 'lead', leads.contacted2!, { status: 'qualified' }, admin);
    await at('2026-12-07T01:01:00Z'); // Monday 09:01
    expect(await scores()).toEqual({ contacted1: start.contacted1 + 2, contacted2: start.contacted2 + 1, fresh: start.fresh });
    // No process ran from Tuesday to Thursday: those occurrences collapse into one.
    await at('2026-12-10T03:00:00Z');
    expect(await scores()).toEqual({ contacted1: start.contacted1 + 3, contacted2: start.contacted2 + 1, fresh: start.fresh });

    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pipewright.automation_runs WHERE app = ${app} AND ruleset = 'weekday_morning' AND record_id = ${leads.contacted1!}`.execute(runtime.database.db);
    expect(rows[0]!.n).toBe(3);
    const [schedule] = (await sql<{ next_at: Date }>`SELECT next_at FROM pipewright.automation_schedules WHERE app = ${app} AND ruleset = 'weekday_morning'`.execute(runtime.database.db)).rows;
    expect(new Date(schedule!.next_at).toISOString()).toBe('2026-12-11T01:00:00.000Z');
    expect(errors).toEqual([]);
  });

  it('a cron expression the scheduler cannot run, or an unknown time zone, is refused at publish with its JSON path', async () => {
    const index = bundle.rules!.length - 1;
    const bad = nextVersion(bundle, '9.0.0', (draft) => {
      draft.rules![index]!.schedule = { cron: '61 9 * * 1-5', timezone: 'Asia/Shanghai' };
    });
    await expect(runtime.apps.publish(bad, { actor: admin.userId })).rejects.toMatchObject({ errors: [expect.objectContaining({ path: `/rules/${index}/schedule/cron` })] });
    const zone = nextVersion(bundle, '9.0.1', (draft) => {
      draft.rules![index]!.schedule = { cron: '0 9 * * 1-5', timezone: 'Mars/Olympus' };
    });
    await expect(runtime.apps.publish(zone, { actor: admin.userId })).rejects.toMatchObject({ errors: [expect.objectContaining({ path: `/rules/${index}/schedule/timezone` })] });
  });
});
