/**
 * The approval actions that do not decide on their own, over HTTP on a real database:
 * transfer, add signer (before / after), withdraw, urge and comment with files (decision 096).
 */
import { testDatabaseKind, WorkflowService, workflowQuotesBundle } from '@pipewright/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';

const app = workflowQuotesBundle.app.key;
const password = 'correct horse battery';
let server: TestServer;
let base = '';
let clock = new Date('2026-12-01T08:00:00Z');
const as: Record<string, SessionHeaders> = {};
const ids: Record<string, number> = {};

interface User {
  id: number;
  name: string;
}
interface Task {
  id: number;
  status: string;
  actions: string[];
}
interface Instance {
  id: number;
  status: string;
  openTasks: Task[];
  timeline: { kind: string; user: User | null; action: string | null; comment: string | null; target?: User; position?: string; attachments?: { id: string; name: string }[] }[];
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

async function quote(discount: number): Promise<number> {
  const created = await call('rep', 'POST', `/api/apps/${app}/records/quote`, { title: `报价 ${discount}%`, discount, approval_status: 'draft' });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ id: number }>().id;
}

async function start(recordId: number, workflow = 'quote_approval'): Promise<Instance> {
  const started = await call('rep', 'POST', `/api/apps/${app}/workflows/${workflow}/start`, { recordId });
  expect(started.statusCode, started.body).toBe(201);
  return started.json<Instance>();
}

async function act(who: string, taskId: number, action: string, body: Record<string, unknown> = {}): Promise<{ task: Task; instance: Instance }> {
  const acted = await call(who, 'POST', `/api/tasks/${taskId}/${action}`, body);
  expect(acted.statusCode, acted.body).toBe(200);
  return acted.json();
}

async function refused(who: string, url: string, body: unknown, status: number, code: string): Promise<{ code: string; errors?: { path: string }[] }> {
  const answer = await call(who, 'POST', url, body);
  expect(answer.statusCode, answer.body).toBe(status);
  const problem = answer.json<{ code: string; errors?: { path: string }[] }>();
  expect(problem.code).toBe(code);
  return problem;
}

const pending = async (who: string) => (await call(who, 'GET', '/api/tasks')).json<{ items: Task[]; counts: { pending: number } }>();
const recordStatus = async (id: number) => (await server.inject({ method: 'GET', url: `/api/apps/${app}/records/quote/${id}` })).json<{ approval_status: string }>().approval_status;

function upload(who: string, name: string): Promise<Response> {
  const form = new FormData();
  form.set('entity', 'quote');
  form.set('field', 'papers');
  form.set('file', new Blob([Buffer.from('%PDF-1.4 approval note')], { type: 'application/pdf' }), name);
  return fetch(`${base}/api/apps/${app}/files`, { method: 'POST', body: form, headers: as[who]!, signal: AbortSignal.timeout(10_000) });
}

