import { testDatabaseKind, WorkflowService, workflowQuotesBundle } from '@pipewright/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';

const app = workflowQuotesBundle.app.key;
const password = 'correct horse battery';
let server: TestServer;
let clock = new Date('2026-12-01T08:00:00Z');
const as: Record<string, SessionHeaders> = {};
const ids: Record<string, number> = {};

interface User {
  id: number;
  name: string;
}
interface Task {
  id: number;
  instanceId: number;
  node: string;
  kind: string;
  status: string;
  actions: string[];
  returnTargets: { node: string; label: string }[];
  recordTitle: string;
  nodeLabel: string;
  startedBy: User;
}
interface Instance {
  id: number;
  status: string;
  openTasks: Task[];
  timeline: { kind: string; node: string | null; user: User | null; assignees: User[]; action: string | null; comment: string | null; durationMs: number | null }[];
  recordTitle: string;
  workflowLabel: string;
}

async function person(login: string, roles: string[], managerId?: number): Promise<number> {
  const created = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name: login.toUpperCase(), password, ...(managerId ? { managerId } : {}) } });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: number }>().id;
  const roleSet = await server.inject({ method: 'PUT', url: `/api/users/${id}/roles/${app}`, payload: { roles } });
  expect(roleSet.statusCode, roleSet.body).toBeLessThan(300);
  as[login] = await server.login(login, password);
  ids[login] = id;
  return id;
}

const call = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  server.app.inject({ method, url, headers: { ...as[who]! }, ...(payload !== undefined ? { payload: payload as object } : {}) });

async function quote(discount: number, title = `报价 ${discount}%`): Promise<number> {
  const created = await call('rep', 'POST', `/api/apps/${app}/records/quote`, { title, discount, approval_status: 'draft' });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ id: number }>().id;
}

async function start(workflow: string, recordId: number, who = 'rep'): Promise<Instance> {
  const started = await call(who, 'POST', `/api/apps/${app}/workflows/${workflow}/start`, { recordId });
  expect(started.statusCode, started.body).toBe(201);
  return started.json<Instance>();
}

async function act(who: string, taskId: number, action: string, body: Record<string, unknown> = {}): Promise<{ task: Task; instance: Instance }> {
  const acted = await call(who, 'POST', `/api/tasks/${taskId}/${action}`, body);
  expect(acted.statusCode, acted.body).toBe(200);
  return acted.json();
}

async function status(recordId: number): Promise<string> {
  const read = await server.inject({ method: 'GET', url: `/api/apps/${app}/records/quote/${recordId}` });
  return read.json<{ approval_status: string }>().approval_status;
}

const pendingOf = async (who: string) => (await call(who, 'GET', '/api/tasks')).json<{ items: Task[]; counts: { pending: number; done: number; cc: number } }>();

beforeAll(async () => {
  server = await openTestServer({
    bundle: workflowQuotesBundle,
    workflows: (runtime, identity) => new WorkflowService({ database: runtime.database, apps: runtime.apps, records: runtime.records, directory: identity.directory, now: () => clock }),
  });
  // The director reads only their own quotes: holding a task is what lets them read the rep's.
  const director = await person('director', ['sales_rep']);
  const manager = await person('manager', ['sales_manager'], director);
  await person('rep', ['sales_rep'], manager);
  await person('other.rep', ['sales_rep'], manager);
  for (const signer of ['signer.a', 'signer.b', 'signer.c']) await person(signer, ['sales_manager']);
}, 120_000);
afterAll(() => server?.close());

