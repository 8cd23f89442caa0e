import { testDatabaseKind, WorkflowService, workflowQuotesBundle } from '@pipewright/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';

// The quote app with one more workflow: a quote created with a discount over 50 % goes to the
// rep's manager by itself.
const bundle = structuredClone(workflowQuotesBundle);
const review = structuredClone(bundle.workflows![1]!);
review.key = 'big_discount_review';
review.trigger = { on: 'create', condition: 'discount > 50' };
(review.nodes.find((n) => n.id === 'ask') as unknown as { config: unknown }).config = { mode: 'single', assignees: [{ type: 'manager', of: 'initiator', level: 1 }] };
bundle.workflows!.push(review);
const app = bundle.app.key;
let server: TestServer;
let rep: SessionHeaders;
let managerId: number;

beforeAll(async () => {
  server = await openTestServer({
    bundle,
    workflows: (runtime, identity) => new WorkflowService({ database: runtime.database, apps: runtime.apps, records: runtime.records, directory: identity.directory }),
  });
  await server.runtime.startAutomation({ workflows: server.workflows!, sweepIntervalMs: 200, logError: () => undefined });
  const manager = await server.inject({ method: 'POST', url: '/api/users', payload: { login: 'manager', name: '经理', password: 'correct horse battery' } });
  managerId = manager.json<{ id: number }>().id;
  const created = await server.inject({ method: 'POST', url: '/api/users', payload: { login: 'rep', name: '销售', password: 'correct horse battery', managerId } });
  await server.inject({ method: 'PUT', url: `/api/users/${created.json<{ id: number }>().id}/roles/${app}`, payload: { roles: ['sales_rep'] } });
  rep = await server.login('rep', 'correct horse battery');
}, 120_000);
afterAll(() => server?.close());

describe(`workflows started by record events (${testDatabaseKind()})`, () => {
  it('a created quote whose trigger condition holds starts the workflow once; one that does not starts none', async () => {
    const big = await server.app.inject({ method: 'POST', url: `/api/apps/${app}/records/quote`, headers: rep, payload: { title: '大折扣', discount: 60 } });
    const small = await server.app.inject({ method: 'POST', url: `/api/apps/${app}/records/quote`, headers: rep, payload: { title: '小折扣', discount: 20 } });
    expect([big.statusCode, small.statusCode]).toEqual([201, 201]);
    await server.runtime.automation!.settled();
    const bigId = big.json<{ id: number }>().id;
    const onBig = await server.workflows!.instancesOn(app, 'quote', bigId);
    expect(onBig.map((i) => [i.workflow, i.status])).toEqual([['big_discount_review', 'running']]);
    const tasks = await server.workflows!.tasksOf(onBig[0]!.id);
    expect(tasks.map((t) => t.userIds)).toEqual([[managerId]]);
    expect(await server.workflows!.instancesOn(app, 'quote', small.json<{ id: number }>().id)).toEqual([]);
    // The same event delivered again (a retried job) starts nothing twice.
    const { rows } = await server.runtime.database.executeSql(`SELECT id FROM pipewright.record_events WHERE entity = 'quote' AND record_id = $1 AND kind = 'create'`, [bigId]);
    const event = { id: Number(rows[0]!.id), app, entity: 'quote', recordId: bigId, kind: 'create' as const, changed: null, previous: null, detail: null, actor: onBig[0]!.startedBy, depth: 0, createdAt: new Date() };
    expect(await server.workflows!.startFor(event)).toEqual([]);
    expect(await server.workflows!.instancesOn(app, 'quote', bigId)).toHaveLength(1);
    // The workflow's own write (it marks nothing here) and later updates by the rep are refused while it runs.
    const write = await server.app.inject({ method: 'PATCH', url: `/api/apps/${app}/records/quote/${bigId}`, headers: rep, payload: { discount: 10 } });
    expect(write.json<{ code: string }>().code).toBe('record.inApproval');
  });
});
