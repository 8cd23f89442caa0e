import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../app.ts';
import { testBundle } from '../testing/test-bundle.ts';
import { openTestServer, type TestServer } from '../testing/test-server.ts';
import { documentedOperations, missingFromDocument, openApiPath } from '../schemas/platform-document.ts';

type Json = Record<string, unknown>;

/** POST routes that take no body: actions on what the URL names. */
const postsWithoutBody = new Set([
  'POST /api/auth/logout',
  'POST /api/users/:id/revoke-sessions',
  'POST /api/apps/:app/records/:entity/:id/restore',
  'POST /api/apps/:app/records/:entity/:id/purge',
  'POST /api/notifications/:id/read',
  'POST /api/notification-deliveries/:id/retry',
  'POST /api/apps/:app/automation/log/:id/retry',
]);

let server: TestServer;
let instance: FastifyInstance;
const routes: RouteOptions[] = [];
let document: Json;

beforeAll(async () => {
  server = await openTestServer({ bundle: testBundle() });
  // A server of its own, to see every route it registers.
  instance = buildServer({ runtime: server.runtime, identity: server.identity });
  instance.addHook('onRoute', (route) => void routes.push(route));
  await instance.ready();
  const response = await instance.inject({ method: 'GET', url: '/api/openapi.json', headers: server.adminHeaders });
  expect(response.statusCode).toBe(200);
  document = response.json<Json>();
});
afterAll(async () => {
  await instance.close();
  await server.close();
});

/** The /api routes as `METHOD /path`, without the HEAD routes fastify adds to each GET. */
function apiRoutes(): RouteOptions[] {
  return routes.filter((r) => r.url.startsWith('/api') && r.method !== 'HEAD' && !(Array.isArray(r.method) && r.method.every((m) => m === 'HEAD')));
}

const nameOf = (route: RouteOptions) => `${String(route.method)} ${route.url}`;

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document).toMatchObject({ openapi: '3.1.0', info: { title: expect.any(String), version: expect.any(String) } });
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every registered /api route, and nothing else', () => {
    const registered = apiRoutes();
    expect(registered.length).toBeGreaterThan(40);
    expect(missingFromDocument(registered, document)).toEqual([]);
    const expected = new Set(registered.flatMap((r) => (Array.isArray(r.method) ? r.method : [r.method]).map((m) => `${m.toLowerCase()} ${openApiPath(r.url)}`)));
    expect(documentedOperations(document).filter((op) => !expected.has(op))).toEqual([]);
  });

  it('notices a route that is missing from it', () => {
    const extra = { method: 'GET', url: '/api/no/such/thing/:id', handler: () => undefined } as unknown as RouteOptions;
    expect(missingFromDocument([...apiRoutes(), extra], document)).toEqual(['GET /api/no/such/thing/:id']);
  });

  it('covers the platform: auth, users, departments, teams, API keys, apps, shares, transfer, health', () => {
    const operations = documentedOperations(document);
    for (const op of [
      'post /api/auth/login',
      'get /api/auth/me',
      'get /api/users',
      'put /api/users/{id}/roles/{app}',
      'get /api/departments',
      'patch /api/teams/{id}',
      'post /api/api-keys',
      'post /api/apps',
      'post /api/apps/{app}/plan',
      'get /api/apps/{app}/records/{entity}/{id}/shares',
      'post /api/apps/{app}/transfer',
      'get /api/health',
      'get /api/openapi.json',
    ]) {
      expect(operations).toContain(op);
    }
  });

  it('is built from route schemas that declare params, query string, body and responses', () => {
    const gaps: string[] = [];
    for (const route of apiRoutes()) {
      const schema = (route.schema ?? {}) as Json;
      const name = nameOf(route);
      const params = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
      const declared = Object.keys(((schema.params as Json | undefined)?.properties as Json | undefined) ?? {});
      if (params.length > 0 && declared.sort().join() !== [...params].sort().join()) gaps.push(`${name}: params ${declared.join()} for ${params.join()}`);
      if (!schema.querystring) gaps.push(`${name}: no querystring schema`);
      const method = String(route.method);
      if ((method === 'PUT' || method === 'PATCH' || (method === 'POST' && !postsWithoutBody.has(name))) && !schema.body) gaps.push(`${name}: no body schema`);
      const responses = Object.keys((schema.response as Json | undefined) ?? {});
      if (!responses.some((status) => /^2\d\d$/.test(status))) gaps.push(`${name}: no success response schema`);
    }
    expect(gaps).toEqual([]);
  });

  it('documents errors as problem+json, the security schemes, and every operation id once', () => {
    const operations = Object.values(document.paths as Record<string, Record<string, Json>>).flatMap((item) => Object.values(item));
    const ids = operations.map((op) => op.operationId);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of operations) expect((op.responses as Json).default).toMatchObject({ content: { 'application/problem+json': expect.any(Object) } });
    expect(document).toMatchObject({ components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'pw_session' } } } });
    const login = (document.paths as Record<string, Record<string, Json>>)['/api/auth/login']!.post!;
    expect(login.security).toEqual([]);
  });

  it('refuses query parameters a route does not declare, naming them', async () => {
    const response = await server.inject({ method: 'GET', url: '/api/apps?sort=name' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'request.invalid', errors: [{ path: '/sort' }] });
  });

  it('needs a login like the rest of the API', async () => {
    expect((await instance.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(401);
  });
});
