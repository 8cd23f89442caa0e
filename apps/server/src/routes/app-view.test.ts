/**
 * `GET /api/apps/:app` as each caller may see it: administrators get the whole installed bundle,
 * everyone else only what their runner needs plus the `access` map, and nobody learns of apps
 * they hold no role in.
 */
import { readFile } from 'node:fs/promises';
import type { AppBundle } from '@pipewright/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateBundlePath } from '../template/install-template.ts';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';

const password = 'correct horse battery';
let server: TestServer;
let template: AppBundle;
let rep: SessionHeaders;
let outsider: SessionHeaders;

async function person(login: string, roles: string[]): Promise<SessionHeaders> {
  const created = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name: login, password } });
  expect(created.statusCode, created.body).toBe(201);
  if (roles.length > 0) await server.inject({ method: 'PUT', url: `/api/users/${created.json<{ id: number }>().id}/roles/${template.app.key}`, payload: { roles } });
  return server.login(login, password);
}

beforeAll(async () => {
  template = JSON.parse(await readFile(templateBundlePath(), 'utf8')) as AppBundle;
  server = await openTestServer({ bundle: template });
  rep = await person('rep', ['sales_rep']);
  outsider = await person('outsider', []);
});
afterAll(() => server.close());

const appUrl = () => `/api/apps/${template.app.key}`;
const asUser = (headers: SessionHeaders, url: string) => server.app.inject({ method: 'GET', url, headers });

interface AppAnswer {
  key: string;
  bundle: AppBundle;
  access: Record<string, { actions: Record<string, boolean>; fields: Record<string, string> }>;
}

describe('the role-filtered app endpoint', () => {
  it('gives administrators the whole installed bundle, with every action in access', async () => {
    const response = await server.inject({ method: 'GET', url: appUrl() });
    expect(response.statusCode).toBe(200);
    const { bundle, access } = response.json<AppAnswer>();
    expect(bundle.roles?.length).toBe(template.roles?.length);
    expect(bundle.sampleData).toEqual(template.sampleData);
    expect(bundle.workflows?.length).toBe(template.workflows?.length);
    expect(Object.keys(access).sort()).toEqual(template.entities.map((e) => e.key).sort());
    expect(access.product!.actions).toMatchObject({ read: true, create: true, transfer: true, share: true });
    expect(access.product!.fields.cost).toBe('editable');
  });

  it('gives a rep only what their runner needs: no sample data, roles, workflows or hidden fields', async () => {
    const response = await asUser(rep, appUrl());
    expect(response.statusCode, response.body).toBe(200);
    const { bundle, access, key } = response.json<AppAnswer>();
    expect(key).toBe(template.app.key);
    for (const kind of ['roles', 'sampleData', 'workflows', 'rules'] as const) expect(bundle[kind], kind).toBeUndefined();
    expect(response.body).not.toContain('"cost"'); // product cost is hidden from reps, wherever it was named

    // Entities: only readable ones, with readable fields; access lists the same fields.
    const product = bundle.entities.find((e) => e.key === 'product')!;
    expect(product.fields.map((f) => f.key)).not.toContain('cost');
    for (const entity of bundle.entities) expect(entity.fields.map((f) => f.key).sort()).toEqual(Object.keys(access[entity.key]!.fields).sort());
    expect(access.lead!.actions).toEqual({ create: true, read: true, update: true, delete: false, export: false, import: false, print: true, runReport: false, transfer: false, share: true });
    expect(access.lead!.fields.score).toBe('readOnly');
    expect(access.product!.actions).toMatchObject({ read: true, create: false, update: false });

    // Forms, views, reports: nothing on a hidden field or an unreadable entity.
    const readable = (entity: string, field: string) => Object.hasOwn(access[entity]?.fields ?? {}, field) || ['id', 'owner_id', 'created_at', 'updated_at'].includes(field);
    for (const form of bundle.forms ?? []) for (const section of form.sections) for (const item of section.items) expect(readable(form.entity, item.field), `${form.key} ${item.field}`).toBe(true);
    for (const view of bundle.views ?? []) for (const column of view.columns ?? []) expect(readable(view.entity, column.field.split('.')[0]!), `${view.key} ${column.field}`).toBe(true);
    for (const report of bundle.reports ?? []) expect(access[report.entity]!.actions.runReport, report.key).toBe(true);
    const reports = new Set((bundle.reports ?? []).map((r) => r.key));
    for (const dashboard of bundle.dashboards ?? []) for (const widget of dashboard.widgets) expect(reports.has(widget.report)).toBe(true);

    // Navigation: every entry leads to something the rep can open.
    const opens = new Set([...(bundle.views ?? []).map((v) => `view:${v.key}`), ...(bundle.forms ?? []).map((f) => `form:${f.key}`), ...[...reports].map((r) => `report:${r}`), ...(bundle.dashboards ?? []).map((d) => `dashboard:${d.key}`)]);
    const walk = (items: NonNullable<AppBundle['navigation']>['items']): void => {
      for (const item of items) {
        expect(item.roles).toBeUndefined();
        const target = item.target;
        if (target && target.type !== 'url') expect(opens.has(`${target.type}:${(target as unknown as Record<string, string>)[target.type]}`), item.key).toBe(true);
        if (!target) expect(item.children?.length ?? 0, item.key).toBeGreaterThan(0);
        walk(item.children ?? []);
      }
    };
    walk(bundle.navigation?.items ?? []);
  });

  it('lists and opens only apps the user holds a role in (API descriptions too); versions are for administrators', async () => {
    expect((await asUser(rep, '/api/apps')).json<{ items: { key: string }[] }>().items.map((a) => a.key)).toEqual([template.app.key]);
    expect((await asUser(outsider, '/api/apps')).json<{ items: unknown[] }>().items).toEqual([]);
    const hidden = await asUser(outsider, appUrl());
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toMatchObject({ code: 'app.notFound' });
    for (const url of [`${appUrl()}/openapi.json`, `${appUrl()}/types.d.ts`]) expect((await asUser(outsider, url)).statusCode, url).toBe(404);
    expect((await asUser(rep, `${appUrl()}/versions`)).statusCode).toBe(403);
    expect((await server.inject({ method: 'GET', url: `${appUrl()}/versions` })).statusCode).toBe(200);
  });
});
