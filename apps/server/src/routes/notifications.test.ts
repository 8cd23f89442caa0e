import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppBundle } from '@pipewright/metadata';
import { deliverNotification, Notifications } from '@pipewright/runtime';
import { testBundle } from '../testing/test-bundle.ts';
import { openTestServer, type TestServer } from '../testing/test-server.ts';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const bundle: AppBundle = {
  ...testBundle(),
  roles: [{ key: 'sales_rep', label: l('销售代表', 'Sales rep'), version: 1, permissions: [{ entity: 'lead', actions: { read: 'own', create: 'all', update: 'own' }, fields: { score: 'hidden' } }] }],
};
const appKey = bundle.app.key;

let server: TestServer;
let notifications: Notifications;
let wang: { id: number; headers: Record<string, string> };
let li: { id: number; headers: Record<string, string> };
let leadId: number;

async function rep(login: string) {
  const user = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name: login, password: `${login} password` } });
  const id = user.json<{ id: number }>().id;
  await server.inject({ method: 'PUT', url: `/api/users/${id}/roles/${appKey}`, payload: { roles: ['sales_rep'] } });
  return { id, headers: await server.login(login, `${login} password`) };
}

const as = (who: { headers: Record<string, string> }, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
  server.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  server = await openTestServer({ bundle });
  wang = await rep('wang.lei');
  li = await rep('li.na');
  notifications = await Notifications.open(server.runtime, server.identity.directory);
  const lead = await server.inject({ method: 'POST', url: `/api/apps/${appKey}/records/lead`, payload: { name: '星辰科技', score: 80, owner_id: wang.id } });
  expect(lead.statusCode).toBe(201);
  leadId = lead.json<{ id: number }>().id;
  for (const n of [1, 2, 3]) {
    await deliverNotification(server.runtime.database.db, { app: appKey, record: { entity: 'lead', id: leadId }, recipients: [{ type: 'userId', id: wang.id }, { type: 'userId', id: li.id }], subject: `提醒 ${n}：{{name}}`, body: '{{name}} 评分 {{score}}' }, notifications);
  }
}, 120_000);
afterAll(() => server.close());

