import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../database/index.ts';
import { testDatabaseKind } from '../database/testing.ts';
import { openIdentity, type Identity } from '../identity/index.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { admin, openTestRuntime } from '../testing/runtime-fixture.ts';
import { workflowQuotesBundle } from '../testing/workflow-quotes.ts';
import { WorkflowService } from './workflow-service.ts';

// Two server processes share one PostgreSQL (their own pools, app stores and workflow services);
// PGlite is one process's embedded database.
const onPostgres = testDatabaseKind() === 'postgres';
const app = workflowQuotesBundle.app.key;
const runtimes: Runtime[] = [];
const identities: Identity[] = [];
const services: WorkflowService[] = [];
let clock = new Date('2026-12-01T08:00:00Z');
const people: Record<string, number> = {};

beforeAll(async () => {
  if (!onPostgres) return;
  runtimes.push(await openTestRuntime(workflowQuotesBundle));
  runtimes.push(await openRuntime(await createDatabase({ databaseUrl: runtimes[0]!.database.location })));
  for (const runtime of runtimes) {
    const identity = await openIdentity(runtime.database, { apps: runtime.apps });
    identities.push(identity);
    services.push(new WorkflowService({ database: runtime.database, apps: runtime.apps, records: runtime.records, directory: identity.directory, now: () => clock }));
  }
  const directory = identities[0]!.directory;
  people.director = (await directory.createUser({ login: 'director', name: '总监' })).id;
  people.manager = (await directory.createUser({ login: 'manager', name: '经理', managerId: people.director })).id;
  people.rep = (await directory.createUser({ login: 'rep', name: '销售', managerId: people.manager })).id;
  // The second process learns of the new people as it would: its directory reloads the org chart.
  await identities[1]!.directory.orgChart();
}, 120_000);
afterAll(async () => {
  for (const identity of identities) await identity.close();
  for (const runtime of runtimes.reverse()) await runtime.close();
});

async function quotes(count: number, discount: number): Promise<number[]> {
  const created = await runtimes[0]!.records.createMany(app, 'quote', Array.from({ length: count }, (_, i) => ({ title: `并发报价 ${i}`, discount })), { userId: people.rep! });
  return created.map((r) => r.id as number);
}

describe.runIf(onPostgres)(`two workflow services on one database (${testDatabaseKind()})`, () => {
  it('the same approval sent to both at once: each task is acted on once, each quote approved once', async () => {
    const ids = await quotes(30, 20);
    const started = await Promise.all(ids.map((id, i) => services[i % 2]!.start(app, 'quote_approval', id, { userId: people.rep! })));
    const tasks = await Promise.all(started.map(async (instance) => (await services[0]!.tasksOf(instance.id)).find((t) => t.status === 'open')!));
    const outcomes = await Promise.allSettled(tasks.flatMap((task) => services.map((service) => service.act(task.id, 'approve', () => ({ userId: people.manager! })))));
    const won = outcomes.filter((o) => o.status === 'fulfilled').length;
    const codes = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { code?: string }).code] : []));
    expect(won).toBe(30);
    expect(codes).toHaveLength(30);
    expect(codes.every((c) => c === 'task.done' || c === 'instance.ended')).toBe(true);
    for (const instance of started) {
      const after = (await services[1]!.instance(instance.id))!;
      expect(after.status).toBe('approved');
      expect(after.state.history.filter((h) => h.what === 'acted')).toHaveLength(1);
    }
    // The workflow's `updateRecord` ran once per step: pending at the start, approved at the end.
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(`app_${app}._audit`)} WHERE entity = 'quote' AND record_id IN (${sql.join(ids)})`.execute(runtimes[0]!.database.db);
    expect(rows[0]!.n).toBe(60);
  });

  it('timers swept by both at once: each timeout escalates once', async () => {
    const ids = await quotes(20, 5);
    const started = await Promise.all(ids.map((id) => services[0]!.start(app, 'timed', id, { userId: people.rep! })));
    clock = new Date(clock.getTime() + 2 * 3600_000);
    await Promise.all(services.map((s) => s.fireDueTimers()));
    for (const instance of started) {
      const tasks = await services[0]!.tasksOf(instance.id);
      expect(tasks.map((t) => [t.status, t.userIds])).toEqual([
        ['cancelled', [people.manager]],
        ['open', [people.director]],
      ]);
    }
  });

  it('a start on both at once: one instance per record', async () => {
    const [id] = await quotes(1, 20);
    const outcomes = await Promise.allSettled(services.map((s) => s.start(app, 'quote_approval', id!, admin)));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'workflow.alreadyRunning' });
    expect(await services[0]!.instancesOn(app, 'quote', id!)).toHaveLength(1);
  });
});
