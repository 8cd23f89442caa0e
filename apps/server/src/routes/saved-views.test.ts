import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppBundle } from '@pipewright/metadata';
import { testBundle } from '../testing/test-bundle.ts';
import { openTestServer, type TestServer } from '../testing/test-server.ts';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const bundle: AppBundle = {
  ...testBundle(),
  views: [{ key: 'lead_all', label: l('全部线索', 'All leads'), version: 1, entity: 'lead', type: 'table', columns: [{ field: 'name' }, { field: 'status' }] }],
  roles: [
    { key: 'sales_rep', label: l('销售代表', 'Sales rep'), version: 1, permissions: [{ entity: 'lead', actions: { read: 'own', create: 'all', update: 'own' }, fields: { score: 'hidden' } }] },
  ],
};
const appKey = bundle.app.key;
const base = `/api/apps/${appKey}/saved-views`;

let server: TestServer;
let wang: Record<string, string>;
let li: Record<string, string>;

async function rep(login: string): Promise<Record<string, string>> {
  const user = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name: login, password: `${login} password` } });
  await server.inject({ method: 'PUT', url: `/api/users/${user.json<{ id: number }>().id}/roles/${appKey}`, payload: { roles: ['sales_rep'] } });
  return server.login(login, `${login} password`);
}

beforeAll(async () => {
  server = await openTestServer({ bundle });
  wang = await rep('wang.lei');
  li = await rep('li.na');
});
afterAll(() => server.close());

const as = (headers: Record<string, string>, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
  server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

describe('saved views', () => {
  it('keeps a personal view for its owner only, and a shared one for everyone who may open the view', async () => {
    const filter = { and: [{ field: 'status', op: 'eq', value: 'new' }, { field: 'amount', op: 'gt', value: 1000 }] };
    const mine = await as(wang, 'POST', base, { view: 'lead_all', name: '大额新线索', columns: ['name', 'amount', 'status'], sort: [{ field: 'amount', direction: 'desc' }], filter });
    expect(mine.statusCode).toBe(201);
    expect(mine.json()).toMatchObject({ view: 'lead_all', name: '大额新线索', shared: false, mine: true, columns: ['name', 'amount', 'status'], sort: [{ field: 'amount', direction: 'desc' }], filter });
    const shared = await as(wang, 'POST', base, { view: 'lead_all', name: '全部待联系', shared: true, filter: { field: 'status', op: 'eq', value: 'contacted' } });
    expect(shared.statusCode).toBe(201);

    const wangSees = await as(wang, 'GET', `${base}?view=lead_all`);
    expect(wangSees.json<{ items: { name: string }[] }>().items.map((v) => v.name).sort()).toEqual(['全部待联系', '大额新线索'].sort());
    const liSees = await as(li, 'GET', `${base}?view=lead_all`);
    expect(liSees.json<{ items: { name: string; mine: boolean }[] }>().items).toEqual([expect.objectContaining({ name: '全部待联系', mine: false })]);

    const id = mine.json<{ id: number }>().id;
    expect((await as(li, 'PATCH', `${base}/${id}`, { name: 'x' })).statusCode).toBe(404);
    const sharedId = shared.json<{ id: number }>().id;
    const refused = await as(li, 'DELETE', `${base}/${sharedId}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'savedView.notOwner' });

    const renamed = await as(wang, 'PATCH', `${base}/${id}`, { name: '大额新线索（本周）', shared: true });
    expect(renamed.json()).toMatchObject({ name: '大额新线索（本周）', shared: true, filter });
    expect((await as(wang, 'DELETE', `${base}/${id}`)).statusCode).toBe(204);
    expect((await as(wang, 'GET', `${base}?view=lead_all`)).json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('refuses what the list would refuse, at the path of the bad part, and writes nothing', async () => {
    const hidden = await as(wang, 'POST', base, { view: 'lead_all', name: 'bad', filter: { field: 'score', op: 'gt', value: 1 } });
    expect(hidden.statusCode).toBe(403);
    expect(hidden.json<{ errors: { path: string; code: string }[] }>().errors[0]).toMatchObject({ path: expect.stringMatching(/^\/filter/), code: 'permission.fieldHidden' });
    const badValue = await as(wang, 'POST', base, { view: 'lead_all', name: 'bad', filter: { field: 'amount', op: 'gt', value: 'lots' } });
    expect(badValue.statusCode).toBe(400);
    expect(badValue.json<{ errors: { path: string }[] }>().errors[0]!.path).toMatch(/^\/filter/);
    const badSort = await as(wang, 'POST', base, { view: 'lead_all', name: 'bad', sort: [{ field: 'nope' }] });
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json<{ errors: { path: string }[] }>().errors[0]!.path).toMatch(/^\/sort/);
    const badColumn = await as(wang, 'POST', base, { view: 'lead_all', name: 'bad', columns: ['name', 'nope'] });
    expect(badColumn.json()).toMatchObject({ status: 400, code: 'savedView.invalid', errors: [{ path: '/columns/1' }] });
    const noView = await as(wang, 'POST', base, { view: 'nope', name: 'bad' });
    expect(noView.json()).toMatchObject({ status: 400, errors: [{ path: '/view' }] });
    const shape = await as(wang, 'POST', base, { view: 'lead_all', name: '', extra: 1 });
    expect(shape.statusCode).toBe(400);
    expect((await as(wang, 'GET', `${base}?view=lead_all`)).json<{ items: { name: string }[] }>().items.map((v) => v.name)).not.toContain('bad');
    expect((await server.app.inject({ method: 'GET', url: `${base}?view=lead_all` })).statusCode).toBe(401);
  });
});
