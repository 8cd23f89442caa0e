import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBundle } from '../testing/test-bundle.ts';
import { openTestServer, type TestServer } from '../testing/test-server.ts';

const bundle = {
  ...testBundle(),
  roles: [
    { key: 'sales_rep', label: { 'zh-CN': '销售代表', en: 'Sales rep' }, version: 1, permissions: [] },
    { key: 'sales_manager', label: { 'zh-CN': '销售经理', en: 'Sales manager' }, version: 1, permissions: [] },
  ],
};
const appKey = bundle.app.key;

let server: TestServer;
beforeAll(async () => {
  server = await openTestServer({ bundle });
});
afterAll(() => server.close());

const post = (url: string, payload: Record<string, unknown>) => server.inject({ method: 'POST', url, payload });
const patch = (url: string, payload: Record<string, unknown>) => server.inject({ method: 'PATCH', url, payload });

describe('/api/users', () => {
  it('creates a user with a generated password shown once, who can then log in', async () => {
    const created = await post('/api/users', { login: 'chen.jing', name: '陈静', email: 'chen.jing@example.cn', locale: 'zh-CN' });
    expect(created.statusCode).toBe(201);
    const user = created.json<{ id: number; generatedPassword: string }>();
    expect(created.headers.location).toBe(`/api/users/${user.id}`);
    expect(user).toMatchObject({ login: 'chen.jing', name: '陈静', active: true, isAdmin: false, hasPassword: true });
    expect(user.generatedPassword).toHaveLength(20);
    expect(created.body).not.toMatch(/argon2|password_hash/);
    const again = await server.inject({ method: 'GET', url: `/api/users/${user.id}` });
    expect(again.json()).not.toHaveProperty('generatedPassword');
    await server.login('chen.jing', user.generatedPassword);
  });

  it('lists, searches and changes users', async () => {
    await post('/api/users', { login: 'liu.yang', name: '刘洋', password: 'liu yang password' });
    const found = await server.inject({ method: 'GET', url: '/api/users?q=LIU' });
    expect(found.json<{ items: { login: string }[] }>().items.map((u) => u.login)).toEqual(['liu.yang']);
    const id = found.json<{ items: { id: number }[] }>().items[0]!.id;
    const changed = await patch(`/api/users/${id}`, { name: '刘洋 (华东)', phone: '+86 138 0013 8000' });
    expect(changed.json()).toMatchObject({ name: '刘洋 (华东)', phone: '+86 138 0013 8000' });
    const all = await server.inject({ method: 'GET', url: '/api/users?active=true' });
    expect(all.json<{ items: { login: string }[] }>().items.map((u) => u.login)).toEqual(expect.arrayContaining(['admin', 'liu.yang']));
  });

  it('refuses bad input with problem paths', async () => {
    const schema = await post('/api/users', { login: 'x', name: 'X', extra: 1 });
    expect(schema.statusCode).toBe(400);
    expect(schema.json()).toMatchObject({ code: 'request.invalid', errors: [{ path: '/extra' }] });
    const weak = await post('/api/users', { login: 'weak.user', name: 'Weak', password: 'weak.user' });
    expect(weak.json()).toMatchObject({ status: 400, code: 'password.tooWeak', errors: [{ path: '/password' }] });
    await post('/api/users', { login: 'taken', name: 'Taken' });
    const taken = await post('/api/users', { login: 'TAKEN', name: 'Taken again' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'user.loginTaken', errors: [{ path: '/login' }] });
    const missing = await server.inject({ method: 'GET', url: '/api/users/99999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'user.notFound' });
    expect((await server.inject({ method: 'GET', url: '/api/users/abc' })).json()).toMatchObject({ code: 'request.invalid', errors: [{ path: '/params/id' }] });
    const badDepartment = await post('/api/users', { login: 'nowhere', name: 'Nowhere', departmentId: 424242 });
    expect(badDepartment.json()).toMatchObject({ status: 400, code: 'identity.invalidReference', errors: [{ path: '/departmentId' }] });
  });

  it('sets the roles of a user in an app, checked against the app', async () => {
    const { id } = (await post('/api/users', { login: 'role.holder', name: 'Roles' })).json<{ id: number }>();
    const put = (roles: unknown) => server.inject({ method: 'PUT', url: `/api/users/${id}/roles/${appKey}`, payload: { roles } });
    expect((await put(['sales_rep', 'sales_manager'])).json()).toEqual({ app: appKey, roles: ['sales_manager', 'sales_rep'] });
    expect((await server.inject({ method: 'GET', url: `/api/users/${id}` })).json()).toMatchObject({ rolesByApp: { [appKey]: ['sales_manager', 'sales_rep'] } });
    const unknown = await put(['sales_rep', 'king']);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'role.unknown', errors: [{ path: '/roles/1' }] });
    const noApp = await server.inject({ method: 'PUT', url: `/api/users/${id}/roles/not_installed`, payload: { roles: [] } });
    expect(noApp.statusCode).toBe(404);
    expect((await put([])).json()).toEqual({ app: appKey, roles: [] });
  });

  it('keeps the last administrator', async () => {
    const response = await patch(`/api/users/${server.adminId}`, { isAdmin: false });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'user.lastAdmin' });
  });
});