describe(`workflows over HTTP (${testDatabaseKind()})`, () => {
  it('a quote at 15 % or less is approved at once: no task, the quote marked approved', async () => {
    const id = await quote(15);
    const instance = await start('quote_approval', id);
    expect(instance.status).toBe('approved');
    expect(instance.openTasks).toEqual([]);
    expect(await status(id)).toBe('approved');
    expect(instance.timeline.map((e) => e.kind)).toEqual(['started', 'entered', 'entered', 'entered', 'entered', 'entered', 'ended']);
  });

  it('over 15 %: the rep\'s manager approves from the inbox; the record is locked meanwhile; the timeline says who did what', async () => {
    const id = await quote(20, '星辰科技报价');
    const instance = await start('quote_approval', id);
    expect(instance.status).toBe('running');
    expect(instance.openTasks).toHaveLength(1);
    expect(instance.timeline.find((e) => e.kind === 'taskCreated')?.assignees).toEqual([{ id: ids.manager, name: 'MANAGER' }]);
    expect(await status(id)).toBe('pending');
    // The record is in approval: the rep's ordinary write is refused.
    const write = await call('rep', 'PATCH', `/api/apps/${app}/records/quote/${id}`, { discount: 10 });
    expect(write.statusCode, write.body).toBe(409);
    expect(write.json<{ code: string }>().code).toBe('record.inApproval');
    // The rep cannot act on the manager's task; the director neither.
    const taskId = instance.openTasks[0]!.id;
    expect((await call('rep', 'POST', `/api/tasks/${taskId}/approve`, {})).json<{ code: string }>().code).toBe('task.notYours');
    // The director cannot even read the quote: the task is unknown to them (nothing leaks).
    expect((await call('director', 'POST', `/api/tasks/${taskId}/approve`, {})).json<{ code: string }>().code).toBe('task.unknown');
    const inbox = await pendingOf('manager');
    const item = inbox.items.find((t) => t.id === taskId)!;
    expect(item).toMatchObject({ recordTitle: '星辰科技报价', nodeLabel: '经理审批', kind: 'approval', actions: ['approve', 'reject', 'return', 'transfer', 'addSigner', 'comment'], startedBy: { id: ids.rep, name: 'REP' } });
    expect(item.returnTargets.map((t) => t.node)).toEqual(['start']);
    clock = new Date(clock.getTime() + 90_000);
    const { task, instance: after } = await act('manager', taskId, 'approve', { comment: '同意' });
    expect(task).toMatchObject({ status: 'done', action: 'approve', actions: [] });
    expect(after.status).toBe('approved');
    expect(await status(id)).toBe('approved');
    const acted = after.timeline.find((e) => e.kind === 'taskActed')!;
    expect(acted).toMatchObject({ user: { id: ids.manager, name: 'MANAGER' }, action: 'approve', comment: '同意', durationMs: 90_000 });
    // Acting twice: 409; the record is writable again.
    const twice = await call('manager', 'POST', `/api/tasks/${taskId}/approve`, {});
    expect(twice.statusCode).toBe(409);
    expect(['task.done', 'instance.ended']).toContain(twice.json<{ code: string }>().code);
    expect((await call('rep', 'PATCH', `/api/apps/${app}/records/quote/${id}`, { discount: 10 })).statusCode).toBe(200);
    expect((await pendingOf('manager')).items.some((t) => t.id === taskId)).toBe(false);
    expect((await call('manager', 'GET', '/api/tasks?box=done')).json<{ items: Task[] }>().items.some((t) => t.id === taskId)).toBe(true);
  });

  it('over 30 %: the manager, then the director; a rejection marks the quote rejected, the rep may submit again', async () => {
    const id = await quote(35);
    const first = await start('quote_approval', id);
    const managerTask = first.openTasks[0]!;
    expect((await call('director', 'GET', '/api/tasks')).json<{ items: Task[] }>().items.some((t) => t.instanceId === first.id)).toBe(false);
    const afterManager = (await act('manager', managerTask.id, 'approve')).instance;
    expect(afterManager.status).toBe('running');
    const directorTask = afterManager.openTasks[0]!;
    // Holding the task, the director reads the quote (a read share) and finds it in the inbox.
    expect((await call('director', 'GET', `/api/apps/${app}/records/quote/${id}`)).statusCode).toBe(200);
    expect((await pendingOf('director')).items.map((t) => t.id)).toContain(directorTask.id);
    expect(afterManager.timeline.filter((e) => e.kind === 'taskCreated').at(-1)?.assignees).toEqual([{ id: ids.director, name: 'DIRECTOR' }]);
    const rejected = (await act('director', directorTask.id, 'reject', { comment: '折扣过高' })).instance;
    expect(rejected.status).toBe('rejected');
    expect(await status(id)).toBe('rejected');
    // Resubmission: a new instance on the same quote, after lowering the discount.
    expect((await call('rep', 'PATCH', `/api/apps/${app}/records/quote/${id}`, { discount: 25 })).statusCode).toBe(200);
    const again = await start('quote_approval', id);
    expect(again.id).not.toBe(first.id);
    expect(again.openTasks.map((t) => t.node)).toEqual(['manager']);
    const history = (await call('rep', 'GET', `/api/apps/${app}/records/quote/${id}/workflows`)).json<{ startable: { workflow: string }[]; instances: Instance[] }>();
    expect(history.instances.map((i) => i.status)).toEqual(['running', 'rejected']);
    // Running on the record: no longer startable; the other manual workflows are.
    expect(history.startable.map((w) => w.workflow)).toEqual(['countersign', 'vote', 'copied', 'editable', 'partial', 'timed']);
    // The manager reads the quote but may not update it: nothing to start.
    expect((await call('manager', 'GET', `/api/apps/${app}/records/quote/${id}/workflows`)).json<{ startable: unknown[] }>().startable).toEqual([]);
  });

  it('return restarts the path (afterReturn restart): the rep edits the returned quote and resubmits; the lowered discount is approved at once', async () => {
    const id = await quote(20);
    const started = await start('quote_approval', id);
    const returned = (await act('manager', started.openTasks[0]!.id, 'return', { comment: '请降低折扣', toNode: 'start' })).instance;
    expect(returned.status).toBe('returned');
    const resubmit = returned.openTasks[0]!;
    expect(resubmit).toMatchObject({ kind: 'resubmit', actions: [] });
    const repView = (await pendingOf('rep')).items.find((t) => t.id === resubmit.id)!;
    expect(repView.actions).toEqual(['resubmit']);
    // A returned quote is the rep's to edit.
    expect((await call('rep', 'PATCH', `/api/apps/${app}/records/quote/${id}`, { discount: 10 })).statusCode).toBe(200);
    const done = (await act('rep', resubmit.id, 'resubmit', { comment: '已调整' })).instance;
    expect(done.status).toBe('approved');
    expect(await status(id)).toBe('approved');
  });

  it('return resumes at the node (afterReturn resume): after resubmission the sequential approval starts again at the manager', async () => {
    const id = await quote(40);
    const started = await start('quote_approval', id);
    const afterManager = (await act('manager', started.openTasks[0]!.id, 'approve')).instance;
    const returned = (await act('director', afterManager.openTasks[0]!.id, 'return')).instance;
    const resumed = (await act('rep', returned.openTasks[0]!.id, 'resubmit')).instance;
    expect(resumed.status).toBe('running');
    expect(resumed.openTasks.map((t) => t.node)).toEqual(['director']);
    expect(resumed.timeline.filter((e) => e.kind === 'entered').map((e) => e.node).slice(-1)).toEqual(['director']);
    const task = resumed.openTasks[0]!;
    expect((await pendingOf('manager')).items.some((t) => t.id === task.id)).toBe(true);
  });

  it('countersign: all three must approve, in any order', async () => {
    const id = await quote(5);
    const started = await start('countersign', id);
    expect(started.openTasks).toHaveLength(3);
    const byHolder = async (login: string) => (await pendingOf(login)).items.find((t) => t.instanceId === started.id)!.id;
    expect((await act('signer.b', await byHolder('signer.b'), 'approve')).instance.status).toBe('running');
    expect((await act('signer.c', await byHolder('signer.c'), 'approve')).instance.status).toBe('running');
    const last = await act('signer.a', await byHolder('signer.a'), 'approve');
    expect(last.instance.status).toBe('approved');
    expect(await status(id)).toBe('approved');
  });

  it('vote ratio 60 %: one rejection and two approvals pass; two rejections fail', async () => {
    const passing = await start('vote', await quote(5));
    const task = async (login: string, instance: Instance) => (await pendingOf(login)).items.find((t) => t.instanceId === instance.id)!.id;
    await act('signer.a', await task('signer.a', passing), 'reject');
    await act('signer.b', await task('signer.b', passing), 'approve');
    expect((await act('signer.c', await task('signer.c', passing), 'approve')).instance.status).toBe('approved');
    const failing = await start('vote', await quote(6));
    await act('signer.a', await task('signer.a', failing), 'reject');
    const second = await act('signer.b', await task('signer.b', failing), 'reject');
    expect(second.instance.status).toBe('rejected');
    expect(second.instance.openTasks).toEqual([]);
  });

  it('timeout: after an hour on the controlled clock the task goes to the director, whose decision counts', async () => {
    const started = await start('timed', await quote(7));
    const managerTask = started.openTasks[0]!.id;
    clock = new Date(clock.getTime() + 30 * 60_000);
    expect(await server.workflows!.fireDueTimers()).toBe(0);
    clock = new Date(clock.getTime() + 31 * 60_000);
    expect(await server.workflows!.fireDueTimers()).toBe(1);
    const late = await call('manager', 'POST', `/api/tasks/${managerTask}/approve`, {});
    expect(late.statusCode).toBe(409);
    expect(late.json<{ code: string }>().code).toBe('task.done');
    const escalated = (await pendingOf('director')).items.find((t) => t.instanceId === started.id)!;
    expect((await act('director', escalated.id, 'approve')).instance.status).toBe('approved');
    // A timer firing twice changes nothing.
    expect(await server.workflows!.fireDueTimers()).toBe(0);
  });

  it('acting on a cancelled instance is refused (409 instance.ended); only the starter or an admin cancels', async () => {
    const started = await start('quote_approval', await quote(20));
    const byOther = await call('other.rep', 'POST', `/api/apps/${app}/workflow-instances/${started.id}/cancel`, {});
    expect(byOther.statusCode).toBe(404); // other.rep cannot read the rep's quote
    const byManager = await call('manager', 'POST', `/api/apps/${app}/workflow-instances/${started.id}/cancel`, {});
    expect(byManager.statusCode).toBe(403);
    const cancelled = await call('rep', 'POST', `/api/apps/${app}/workflow-instances/${started.id}/cancel`, { reason: '客户撤回' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json<Instance>().status).toBe('cancelled');
    expect(cancelled.json<Instance>().timeline.at(-2)).toMatchObject({ kind: 'adminAct', user: { id: ids.rep }, comment: '客户撤回' });
    const late = await call('manager', 'POST', `/api/tasks/${started.openTasks[0]!.id}/approve`, {});
    expect(late.statusCode).toBe(409);
    expect(late.json<{ code: string }>().code).toBe('instance.ended');
  });

  it('bad input: a second start while running (409), an unknown workflow (404), a record the caller cannot read (404), a bad body (400), a wrong action (422), an unknown task (404)', async () => {
    const id = await quote(20);
    const started = await start('quote_approval', id);
    const again = await call('rep', 'POST', `/api/apps/${app}/workflows/quote_approval/start`, { recordId: id });
    expect([again.statusCode, again.json<{ code: string }>().code]).toEqual([409, 'workflow.alreadyRunning']);
    expect((await call('rep', 'POST', `/api/apps/${app}/workflows/nope/start`, { recordId: id })).statusCode).toBe(404);
    expect((await call('other.rep', 'POST', `/api/apps/${app}/workflows/quote_approval/start`, { recordId: id })).statusCode).toBe(404);
    expect((await call('other.rep', 'GET', `/api/apps/${app}/workflow-instances/${started.id}`)).statusCode).toBe(404);
    const badBody = await call('manager', 'POST', `/api/tasks/${started.openTasks[0]!.id}/approve`, { comment: 'x'.repeat(2001) });
    expect(badBody.statusCode).toBe(400);
    expect(badBody.body).toContain('/comment');
    const wrong = await call('manager', 'POST', `/api/tasks/${started.openTasks[0]!.id}/resubmit`, {});
    expect([wrong.statusCode, wrong.json<{ code: string }>().code]).toEqual([422, 'task.wrongAction']);
    const badTarget = await call('manager', 'POST', `/api/tasks/${started.openTasks[0]!.id}/return`, { toNode: 'route' });
    expect(badTarget.statusCode).toBe(422);
    expect(badTarget.body).toContain('/toNode');
    expect((await call('manager', 'POST', '/api/tasks/999999/approve', {})).statusCode).toBe(404);
    expect((await call('manager', 'POST', `/api/tasks/${started.openTasks[0]!.id}/explode`, {})).statusCode).toBe(400);
    // Nothing was half-applied: the instance still waits on the manager.
    const view = (await call('rep', 'GET', `/api/apps/${app}/workflow-instances/${started.id}`)).json<Instance>();
    expect(view.status).toBe('running');
    expect(view.openTasks).toHaveLength(1);
  });

  it('two approvals of the same task at once: exactly one wins, the other gets 409', async () => {
    const started = await start('quote_approval', await quote(20));
    const taskId = started.openTasks[0]!.id;
    const answers = await Promise.all([0, 1, 2, 3].map(() => call('manager', 'POST', `/api/tasks/${taskId}/approve`, {})));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409, 409]);
    const view = (await call('rep', 'GET', `/api/apps/${app}/workflow-instances/${started.id}`)).json<Instance>();
    expect(view.timeline.filter((e) => e.kind === 'taskActed')).toHaveLength(1);
    expect(view.status).toBe('approved');
  });
});
