import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBundle } from '../testing/test-bundle.ts';
import { openTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let rep: Record<string, string>;
let ids: number[];
beforeAll(async () => {
  server = await openTestServer({ bundle: testBundle() });
  const department = (await server.inject({ method: 'POST', url: '/api/departments', payload: { name: '华东销售部' } })).json<{ id: number }>();
  ids = [];
  for (const [login, name] of [['wang.lei', '王磊'], ['li.na', '李娜'], ['zhao.min', '赵敏']] as const) {
    const created = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name, email: `${login}@example.cn`, password: `${login} password`, departmentId: department.id } });
    ids.push(created.json<{ id: number }>().id);
  }
  rep = await server.login('wang.lei', 'wang.lei password');
});
afterAll(() => server.close());

const asRep = (url: string) => server.app.inject({ method: 'GET', url, headers: rep });

describe('/api/people', () => {
  it('answers names by id to a user who is no administrator, and nothing more about them', async () => {
    const answer = await asRep(`/api/people?ids=${ids[1]},${ids[2]}`);
    expect(answer.statusCode).toBe(200);
    const items = answer.json<{ items: Record<string, unknown>[] }>().items;
    expect(items.map((p) => p.name).sort()).toEqual(['李娜', '赵敏'].sort());
    for (const person of items) expect(Object.keys(person).sort()).toEqual(['active', 'departmentId', 'id', 'name']);
    expect(answer.body).not.toMatch(/example\.cn|li\.na/);
  });

  it('searches by name', async () => {
    const answer = await asRep(`/api/people?q=${encodeURIComponent('李')}`);
    expect(answer.json<{ items: { id: number }[] }>().items.map((p) => p.id)).toEqual([ids[1]]);
  });

  it('lists departments with their parents', async () => {
    const answer = await asRep('/api/people/departments');
    expect(answer.json()).toEqual({ items: [expect.objectContaining({ name: '华东销售部', parentId: null })] });
  });

  it('refuses bad ids with the parameter named, and strangers', async () => {
    const bad = await asRep('/api/people?ids=1,abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'request.invalid', errors: [{ path: '/ids' }] });
    const huge = await asRep('/api/people?ids=99999999999999999');
    expect(huge.statusCode).toBe(400);
    expect((await server.app.inject({ method: 'GET', url: '/api/people' })).statusCode).toBe(401);
  });
});
