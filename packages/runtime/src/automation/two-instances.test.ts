import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../database/index.ts';
import { testDatabaseKind } from '../database/testing.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { admin, openTestRuntime } from '../testing/runtime-fixture.ts';
import { Automation } from './automation.ts';
import { addSalesOrganisation, people, salesApp } from './automation.fixture.ts';

// Two server instances share one PostgreSQL; PGlite is one process's embedded database.
const onPostgres = testDatabaseKind() === 'postgres';
const app = salesApp.app.key;
let first: Runtime;
let second: Runtime;
const automations: Automation[] = [];

beforeAll(async () => {
  if (!onPostgres) return;
  first = await openTestRuntime(salesApp);
  await addSalesOrganisation(first, app);
  // The second instance: its own connection pool, app store and automation on the same database.
  second = await openRuntime(await createDatabase({ databaseUrl: first.database.location }));
  for (const runtime of [first, second]) automations.push(await Automation.start(runtime.database, runtime.apps, { sweepIntervalMs: 100, logError: () => undefined }));
}, 120_000);
afterAll(async () => {
  for (const automation of automations) await automation.stop();
  await second?.close();
  await first?.close();
});

describe.runIf(onPostgres)(`two instances on one database (${testDatabaseKind()})`, () => {
  it('share the work with no rule applied twice', async () => {
    // Writes land on both instances, as behind a load balancer.
    const writes = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? first : second).records.create(app, 'lead', { name: '访客', company: `双实例${i}有限公司`, source: 'website', intent: 4, industry: 'finance' }, admin));
    const created = await Promise.all(writes);
    await Promise.all(automations.map((a) => a.settled()));
    const ids = created.map((c) => c.id as number);
    const { rows: runs } = await sql<{ ruleset: string; n: number }>`
      SELECT ruleset, count(*)::int AS n FROM pipewright.automation_runs WHERE app = ${app} AND record_id IN (${sql.join(ids)}) AND status = 'done' GROUP BY ruleset ORDER BY ruleset`.execute(first.database.db);
    expect(runs).toEqual([
      { ruleset: 'lead_assignment', n: 60 },
      { ruleset: 'lead_scoring', n: 60 },
    ]);
    // Scored once each (10 for a new finance lead): no effect applied twice.
    const { rows: leads } = await sql<{ owner_id: number; score: number }>`SELECT owner_id, score FROM app_lead_opportunity.lead WHERE id IN (${sql.join(ids)})`.execute(first.database.db);
    expect(leads.every((l) => Number(l.score) === 10)).toBe(true);
    // Finance leads go to the finance specialists (here one).
    expect(new Set(leads.map((l) => Number(l.owner_id)))).toEqual(new Set(people.finance));
  });

  it('website leads in turn across both instances: nobody twice while another got none', async () => {
    const created = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? first : second).records.create(app, 'lead', { name: '访客', company: `双实例官网${i}有限公司`, source: 'website' }, admin)));
    await Promise.all(automations.map((a) => a.settled()));
    const { rows } = await sql<{ owner_id: number }>`
      SELECT l.owner_id FROM pipewright.automation_runs r JOIN app_lead_opportunity.lead l ON l.id = r.record_id
       WHERE r.app = ${app} AND r.ruleset = 'lead_assignment' AND r.record_id IN (${sql.join(created.map((c) => c.id as number))}) ORDER BY r.id`.execute(first.database.db);
    const owners = rows.map((r) => Number(r.owner_id));
    expect(owners).toHaveLength(60);
    // Across two instances the order of the runs' ids is the order their transactions began, not
    // the order they took the turn (automation.test.ts checks "never twice in a row" on one
    // instance), so here the fairness is the split: the same number each, none skipped or doubled.
    expect(people.web.map((u) => owners.filter((o) => o === u).length)).toEqual([20, 20, 20]);
  });
});