beforeAll(async () => {
  server = await openTestServer({
    bundle: workflowQuotesBundle,
    workflows: (runtime, identity) => new WorkflowService({ database: runtime.database, apps: runtime.apps, records: runtime.records, directory: identity.directory, now: () => clock }),
  });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.app.server.address() as { port: number }).port}`;
  const director = await person('director', ['sales_rep']);
  const manager = await person('manager', ['sales_manager'], director);
  await person('rep', ['sales_rep'], manager);
  await person('deputy', ['sales_rep']);
  await person('lead', ['sales_lead']);
  await person('finance', ['sales_rep']);
  for (const signer of ['signer.a', 'signer.b', 'signer.c']) await person(signer, ['sales_manager']);
  const gone = await person('gone', ['sales_rep']);
  const off = await server.inject({ method: 'PATCH', url: `/api/users/${gone}`, payload: { active: false } });
  expect(off.statusCode, off.body).toBeLessThan(300);
}, 120_000);
afterAll(() => server?.close());

describe(`approval actions over HTTP (${testDatabaseKind()})`, () => {
  it('transfer: the deputy gets the task and can read the quote they could not read before; the manager no longer holds it', async () => {
    const id = await quote(20);
    // The deputy reads only their own quotes.
    expect((await call('deputy', 'GET', `/api/apps/${app}/records/quote/${id}`)).statusCode).toBe(404);
    const instance = await start(id);
    const taskId = instance.openTasks[0]!.id;
    expect((await pending('manager')).items.find((t) => t.id === taskId)?.actions).toEqual(['approve', 'reject', 'return', 'transfer', 'addSigner', 'comment']);
    await refused('manager', `/api/tasks/${taskId}/transfer`, {}, 422, 'task.badTarget');
    await refused('manager', `/api/tasks/${taskId}/transfer`, { to: ids.gone }, 422, 'task.badTarget');
    const self = await refused('manager', `/api/tasks/${taskId}/transfer`, { to: ids.manager }, 422, 'task.badTarget');
    expect(self.errors?.[0]?.path).toBe('/to');
    await refused('rep', `/api/tasks/${taskId}/transfer`, { to: ids.deputy }, 403, 'task.notYours');
    const moved = await act('manager', taskId, 'transfer', { to: ids.deputy, comment: '我出差，请代批' });
    expect(moved.instance.timeline.at(-1)).toMatchObject({ kind: 'taskActed', action: 'transfer', user: { id: ids.manager }, target: { id: ids.deputy, name: 'DEPUTY' }, comment: '我出差，请代批' });
    expect((await pending('manager')).items.some((t) => t.id === taskId)).toBe(false);
    expect((await pending('deputy')).items.map((t) => t.id)).toContain(taskId);
    expect((await call('deputy', 'GET', `/api/apps/${app}/records/quote/${id}`)).statusCode).toBe(200);
    await refused('manager', `/api/tasks/${taskId}/approve`, {}, 403, 'task.notYours');
    await act('deputy', taskId, 'approve');
    expect(await recordStatus(id)).toBe('approved');
    await refused('deputy', `/api/tasks/${taskId}/approve`, {}, 409, 'instance.ended');
  });

  it('add signer before: finance approves first, the task comes back to the manager, who decides', async () => {
    const id = await quote(20);
    const taskId = (await start(id)).openTasks[0]!.id;
    const added = await act('manager', taskId, 'addSigner', { to: ids.finance, position: 'before', comment: '请财务先看' });
    expect(added.task.status).toBe('waiting');
    expect(added.instance.timeline.at(-2)).toMatchObject({ action: 'addSigner', target: { id: ids.finance }, position: 'before' });
    // The manager's task waits: out of the pending box, refused if acted on.
    expect((await pending('manager')).items.some((t) => t.id === taskId)).toBe(false);
    await refused('manager', `/api/tasks/${taskId}/approve`, {}, 409, 'task.waiting');
    const signerTask = (await pending('finance')).items.find((t) => t.actions.includes('approve'))!;
    expect(signerTask.actions).toEqual(['approve', 'reject', 'transfer', 'comment']);
    await refused('finance', `/api/tasks/${signerTask.id}/addSigner`, { to: ids.deputy }, 422, 'task.wrongAction');
    await act('finance', signerTask.id, 'approve', { comment: '价格可以' });
    expect(await recordStatus(id)).toBe('pending');
    expect((await pending('manager')).items.map((t) => t.id)).toContain(taskId);
    await act('manager', taskId, 'approve');
    expect(await recordStatus(id)).toBe('approved');
  });

  it('add signer after: the manager approves, the quote is approved only once the added signer approves; their rejection rejects', async () => {
    const ok = await quote(20);
    const first = (await start(ok)).openTasks[0]!.id;
    await act('manager', first, 'addSigner', { to: ids.finance, position: 'after' });
    expect(await recordStatus(ok)).toBe('pending');
    const signer = (await pending('finance')).items.at(0)!;
    await act('finance', signer.id, 'approve');
    expect(await recordStatus(ok)).toBe('approved');

    const no = await quote(21);
    const second = (await start(no)).openTasks[0]!.id;
    await act('manager', second, 'addSigner', { to: ids.finance, position: 'after' });
    const next = (await pending('finance')).items.at(0)!;
    await act('finance', next.id, 'reject', { comment: '毛利不够' });
    expect(await recordStatus(no)).toBe('rejected');
  });

  it('withdraw: only the submitter; the instance ends cancelled, tasks close and the record is editable again', async () => {
    const id = await quote(20);
    const instance = await start(id);
    const taskId = instance.openTasks[0]!.id;
    expect((await call('rep', 'PATCH', `/api/apps/${app}/records/quote/${id}`, { discount: 12 })).statusCode).toBe(409);
    await refused('manager', `/api/apps/${app}/workflow-instances/${instance.id}/withdraw`, {}, 403, 'instance.notYours');
    const withdrawn = await call('rep', 'POST', `/api/apps/${app}/workflow-instances/${instance.id}/withdraw`, { reason: '报错价了' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const view = withdrawn.json<Instance>();
    expect(view.status).toBe('cancelled');
    expect(view.openTasks).toEqual([]);
    expect(view.timeline.find((e) => e.action === 'withdraw')).toMatchObject({ user: { id: ids.rep }, comment: '报错价了' });
    expect((await pending('manager')).items.some((t) => t.id === taskId)).toBe(false);
    await refused('manager', `/api/tasks/${taskId}/approve`, {}, 409, 'instance.ended');
    expect((await call('rep', 'PATCH', `/api/apps/${app}/records/quote/${id}`, { discount: 12 })).statusCode).toBe(200);
    await refused('rep', `/api/apps/${app}/workflow-instances/${instance.id}/withdraw`, {}, 409, 'instance.ended');
    await refused('rep', `/api/apps/${app}/workflow-instances/999999/withdraw`, {}, 404, 'instance.notFound');
  });

  it('urge: notifies the manager, then 429 task.urgedRecently within the hour, allowed again after it', async () => {
    const id = await quote(20);
    const instance = await start(id);
    await refused('manager', `/api/apps/${app}/workflow-instances/${instance.id}/urge`, undefined, 403, 'instance.notYours');
    const first = await call('rep', 'POST', `/api/apps/${app}/workflow-instances/${instance.id}/urge`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<Instance>().timeline.at(-1)).toMatchObject({ kind: 'taskActed', action: 'urge', user: { id: ids.rep } });
    const again = await refused('rep', `/api/apps/${app}/workflow-instances/${instance.id}/urge`, undefined, 429, 'task.urgedRecently');
    expect(again).toMatchObject({ code: 'task.urgedRecently' });
    clock = new Date(clock.getTime() + 61 * 60_000);
    expect((await call('rep', 'POST', `/api/apps/${app}/workflow-instances/${instance.id}/urge`)).statusCode).toBe(200);
    await act('manager', instance.openTasks[0]!.id, 'reject');
    await refused('rep', `/api/apps/${app}/workflow-instances/${instance.id}/urge`, undefined, 409, 'instance.ended');
  });

  it('comment with files: only your own new uploads; the file joins the record, readable by its readers; the task stays open', async () => {
    const id = await quote(20);
    const instance = await start(id);
    const taskId = instance.openTasks[0]!.id;
    const mine = await upload('manager', '核价说明.pdf');
    expect(mine.status, await mine.clone().text()).toBe(201);
    const file = (await mine.json()) as { id: string };
    const theirs = (await (await upload('rep', 'rep.pdf')).json()) as { id: string };
    const bad = await refused('manager', `/api/tasks/${taskId}/comment`, { comment: '见附件', attachments: [file.id, theirs.id] }, 400, 'task.unknownFile');
    expect(bad.errors?.map((p) => p.path)).toEqual(['/attachments/1']);
    await refused('manager', `/api/tasks/${taskId}/comment`, { attachments: ['not-a-file'] }, 400, 'request.invalid');
    await refused('manager', `/api/tasks/${taskId}/comment`, {}, 422, 'task.wrongAction');
    const commented = await act('manager', taskId, 'comment', { comment: '见附件', attachments: [file.id] });
    expect(commented.task.status).toBe('open');
    expect(commented.instance.timeline.at(-1)).toMatchObject({ action: 'comment', comment: '见附件', attachments: [{ id: file.id, name: '核价说明.pdf' }] });
    // The rep reads the record, so the rep may download the approver's file.
    const download = await fetch(`${base}/api/apps/${app}/files/${file.id}`, { headers: as.rep!, signal: AbortSignal.timeout(10_000) });
    expect(download.status).toBe(200);
    // Used once, it is on a record: naming it again is refused.
    await refused('manager', `/api/tasks/${taskId}/comment`, { comment: 'again', attachments: [file.id] }, 400, 'task.unknownFile');
    await act('manager', taskId, 'approve', { comment: '同意' });
  });

  it('CC: the notify node and the approval\'s cc list fill the CC box with counts and an unread mark; a CC\'d user may open the record', async () => {
    const id = await quote(20);
    expect((await call('finance', 'GET', `/api/apps/${app}/records/quote/${id}`)).statusCode).toBe(404);
    const before = (await call('finance', 'GET', '/api/tasks?box=cc')).json<{ counts: { cc: number; ccUnread: number } }>().counts;
    const instance = await start(id, 'copied');
    const box = async (who: string) => (await call(who, 'GET', '/api/tasks?box=cc')).json<{ items: (Task & { kind: string; read: boolean; instanceId: number; node: string })[]; counts: { cc: number; ccUnread: number } }>();
    const finance = await box('finance');
    expect(finance.counts).toMatchObject({ cc: before.cc + 1, ccUnread: before.ccUnread + 1 });
    const item = finance.items.find((i) => i.instanceId === instance.id)!;
    expect(item).toMatchObject({ kind: 'cc', node: 'ask', read: false, status: 'open', actions: [] });
    expect((await box('deputy')).items.find((i) => i.instanceId === instance.id)).toMatchObject({ node: 'tell', read: false });
    // Copied, finance reads the quote; nobody else marks finance's item.
    expect((await call('finance', 'GET', `/api/apps/${app}/records/quote/${id}`)).statusCode).toBe(200);
    expect((await call('deputy', 'POST', `/api/cc-items/${item.id}/read`)).statusCode).toBe(404);
    expect((await call('finance', 'POST', `/api/cc-items/${item.id}/read`)).statusCode).toBe(204);
    const after = await box('finance');
    expect(after.counts).toMatchObject({ cc: before.cc + 1, ccUnread: before.ccUnread });
    expect(after.items.find((i) => i.id === item.id)).toMatchObject({ read: true, status: 'done' });
    expect((await call('finance', 'POST', '/api/cc-items/abc/read')).statusCode).toBe(400);
  });

  it('approver edits: the holder changes the fields the node permits while the record is locked; other fields and other people stay refused, naming the field', async () => {
    const id = await quote(20);
    const instance = await start(id, 'editable');
    const patch = (who: string, body: Record<string, unknown>) => call(who, 'PATCH', `/api/apps/${app}/records/quote/${id}`, body);
    expect((await patch('lead', { discount: 18 })).statusCode).toBe(200);
    const title = await patch('lead', { title: '改名' });
    expect(title.statusCode, title.body).toBe(409);
    expect(title.json<{ code: string; errors: { path: string }[] }>()).toMatchObject({ code: 'record.inApproval', errors: [{ path: '/title' }] });
    const rep = await patch('rep', { discount: 5 });
    expect(rep.json<{ code: string; errors: { path: string }[] }>()).toMatchObject({ code: 'record.inApproval', errors: [{ path: '/discount' }] });
    // The instance keeps the record as submitted and says what changed since.
    const view = (await call('rep', 'GET', `/api/apps/${app}/workflow-instances/${instance.id}`)).json<{ submitted: { values: Record<string, unknown>; changed: string[] } }>();
    expect(view.submitted.values).toMatchObject({ discount: 20, title: '报价 20%' });
    expect(view.submitted.changed).toEqual(['discount']);
    await act('lead', instance.openTasks[0]!.id, 'approve');
    // Approved: the lead's task is done, the lock is gone.
    expect((await patch('rep', { title: '改名' })).statusCode).toBe(200);
  });

  it('lockFields: only the chosen fields are locked while in approval', async () => {
    const id = await quote(20);
    const instance = await start(id, 'partial');
    const patch = (body: Record<string, unknown>) => call('rep', 'PATCH', `/api/apps/${app}/records/quote/${id}`, body);
    expect((await patch({ title: '新标题' })).statusCode).toBe(200);
    const discount = await patch({ discount: 1 });
    expect(discount.statusCode).toBe(409);
    expect(discount.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/discount');
    expect((await call('rep', 'POST', `/api/apps/${app}/workflow-instances/${instance.id}/withdraw`, {})).statusCode).toBe(200);
  });

  it('concurrent transfer and approve of one task: exactly one wins, the other is a clear 4xx', async () => {
    const id = await quote(20);
    const taskId = (await start(id)).openTasks[0]!.id;
    const answers = await Promise.all([
      call('manager', 'POST', `/api/tasks/${taskId}/approve`, {}),
      call('manager', 'POST', `/api/tasks/${taskId}/transfer`, { to: ids.deputy }),
      call('manager', 'POST', `/api/tasks/${taskId}/approve`, {}),
    ]);
    const codes = answers.map((a) => a.statusCode);
    const wins = codes.filter((c) => c === 200).length;
    expect(wins, JSON.stringify(answers.map((a) => a.body))).toBe(1);
    for (const a of answers) if (a.statusCode !== 200) expect([403, 409]).toContain(a.statusCode);
    // Whatever the order, the task was decided or moved once: never approved twice.
    const view = (await call('rep', 'GET', `/api/apps/${app}/records/quote/${id}/workflows`)).json<{ instances: Instance[] }>().instances[0]!;
    expect(view.timeline.filter((e) => e.action === 'approve').length).toBeLessThanOrEqual(1);
  });
});