describe('/api/departments', () => {
  it('builds a tree, moves departments and refuses cycles', async () => {
    const create = async (body: Record<string, unknown>) => {
      const response = await post('/api/departments', body);
      expect(response.statusCode).toBe(201);
      return response.json<{ id: number }>().id;
    };
    const head = await create({ name: '销售中心', code: 'SALES' });
    const east = await create({ name: '华东销售部', parentId: head, position: 2 });
    const north = await create({ name: '华北销售部', parentId: head, position: 1 });
    const shanghai = await create({ name: '上海组', parentId: east });

    const tree = await server.inject({ method: 'GET', url: '/api/departments' });
    const root = tree.json<{ items: { id: number; children: { id: number; name: string; children: { id: number }[] }[] }[] }>().items.find((d) => d.id === head)!;
    expect(root.children.map((c) => c.name)).toEqual(['华北销售部', '华东销售部']);
    expect(root.children[1]!.children.map((c) => c.id)).toEqual([shanghai]);

    const cycle = await patch(`/api/departments/${head}`, { parentId: shanghai });
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json()).toMatchObject({ code: 'department.cycle', errors: [{ path: '/parentId' }] });
    expect((await patch(`/api/departments/${east}`, { parentId: east })).json()).toMatchObject({ code: 'department.cycle' });

    const moved = await patch(`/api/departments/${shanghai}`, { parentId: north, name: '上海一组' });
    expect(moved.json()).toMatchObject({ id: shanghai, parentId: north, name: '上海一组' });
    const taken = await post('/api/departments', { name: 'Again', code: 'SALES' });
    expect(taken.json()).toMatchObject({ status: 409, code: 'department.codeTaken' });
  });

  it('deletes only empty departments', async () => {
    const { id } = (await post('/api/departments', { name: '临时部门' })).json<{ id: number }>();
    const member = (await post('/api/users', { login: 'temp.member', name: 'Temp', departmentId: id })).json<{ id: number }>();
    const refused = await server.inject({ method: 'DELETE', url: `/api/departments/${id}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'department.notEmpty' });
    await patch(`/api/users/${member.id}`, { departmentId: null });
    expect((await server.inject({ method: 'DELETE', url: `/api/departments/${id}` })).statusCode).toBe(204);
    expect((await server.inject({ method: 'DELETE', url: `/api/departments/${id}` })).statusCode).toBe(404);
  });

  it("puts a user's department tree and manager chain in their subject", async () => {
    const parent = (await post('/api/departments', { name: '大区' })).json<{ id: number }>().id;
    const child = (await post('/api/departments', { name: '分部', parentId: parent })).json<{ id: number }>().id;
    const boss = (await post('/api/users', { login: 'da.qu.boss', name: 'Boss', departmentId: parent })).json<{ id: number }>().id;
    await patch(`/api/departments/${parent}`, { managerId: boss });
    await post('/api/users', { login: 'fen.bu.rep', name: 'Rep', password: 'fen bu rep password', departmentId: child });
    const repSession = await server.login('fen.bu.rep', 'fen bu rep password');
    const me = await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: repSession });
    expect(me.json()).toMatchObject({ user: { departmentId: child, departmentTree: [child], managerChain: [boss] } });
  });
});

describe('/api/teams', () => {
  it('creates, changes and deletes teams', async () => {
    const a = (await post('/api/users', { login: 'team.one', name: 'One' })).json<{ id: number }>().id;
    const b = (await post('/api/users', { login: 'team.two', name: 'Two' })).json<{ id: number }>().id;
    const created = await post('/api/teams', { name: '大客户组', code: 'KA', memberIds: [a] });
    expect(created.statusCode).toBe(201);
    const team = created.json<{ id: number }>();
    expect(team).toMatchObject({ name: '大客户组', code: 'KA', memberIds: [a] });
    expect((await patch(`/api/teams/${team.id}`, { memberIds: [a, b] })).json()).toMatchObject({ memberIds: [a, b] });
    expect((await server.inject({ method: 'GET', url: `/api/users/${b}` })).json()).toMatchObject({ teamIds: [team.id] });
    const bad = await patch(`/api/teams/${team.id}`, { memberIds: [a, 999_999] });
    expect(bad.json()).toMatchObject({ status: 400, code: 'identity.invalidReference', errors: [{ path: '/memberIds/1' }] });
    expect((await server.inject({ method: 'GET', url: '/api/teams' })).json<{ items: { id: number }[] }>().items.map((t) => t.id)).toContain(team.id);
    expect((await server.inject({ method: 'DELETE', url: `/api/teams/${team.id}` })).statusCode).toBe(204);
    expect((await server.inject({ method: 'DELETE', url: `/api/teams/${team.id}` })).json()).toMatchObject({ code: 'team.notFound' });
  });
});
