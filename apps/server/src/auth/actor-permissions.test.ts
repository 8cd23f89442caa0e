/**
 * The actor the identity plugin hands the records API carries the caller's permissions: role keys
 * in the route's app, department tree, and the org chart behind department scopes, kept current
 * when the organisation changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBundle } from '../testing/test-bundle.ts';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';

const label = (en: string) => ({ 'zh-CN': en, en });
const bundle = {
  ...testBundle(),
  roles: [
    { key: 'sales_rep', label: label('Sales rep'), version: 1, permissions: [{ entity: 'lead', actions: { create: 'own', read: 'own', update: 'own', share: 'own' } }] },
    { key: 'sales_manager', label: label('Sales manager'), version: 1, permissions: [{ entity: 'lead', actions: { create: 'own', read: 'departmentTree' } }] },
  ],
};
const leads = `/api/apps/${bundle.app.key}/records/lead`;
const password = 'correct horse battery';

let server: TestServer;
beforeAll(async () => {
  server = await openTestServer({ bundle });
});
afterAll(() => server.close());

async function person(login: string, departmentId: number | null, roles: string[]): Promise<{ id: number; headers: SessionHeaders }> {
  const created = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name: login, password, departmentId } });
  expect(created.statusCode).toBe(201);
  const id = created.json<{ id: number }>().id;
  await server.inject({ method: 'PUT', url: `/api/users/${id}/roles/${bundle.app.key}`, payload: { roles } });
  return { id, headers: await server.login(login, password) };
}

const department = async (name: string, parentId?: number) => (await server.inject({ method: 'POST', url: '/api/departments', payload: { name, parentId } })).json<{ id: number }>().id;
const names = async (headers: SessionHeaders) => (await server.app.inject({ method: 'GET', url: `${leads}?sort=name`, headers })).json<{ items: { name: string }[] }>().items.map((l) => l.name);

describe('permissions of the request actor', () => {
  it('restricts reps to their own leads and managers to their department tree, following org changes', async () => {
    const region = await department('华东大区');
    const shanghai = await department('上海组', region);
    const elsewhere = await department('华北大区');
    const manager = await person('manager', region, ['sales_manager']);
    const rep = await person('rep', shanghai, ['sales_rep']);
    const other = await person('other', elsewhere, ['sales_rep']);

    const create = (who: { headers: SessionHeaders }, name: string) => server.app.inject({ method: 'POST', url: leads, headers: who.headers, payload: { name, company: `${name} 有限公司` } });
    expect((await create(rep, 'rep lead')).statusCode).toBe(201);
    const othersLead = await create(other, 'other lead');
    expect(othersLead.statusCode).toBe(201);

    expect(await names(rep.headers)).toEqual(['rep lead']);
    expect(await names(manager.headers)).toEqual(['rep lead']);
    // Writes check the scope too: the rep cannot change the other rep's lead.
    const foreign = await server.app.inject({ method: 'PATCH', url: `${leads}/${othersLead.json<{ id: number }>().id}`, headers: rep.headers, payload: { name: 'mine now' } });
    expect(foreign.statusCode).toBe(404);
    // Reads by id, history and shares of a record outside the scope read as not found.
    const otherId = othersLead.json<{ id: number }>().id;
    for (const url of [`${leads}/${otherId}`, `${leads}/${otherId}/history`, `${leads}/${otherId}/shares`]) {
      expect((await server.app.inject({ method: 'GET', url, headers: rep.headers })).statusCode, url).toBe(404);
    }
    // Shared with the rep, the lead becomes readable.
    const share = await server.app.inject({ method: 'POST', url: `${leads}/${otherId}/shares`, headers: other.headers, payload: { userId: rep.id, access: 'read' } });
    expect(share.statusCode).toBe(204);
    expect((await server.app.inject({ method: 'GET', url: `${leads}/${otherId}`, headers: rep.headers })).statusCode).toBe(200);
    await server.app.inject({ method: 'DELETE', url: `${leads}/${otherId}/shares?userId=${rep.id}`, headers: other.headers });
    expect((await server.app.inject({ method: 'GET', url: `${leads}/${otherId}`, headers: rep.headers })).statusCode).toBe(404);

    // The rep moves to another region: the manager's tree no longer reaches their lead.
    await server.inject({ method: 'PATCH', url: `/api/users/${rep.id}`, payload: { departmentId: elsewhere } });
    expect(await names(manager.headers)).toEqual([]);
    expect(await names(rep.headers)).toEqual(['rep lead']);
  });

  it('refuses an action no role grants with 403, and lets administrators do anything', async () => {
    const nobody = await person('no.roles', null, []);
    const refused = await server.app.inject({ method: 'POST', url: leads, headers: nobody.headers, payload: { name: 'x', company: 'y' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'permission.denied', title: 'Forbidden' });
    const manager = await server.login('manager', password);
    expect((await server.app.inject({ method: 'PATCH', url: `${leads}/1`, headers: manager, payload: { name: 'renamed' } })).statusCode).toBe(403);
    expect((await server.inject({ method: 'GET', url: leads })).json<{ items: unknown[] }>().items.length).toBeGreaterThanOrEqual(2);
  });
});
