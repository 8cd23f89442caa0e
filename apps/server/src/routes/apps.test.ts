import { readFile } from 'node:fs/promises';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTemplate, templateBundlePath } from '../template/install-template.ts';
import { testBundle } from '../testing/test-bundle.ts';
import { openTestServer, type TestServer } from '../testing/test-server.ts';

describe('apps API', () => {
  let server: TestServer;
  const inject = (options: InjectOptions) => server.inject(options);

  beforeAll(async () => {
    server = await openTestServer();
  });
  afterAll(() => server.close());

  it('installs a bundle: 201 with the plan, then lists it and serves its bundle and versions', async () => {
    const installed = await inject({ method: 'POST', url: '/api/apps', payload: testBundle() });
    expect(installed.statusCode, installed.body).toBe(201);
    expect(installed.headers.location).toBe('/api/apps/sales_test');
    expect(installed.json()).toMatchObject({ app: 'sales_test', fromVersion: null, toVersion: '1.0.0', refused: false });

    const list = await inject({ method: 'GET', url: '/api/apps' });
    expect(list.json().items).toEqual([expect.objectContaining({ key: 'sales_test', version: '1.0.0', name: { 'zh-CN': '销售测试', en: 'Sales test' } })]);

    const one = await inject({ method: 'GET', url: '/api/apps/sales_test' });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ key: 'sales_test', version: '1.0.0', bundle: { app: { key: 'sales_test' } } });

    const versions = await inject({ method: 'GET', url: '/api/apps/sales_test/versions' });
    expect(versions.json().items).toEqual([expect.objectContaining({ version: '1.0.0', publishedBy: expect.any(Number) })]);

    expect((await inject({ method: 'GET', url: '/api/apps/nope' })).statusCode).toBe(404);
    expect((await inject({ method: 'GET', url: '/api/apps/nope/versions' })).statusCode).toBe(404);
  });

  it('refuses an invalid bundle with 400 naming the JSON path, and a republished version with 409', async () => {
    const invalid = testBundle() as unknown as { entities: { fields: { type: string }[] }[] };
    invalid.entities[1]!.fields[0]!.type = 'hologram';
    const response = await inject({ method: 'POST', url: '/api/apps', payload: invalid });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('metadata.invalid');
    expect(response.json().errors.some((e: { path: string }) => e.path.startsWith('/entities/1/fields/0'))).toBe(true);

    const again = await inject({ method: 'POST', url: '/api/apps', payload: testBundle() });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('app.versionExists');
  });

  it('plans a change without applying it, and asks for consent before destroying data', async () => {
    await inject({ method: 'POST', url: '/api/apps/sales_test/records/lead', payload: { name: '有数据', score: 5 } });
    const next = testBundle();
    next.app.version = '1.1.0';
    const lead = next.entities.find((e) => e.key === 'lead')!;
    lead.fields = lead.fields.filter((f) => f.key !== 'score') as typeof lead.fields;

    const plan = await inject({ method: 'POST', url: '/api/apps/sales_test/plan', payload: next });
    expect(plan.statusCode, plan.body).toBe(200);
    expect(plan.json()).toMatchObject({ app: 'sales_test', fromVersion: '1.0.0', toVersion: '1.1.0', needsConsent: true });
    expect((await inject({ method: 'GET', url: '/api/apps/sales_test' })).json().version).toBe('1.0.0');

    const refused = await inject({ method: 'POST', url: '/api/apps/sales_test/publish', payload: next });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'migration.dataLoss', plan: { toVersion: '1.1.0', needsConsent: true } });
    expect(refused.json().errors.length).toBeGreaterThan(0);

    const wrongKey = await inject({ method: 'POST', url: '/api/apps/other_app/publish?allowDataLoss=true', payload: next });
    expect(wrongKey.statusCode).toBe(400);
    expect(wrongKey.json()).toMatchObject({ code: 'app.keyMismatch', errors: [{ path: '/app/key' }] });

    const accepted = await inject({ method: 'POST', url: '/api/apps/sales_test/publish?allowDataLoss=true', payload: next });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ fromVersion: '1.0.0', toVersion: '1.1.0' });
    const versions = (await inject({ method: 'GET', url: '/api/apps/sales_test/versions' })).json().items.map((v: { version: string }) => v.version);
    expect(versions).toEqual(['1.1.0', '1.0.0']);

    const older = testBundle();
    const downgrade = await inject({ method: 'POST', url: '/api/apps', payload: older });
    expect(downgrade.statusCode).toBe(409);
  });
});

describe('the template app (lead-opportunity fixture)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await openTestServer();
  });
  afterAll(() => server.close());

  it('is installed with its sample records, relations resolved, when no app is installed', async () => {
    const bundle = JSON.parse(await readFile(templateBundlePath(), 'utf8')) as { app: { key: string }; sampleData: Record<string, unknown[]> };
    const result = await installTemplate(server.runtime, { actor: { userId: 1 } });
    const expected = Object.values(bundle.sampleData).reduce((n, records) => n + records.length, 0);
    expect(result).toEqual({ installed: true, app: bundle.app.key, version: expect.any(String), sampleRecords: expected });

    const opportunities = await server.inject({ method: 'GET', url: `/api/apps/${bundle.app.key}/records/opportunity?expand=account&sort=name` });
    expect(opportunities.statusCode, opportunities.body).toBe(200);
    const first = opportunities.json().items[0];
    expect(first.account).toMatchObject({ name: expect.any(String) });
    expect(first.products.length).toBeGreaterThan(0);
    expect(first.contacts.length).toBeGreaterThan(0);

    expect(await installTemplate(server.runtime, { actor: { userId: 1 } })).toEqual({ installed: false, reason: 'appsInstalled' });
  });
});
