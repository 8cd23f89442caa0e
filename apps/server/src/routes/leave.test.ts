/**
 * Leave over HTTP: an administrator or the rep's manager marks a rep on leave (from / until) and
 * back; round robin for website leads passes over the rep while the leave covers today and takes
 * them again after.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { testDatabaseKind } from '@pipewright/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';

const bundle = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../packages/metadata/fixtures/lead-opportunity.bundle.json', import.meta.url)), 'utf8')) as { app: { key: string } };
const app = bundle.app.key;
const password = 'correct horse battery';
let server: TestServer;
const web: number[] = [];
let manager: SessionHeaders;
let colleague: SessionHeaders;
let n = 0;

async function person(login: string, roles: string[], extra: Record<string, unknown> = {}): Promise<number> {
  const created = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name: login, password, ...extra } });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: number }>().id;
  if (roles.length > 0) await server.inject({ method: 'PUT', url: `/api/users/${id}/roles/${app}`, payload: { roles } });
  return id;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Owners of `count` new website leads, in the order they were assigned. */
async function websiteOwners(count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const created = await server.inject({ method: 'POST', url: `/api/apps/${app}/records/lead`, payload: { name: '访客', company: `请假测试${++n}号`, source: 'website', email: `leave${n}@example.com` } });
    expect(created.statusCode, created.body).toBe(201);
    ids.push(created.json<{ id: number }>().id);
    await server.runtime.automation!.settled();
  }
  const owners = [];
  for (const id of ids) owners.push(Number((await server.inject({ method: 'GET', url: `/api/apps/${app}/records/lead/${id}` })).json<{ owner_id: number }>().owner_id));
  return owners;
}

beforeAll(async () => {
  server = await openTestServer({ bundle });
  await server.runtime.startAutomation({ sweepIntervalMs: 200, logError: () => undefined });
  const boss = await person('web.boss', []);
  const team = await server.inject({ method: 'POST', url: '/api/teams', payload: { name: '官网组', code: 'web_leads' } });
  for (const login of ['web.one', 'web.two', 'web.three']) web.push(await person(login, ['sales_rep'], { managerId: boss }));
  await server.inject({ method: 'PATCH', url: `/api/teams/${team.json<{ id: number }>().id}`, payload: { memberIds: web } });
  await person('web.peer', ['sales_rep']);
  manager = await server.login('web.boss', password);
  colleague = await server.login('web.peer', password);
}, 120_000);
afterAll(() => server?.close());

describe(`leave (${testDatabaseKind()})`, () => {
  it('round robin passes over a rep on leave and takes them back when marked back', async () => {
    const [one, two, three] = web as [number, number, number];
    const marked = await server.app.inject({ method: 'PUT', url: `/api/users/${two}/leave`, headers: manager, payload: { from: day(-2), until: day(2) } });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toEqual({ onLeave: true, from: day(-2), until: day(2) });
    const during = await websiteOwners(4);
    expect(during).not.toContain(two);
    expect(new Set(during)).toEqual(new Set([one, three]));

    const back = await server.app.inject({ method: 'DELETE', url: `/api/users/${two}/leave`, headers: manager });
    expect(back.json()).toEqual({ onLeave: false, from: null, until: null });
    expect(new Set(await websiteOwners(3))).toEqual(new Set([one, two, three]));
  });

  it('a leave that ended yesterday or starts later does not keep the rep from leads', async () => {
    const [, two] = web as [number, number, number];
    const ended = await server.inject({ method: 'PUT', url: `/api/users/${two}/leave`, payload: { from: day(-9), until: day(-2) } });
    expect(ended.json()).toMatchObject({ onLeave: false });
    expect(await websiteOwners(3)).toContain(two);
    const later = await server.inject({ method: 'PUT', url: `/api/users/${two}/leave`, payload: { from: day(3) } });
    expect(later.json()).toEqual({ onLeave: false, from: day(3), until: null });
    expect(await websiteOwners(3)).toContain(two);
    await server.inject({ method: 'DELETE', url: `/api/users/${two}/leave` });
  });

  it('only an administrator or a manager of the rep may set it; bad dates are 400 naming the field', async () => {
    const [one] = web as [number];
    const peer = await server.app.inject({ method: 'PUT', url: `/api/users/${one}/leave`, headers: colleague, payload: { from: day(0) } });
    expect(peer.statusCode).toBe(403);
    expect((await server.app.inject({ method: 'GET', url: `/api/users/${one}/leave`, headers: colleague })).statusCode).toBe(403);
    const backwards = await server.inject({ method: 'PUT', url: `/api/users/${one}/leave`, payload: { from: day(3), until: day(1) } });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('/until');
    const notADate = await server.inject({ method: 'PUT', url: `/api/users/${one}/leave`, payload: { from: '2026-13-45' } });
    expect(notADate.statusCode).toBe(400);
    expect(notADate.body).toContain('from');
    expect((await server.inject({ method: 'PUT', url: '/api/users/999999/leave', payload: { from: day(0) } })).statusCode).toBe(404);
    expect((await server.inject({ method: 'GET', url: `/api/users/${one}/leave` })).json()).toEqual({ onLeave: false, from: null, until: null });
  });
});
