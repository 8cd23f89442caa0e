import { testDatabaseKind } from '@pipewright/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';
import { installTemplate } from './install-template.ts';

// The template's quote approval on its sample organisation, as `pnpm start` installs it.
const app = 'lead_opportunity';
const password = 'correct horse battery';
let server: TestServer;
const as: Record<string, SessionHeaders> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  server = await openTestServer();
  const result = await installTemplate(server.runtime, { actor: { userId: server.adminId }, directory: server.identity.directory });
  expect(result).toMatchObject({ installed: true, app });
  for (const login of ['li.na', 'wang.wei', 'ma.jun']) {
    ids[login] = (await server.identity.directory.findUserId(login))!;
    const set = await server.inject({ method: 'POST', url: `/api/users/${ids[login]}/password`, payload: { password } });
    expect(set.statusCode, set.body).toBeLessThan(300);
    as[login] = await server.login(login, password);
  }
}, 120_000);
afterAll(() => server?.close());

const call = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => server.app.inject({ method, url, headers: as[who]!, ...(payload !== undefined ? { payload: payload as object } : {}) });

let accountId: number;
async function opportunity(discount: number): Promise<number> {
  accountId ??= (await call('li.na', 'POST', `/api/apps/${app}/records/account`, { name: '东方明珠贸易有限公司' })).json<{ id: number }>().id;
  const created = await call('li.na', 'POST', `/api/apps/${app}/records/opportunity`, { name: `李娜的报价 ${discount}%`, stage: 'needs_analysis', discount, account: accountId, expected_close_date: '2027-03-31' });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ id: number }>().id;
}

describe(`the template's quote approval (${testDatabaseKind()})`, () => {
  it('李娜 submits a 35 % discount: 王伟 (her team manager) approves, then 马骏 (sales director); the quote is approved and 李娜 told', async () => {
    const id = await opportunity(35);
    const offered = (await call('li.na', 'GET', `/api/apps/${app}/records/opportunity/${id}/workflows`)).json<{ startable: { workflow: string; label: string }[] }>();
    expect(offered.startable).toEqual([{ workflow: 'quote_approval', label: '报价审批' }]);
    const started = await call('li.na', 'POST', `/api/apps/${app}/workflows/quote_approval/start`, { recordId: id });
    expect(started.statusCode, started.body).toBe(201);
    const inbox = (await call('wang.wei', 'GET', '/api/tasks')).json<{ items: { id: number; recordId: number; nodeLabel: string }[] }>().items;
    const first = inbox.find((t) => t.recordId === id)!;
    expect(first.nodeLabel).toBe('经理与总监审批');
    expect((await call('wang.wei', 'POST', `/api/tasks/${first.id}/approve`, { comment: '同意' })).statusCode).toBe(200);
    const second = (await call('ma.jun', 'GET', '/api/tasks')).json<{ items: { id: number; recordId: number }[] }>().items.find((t) => t.recordId === id)!;
    const done = await call('ma.jun', 'POST', `/api/tasks/${second.id}/approve`, {});
    expect(done.json<{ instance: { status: string } }>().instance.status).toBe('approved');
    expect((await call('li.na', 'GET', `/api/apps/${app}/records/opportunity/${id}`)).json<{ approval_status: string }>().approval_status).toBe('approved');
    const told = (await call('li.na', 'GET', '/api/notifications')).json<{ items: { title: string }[] }>().items;
    expect(told.map((n) => n.title)).toContain(`折扣审批已通过：李娜的报价 35%`);
  });

  it('a 20 % discount needs only 王伟; rejected, 李娜 lowers it to 10 % and resubmits: approved at once', async () => {
    const id = await opportunity(20);
    const started = (await call('li.na', 'POST', `/api/apps/${app}/workflows/quote_approval/start`, { recordId: id })).json<{ openTasks: { id: number; node: string }[] }>();
    expect(started.openTasks.map((t) => t.node)).toEqual(['manager_approval']);
    const rejected = await call('wang.wei', 'POST', `/api/tasks/${started.openTasks[0]!.id}/reject`, { comment: '折扣太高' });
    expect(rejected.json<{ instance: { status: string } }>().instance.status).toBe('rejected');
    expect((await call('li.na', 'PATCH', `/api/apps/${app}/records/opportunity/${id}`, { discount: 10 })).statusCode).toBe(200);
    const again = await call('li.na', 'POST', `/api/apps/${app}/workflows/quote_approval/start`, { recordId: id });
    expect(again.json<{ status: string }>().status).toBe('approved');
  });
});
