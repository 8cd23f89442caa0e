/**
 * Random sequences of acts on a quote approval, by anyone, on any of its tasks (open or not),
 * with any action, and cancels: the server never answers 5xx, and after each answer the
 * instance is whole: its stored open tasks are exactly the engine's pending ones, its status
 * column is its state's, an ended instance has no open task, and the quote is locked exactly
 * while the instance runs.
 */
import fc from 'fast-check';
import { testDatabaseKind, WorkflowService, workflowQuotesBundle } from '@pipewright/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';

const app = workflowQuotesBundle.app.key;
const password = 'correct horse battery';
let server: TestServer;
const as: Record<string, SessionHeaders> = {};
const logins = ['rep', 'manager', 'director', 'other.rep'] as const;

beforeAll(async () => {
  server = await openTestServer({
    bundle: workflowQuotesBundle,
    workflows: (runtime, identity) => new WorkflowService({ database: runtime.database, apps: runtime.apps, records: runtime.records, directory: identity.directory }),
  });
  const ids: Record<string, number> = {};
  const people: [login: string, roles: string[], manager?: string][] = [['director', ['sales_rep']], ['manager', ['sales_manager'], 'director'], ['rep', ['sales_rep'], 'manager'], ['other.rep', ['sales_rep'], 'manager']];
  for (const [login, roles, manager] of people) {
    const created = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name: login, password, ...(manager ? { managerId: ids[manager] } : {}) } });
    ids[login] = created.json<{ id: number }>().id;
    await server.inject({ method: 'PUT', url: `/api/users/${ids[login]}/roles/${app}`, payload: { roles } });
    as[login] = await server.login(login, password);
  }
}, 120_000);
afterAll(() => server?.close());

const call = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => server.app.inject({ method, url, headers: as[who]!, ...(payload !== undefined ? { payload: payload as object } : {}) });

const move = fc.record({
  who: fc.constantFrom(...logins),
  task: fc.nat({ max: 5 }),
  action: fc.constantFrom('approve', 'reject', 'return', 'resubmit', 'cancel', 'edit'),
  toNode: fc.option(fc.constantFrom('start', 'route'), { nil: undefined }),
});

async function whole(instanceId: number, recordId: number): Promise<void> {
  const row = (await server.workflows!.instance(instanceId))!;
  const tasks = await server.workflows!.tasksOf(instanceId);
  expect(row.status).toBe(row.state.status);
  const pending = row.state.tasks.filter((t) => t.status === 'pending').map((t) => t.id).sort();
  expect(tasks.filter((t) => t.status === 'open').map((t) => t.engineId).sort()).toEqual(pending);
  if (['approved', 'rejected', 'cancelled', 'completed'].includes(row.status)) expect(pending).toEqual([]);
  const { rows } = await server.runtime.database.executeSql(`SELECT count(*)::int AS n FROM pipewright.workflow_task_holders h JOIN pipewright.workflow_tasks t ON t.id = h.task WHERE t.instance = $1 AND h.status = 'open' AND t.status <> 'open'`, [instanceId]);
  expect(Number(rows[0]!.n)).toBe(0);
  const write = await call('rep', 'PATCH', `/api/apps/${app}/records/quote/${recordId}`, { title: `改 ${Date.now()}` });
  expect(write.statusCode, write.body).toBe(row.status === 'running' ? 409 : 200);
}

describe(`workflow acts in any order (${testDatabaseKind()})`, () => {
  it('never 5xx, never a half-applied instance', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(10, 20, 40), fc.array(move, { minLength: 1, maxLength: 8 }), async (discount, moves) => {
        const created = await call('rep', 'POST', `/api/apps/${app}/records/quote`, { title: '随机报价', discount });
        const recordId = created.json<{ id: number }>().id;
        const started = await call('rep', 'POST', `/api/apps/${app}/workflows/quote_approval/start`, { recordId });
        expect(started.statusCode).toBe(201);
        const instanceId = started.json<{ id: number }>().id;
        for (const m of moves) {
          const tasks = await server.workflows!.tasksOf(instanceId);
          let answer;
          if (m.action === 'cancel') answer = await call(m.who, 'POST', `/api/apps/${app}/workflow-instances/${instanceId}/cancel`, {});
          else if (m.action === 'edit') answer = await call(m.who, 'PATCH', `/api/apps/${app}/records/quote/${recordId}`, { discount: discount === 40 ? 20 : 10 });
          else if (tasks.length === 0) continue;
          else answer = await call(m.who, 'POST', `/api/tasks/${tasks[m.task % tasks.length]!.id}/${m.action}`, m.toNode ? { toNode: m.toNode } : {});
          expect(answer.statusCode, answer.body).toBeLessThan(500);
          await whole(instanceId, recordId);
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