describe('the inbox over HTTP', () => {
  it('answers my notifications newest first, by keyset, with the record link only where I may open it', async () => {
    const first = await as(wang, 'GET', '/api/notifications?limit=2');
    expect(first.statusCode).toBe(200);
    const page = first.json<{ items: { id: number; title: string; body: string; record: unknown }[]; unread: number; next: string }>();
    expect(page.unread).toBe(3);
    expect(page.items.map((n) => n.title)).toEqual(['提醒 3：星辰科技', '提醒 2：星辰科技']);
    // The score is hidden from reps.
    expect(page.items[0]).toMatchObject({ body: '星辰科技 评分', record: { app: appKey, entity: 'lead', id: leadId } });
    const second = await as(wang, 'GET', `/api/notifications?limit=2&before=${page.next}`);
    expect(second.json()).toMatchObject({ items: [{ title: '提醒 1：星辰科技' }], next: null });
    // 李娜 does not own the lead: same notifications, no values, no link.
    const other = (await as(li, 'GET', '/api/notifications')).json<{ items: { title: string; record: unknown }[] }>();
    expect(other.items.map((n) => [n.title, n.record])).toEqual([['提醒 3：', null], ['提醒 2：', null], ['提醒 1：', null]]);
    expect((await as(wang, 'GET', '/api/notifications/unread-count')).json()).toEqual({ unread: 3 });
  });

  it('marks read only my own notification; a forged id is refused naming the parameter', async () => {
    const mine = (await as(wang, 'GET', '/api/notifications')).json<{ items: { id: number }[] }>().items[0]!.id;
    const notMine = await as(li, 'POST', `/api/notifications/${mine}/read`);
    expect(notMine.statusCode).toBe(404);
    expect(notMine.json()).toMatchObject({ code: 'notification.notFound' });
    const read = await as(wang, 'POST', `/api/notifications/${mine}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json<{ readAt: string | null }>().readAt).toEqual(expect.any(String));
    expect((await as(wang, 'GET', '/api/notifications/unread-count')).json()).toEqual({ unread: 2 });
    expect((await as(li, 'GET', '/api/notifications/unread-count')).json()).toEqual({ unread: 3 });

    for (const [url, path] of [
      ['/api/notifications/abc/read', '/params/id'],
      ['/api/notifications/0/read', '/params/id'],
      ['/api/notifications/1e3/read', '/params/id'],
    ] as const) {
      const refused = await as(wang, 'POST', url);
      expect(refused.statusCode, url).toBe(400);
      expect(refused.json<{ errors: { path: string }[] }>().errors[0]?.path, url).toBe(path);
    }
    for (const [url, path] of [
      ['/api/notifications?before=-1', '/before'],
      ['/api/notifications?before=1%20OR%201=1', '/before'],
      ['/api/notifications?limit=0', '/limit'],
      ['/api/notifications?limit=101', '/limit'],
      ['/api/notifications?unread=maybe', '/unread'],
      ['/api/notifications?recipient=1', '/recipient'],
    ] as const) {
      const refused = await as(wang, 'GET', url);
      expect(refused.statusCode, url).toBe(400);
      expect(refused.json<{ errors: { path: string }[] }>().errors[0]?.path, url).toBe(path);
    }
  });

  it('marks all read, for one app or all', async () => {
    const marked = await as(li, 'POST', '/api/notifications/read-all', { app: appKey });
    expect(marked.json()).toEqual({ marked: 3 });
    expect((await as(li, 'GET', '/api/notifications?unread=true')).json()).toMatchObject({ items: [], unread: 0 });
    expect((await as(wang, 'POST', '/api/notifications/read-all')).json()).toEqual({ marked: 2 });
    const badApp = await as(wang, 'POST', '/api/notifications/read-all', { app: 'Not A Key' });
    expect(badApp.statusCode).toBe(400);
    expect(badApp.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/app');
  });

  it('needs credentials', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
  });
});

describe('robots and deliveries over HTTP (administrators)', () => {
  it('refuses robots to anyone but an administrator, and robot URLs at private addresses', async () => {
    expect((await as(wang, 'GET', `/api/apps/${appKey}/robots`)).statusCode).toBe(403);
    expect((await as(wang, 'GET', '/api/notification-deliveries')).statusCode).toBe(403);
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://127.0.0.1:8080/hook', 'http://[::1]/hook', 'http://10.0.0.5/hook', 'file:///etc/passwd']) {
      const refused = await server.inject({ method: 'POST', url: `/api/apps/${appKey}/robots`, payload: { name: '群', kind: 'wecom', url, viewAs: wang.id } });
      expect(refused.statusCode, url).toBe(400);
      expect(refused.json(), url).toMatchObject({ code: 'outbound.refused', errors: [{ path: '/url' }] });
    }
    const unknownUser = await server.inject({ method: 'POST', url: `/api/apps/${appKey}/robots`, payload: { name: '群', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', viewAs: 999_999 } });
    expect(unknownUser.json()).toMatchObject({ code: 'robot.invalid', errors: [{ path: '/viewAs' }] });
    const badKind = await server.inject({ method: 'POST', url: `/api/apps/${appKey}/robots`, payload: { name: '群', kind: 'slack', url: 'https://qyapi.weixin.qq.com/x', viewAs: wang.id } });
    expect(badKind.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/kind');
  });

  it('keeps an app\'s robots, never answering a secret', async () => {
    const created = await server.inject({ method: 'POST', url: `/api/apps/${appKey}/robots`, payload: { name: '钉钉销售群', kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'SECsecret', viewAs: wang.id } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: '钉钉销售群', kind: 'dingtalk', hasSecret: true, format: 'markdown', viewAs: wang.id, active: true });
    expect(created.body).not.toContain('SECsecret');
    const id = created.json<{ id: number }>().id;
    const changed = await server.inject({ method: 'PATCH', url: `/api/apps/${appKey}/robots/${id}`, payload: { format: 'text', secret: null } });
    expect(changed.json()).toMatchObject({ format: 'text', hasSecret: false });
    const toPrivate = await server.inject({ method: 'PATCH', url: `/api/apps/${appKey}/robots/${id}`, payload: { url: 'http://192.168.1.10/robot' } });
    expect(toPrivate.json()).toMatchObject({ code: 'outbound.refused', errors: [{ path: '/url' }] });
    expect((await server.inject({ method: 'GET', url: `/api/apps/${appKey}/robots` })).json<{ items: unknown[] }>().items).toHaveLength(1);
    expect((await server.inject({ method: 'PATCH', url: `/api/apps/${appKey}/robots/999999`, payload: { active: false } })).statusCode).toBe(404);
    expect((await server.inject({ method: 'DELETE', url: `/api/apps/${appKey}/robots/${id}` })).statusCode).toBe(204);
    expect((await server.inject({ method: 'GET', url: '/api/apps/no_such_app/robots' })).statusCode).toBe(404);
  });

  it('lists deliveries, and refuses a bad state or id naming the parameter', async () => {
    expect((await server.inject({ method: 'GET', url: '/api/notification-deliveries?state=failed' })).json()).toEqual({ items: [] });
    const badState = await server.inject({ method: 'GET', url: '/api/notification-deliveries?state=lost' });
    expect(badState.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/state');
    expect((await server.inject({ method: 'POST', url: '/api/notification-deliveries/x/retry' })).json<{ errors: { path: string }[] }>().errors[0]?.path).toBe('/params/id');
    expect((await server.inject({ method: 'POST', url: '/api/notification-deliveries/424242/retry' })).json()).toMatchObject({ status: 404, code: 'delivery.notFound' });
  });
});
