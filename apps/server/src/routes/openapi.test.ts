import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import ts from 'typescript';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTemplate } from '../template/install-template.ts';
import { testBundle } from '../testing/test-bundle.ts';
import { openTestServer, type TestServer } from '../testing/test-server.ts';

type Json = Record<string, unknown>;

/** Every `$ref` in the document, with where it is. */
function refsOf(value: unknown, at = ''): { at: string; ref: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsOf(v, `${at}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Json).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [{ at, ref: v }] : refsOf(v, `${at}/${k}`)));
}

function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Json)[key] : undefined), document);
}

/** Compiles TypeScript files of `dir` with strict settings; returns the diagnostics as text. */
function compile(files: string[], dir: string, oldProgram?: ts.Program): { diagnostics: string[]; program: ts.Program } {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const program = ts.createProgram(files.map((f) => join(dir, f)), options, undefined, oldProgram);
  return { diagnostics: ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), program };
}

const addFormats = (formatsPlugin as unknown as { default?: (ajv: Ajv2020) => Ajv2020 }).default ?? (formatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020);

describe('generated API descriptions', () => {
  let server: TestServer;
  let dir: string;
  const inject = (options: InjectOptions) => server.inject(options);

  beforeAll(async () => {
    server = await openTestServer({ bundle: testBundle() });
    dir = await mkdtemp(join(tmpdir(), 'pipewright-types-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a valid OpenAPI 3.1 document whose every $ref resolves', async () => {
    const response = await inject({ method: 'GET', url: '/api/apps/sales_test/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const document = response.json<Json>();

    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);

    expect(document).toMatchObject({ openapi: '3.1.0', info: { version: '1.0.0' } });
    const unresolved = refsOf(document).filter(({ ref }) => resolvePointer(document, ref) === undefined);
    expect(unresolved).toEqual([]);

    const operations = Object.values(document.paths as Record<string, Json>).flatMap((item) => Object.values(item).filter((op): op is Json => typeof op === 'object' && op !== null && 'operationId' in op));
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['listLead', 'createLead', 'getLead', 'updateLead', 'deleteLead', 'restoreLead', 'purgeLead', 'historyLead', 'bulkLead', 'listDeal']));

    const schemas = (document.components as { schemas: Record<string, Json> }).schemas;
    const lead = schemas.Lead as { properties: Record<string, Json>; required: string[] };
    expect(lead.required).toEqual(expect.arrayContaining(['id', 'version', 'created_at', 'updated_at']));
    expect(lead.properties.status!.enum).toEqual(['new', 'contacted', 'qualified', null]);
    expect(lead.properties.account!.anyOf).toEqual(expect.arrayContaining([{ $ref: '#/components/schemas/Account' }]));
    expect(lead.properties).toHaveProperty('deleted_at');
    expect((schemas.LeadCreate as { required: string[] }).required).toEqual(['name']);
    const deal = schemas.Deal as { properties: Record<string, Json> };
    expect(deal.properties.lines).toEqual(expect.objectContaining({ type: 'array', items: { $ref: '#/components/schemas/DealLinesLine' } }));
    expect(deal.properties.channels!.items).toEqual({ type: 'string', enum: ['web', 'fair'] });
    expect((document.components as { securitySchemes: Json }).securitySchemes).toMatchObject({ apiKey: { type: 'http', scheme: 'bearer' } });
  });

  it('describes the records the API really returns', async () => {
    const document = (await inject({ method: 'GET', url: '/api/apps/sales_test/openapi.json' })).json<Json>();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...document, $id: 'openapi.json' });
    const validate = (name: string, value: unknown) => {
      const check = ajv.getSchema(`openapi.json#/components/schemas/${name}`)!;
      return check(value) ? [] : check.errors;
    };

    const account = (await inject({ method: 'POST', url: '/api/apps/sales_test/records/account', payload: { name: '结构测试有限公司' } })).json();
    const product = (await inject({ method: 'POST', url: '/api/apps/sales_test/records/product', payload: { name: '产品', price: 10 } })).json();
    // A record names files uploaded before by the same user.
    const admin = { userId: server.adminId };
    const target = await server.runtime.files.target('sales_test', { entity: 'deal', field: 'files' }, admin);
    const file = await server.runtime.files.upload('sales_test', target, { name: 'a.pdf', type: 'application/pdf', content: Readable.from([Buffer.from('%PDF-1.4 quote')]) }, admin);
    const body = {
      name: '全字段商机',
      notes: 'n',
      quantity: 2.5,
      budget: 1000,
      probability: 50,
      close_date: '2025-09-30',
      met_at: '2025-06-01T08:00:00Z',
      vip: true,
      channels: ['web'],
      industry: ['mfg', 'auto'],
      region: ['310000'],
      files: [file],
      place: { lat: 31.2, lng: 121.5 },
      email: 'a@example.com',
      phone: '13812345678',
      website: 'https://example.com',
      rating: 4,
      account: account.id,
      products: [product.id],
      lines: [{ product: product.id, qty: 2, price: 10 }],
    };
    expect(validate('DealCreate', body)).toEqual([]);
    const created = await inject({ method: 'POST', url: '/api/apps/sales_test/records/deal', payload: body });
    expect(created.statusCode, created.body).toBe(201);
    expect(validate('Deal', created.json())).toEqual([]);
    expect(created.json()).toMatchObject({ total: 20, weighted: 500, lines: [{ line_total: 20 }] });

    const expanded = (await inject({ method: 'GET', url: `/api/apps/sales_test/records/deal/${created.json().id}?expand=account` })).json();
    expect(validate('Deal', expanded)).toEqual([]);
    expect(validate('Deal', { ...expanded, stage: 'bogus' })).not.toEqual([]);
  });

  it('serves TypeScript declarations that compile and type the records', async () => {
    const response = await inject({ method: 'GET', url: '/api/apps/sales_test/types.d.ts' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/typescript/);
    const source = response.body;
    expect(source).toMatch(/export interface Lead \{/);
    expect(source).toMatch(/export interface LeadCreate \{/);
    expect(source).toMatch(/export interface SalesTestRecords \{/);

    await writeFile(join(dir, 'sales-test.d.ts'), source);
    const good = `import type { Lead, LeadCreate, Deal } from './sales-test.js';
export const input: LeadCreate = { name: '王磊', status: 'contacted', amount: 10 };
export function label(lead: Lead): string { return \`\${lead.id} \${lead.name ?? ''} v\${lead.version}\`; }
export function lines(deal: Deal): number { return (deal.lines ?? []).reduce((n, l) => n + (l.line_total ?? 0), 0); }
`;
    await writeFile(join(dir, 'good.ts'), good);
    const compiled = compile(['sales-test.d.ts', 'good.ts'], dir);
    expect(compiled.diagnostics).toEqual([]);

    const bad = `import type { LeadCreate } from './sales-test.js';
export const wrongOption: LeadCreate = { name: '王磊', status: 'bogus' };
export const missingName: LeadCreate = { status: 'new' };
`;
    await writeFile(join(dir, 'bad.ts'), bad);
    const errors = compile(['bad.ts'], dir, compiled.program).diagnostics.join('\n');
    expect(errors).toMatch(/"bogus"/);
    expect(errors).toMatch(/'name' is missing/);
  });

  it('answers 404 for the descriptions of an app that is not installed', async () => {
    expect((await inject({ method: 'GET', url: '/api/apps/nope/openapi.json' })).statusCode).toBe(404);
    expect((await inject({ method: 'GET', url: '/api/apps/nope/types.d.ts' })).statusCode).toBe(404);
  });
});

describe('generated API descriptions of the template app', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await openTestServer();
    await installTemplate(server.runtime, { actor: { userId: 1 }, sampleData: false });
    dir = await mkdtemp(join(tmpdir(), 'pipewright-types-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('has a valid OpenAPI document and compiling declarations', async () => {
    const [app] = await server.runtime.apps.list();
    const document = (await server.inject({ method: 'GET', url: `/api/apps/${app!.key}/openapi.json` })).json<Json>();
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(refsOf(document).filter(({ ref }) => resolvePointer(document, ref) === undefined)).toEqual([]);

    const source = (await server.inject({ method: 'GET', url: `/api/apps/${app!.key}/types.d.ts` })).body;
    await writeFile(join(dir, 'app.d.ts'), source);
    expect(compile(['app.d.ts'], dir).diagnostics).toEqual([]);
    expect(source).toMatch(/export interface Opportunity \{/);
  });

  it("describes only what a role may do and see: the finance role's document", async () => {
    const [app] = await server.runtime.apps.list();
    const base = `/api/apps/${app!.key}/records`;
    const key = await server.inject({ method: 'POST', url: '/api/api-keys', payload: { name: 'Finance export', app: app!.key, role: 'finance' } });
    expect(key.statusCode).toBe(201);
    const headers = { authorization: `Bearer ${key.json<{ secret: string }>().secret}` };
    const response = await server.app.inject({ method: 'GET', url: `/api/apps/${app!.key}/openapi.json`, headers });
    expect(response.statusCode).toBe(200);
    const document = response.json<Json>();
    expect((await new Validator().validate(document)).errors ?? []).toEqual([]);
    expect(refsOf(document).filter(({ ref }) => resolvePointer(document, ref) === undefined)).toEqual([]);

    const paths = document.paths as Record<string, Json>;
    // Finance reads opportunities (never creates or edits them), edits products, and has no access to leads.
    const methods = (path: string) => Object.keys(paths[path] ?? {}).filter((k) => k !== 'parameters');
    expect(methods(`${base}/opportunity`)).toEqual(['get']);
    expect(methods(`${base}/opportunity/{id}`)).toEqual(['get']);
    expect(paths[`${base}/opportunity/{id}/purge`]).toBeUndefined();
    expect(methods(`${base}/product/{id}`)).toContain('patch');
    expect(Object.keys(paths).some((path) => path.startsWith(`${base}/lead`))).toBe(false);
    expect((document.tags as { name: string }[]).map((t) => t.name)).not.toContain('lead');

    // A hidden field is in no schema; the full document (administrator) has it.
    const schemas = (document.components as { schemas: Record<string, { properties?: Json }> }).schemas;
    expect(schemas.Opportunity!.properties).not.toHaveProperty('next_step');
    expect(schemas.Opportunity!.properties).toHaveProperty('discount');
    const full = (await server.inject({ method: 'GET', url: `/api/apps/${app!.key}/openapi.json` })).json<Json>();
    const fullSchemas = (full.components as { schemas: Record<string, { properties?: Json }> }).schemas;
    expect(fullSchemas.Opportunity!.properties).toHaveProperty('next_step');
    expect(Object.keys(full.paths as Json).some((path) => path.startsWith(`${base}/lead`))).toBe(true);
  });

  it("declares only what a role may see: the finance role's types.d.ts, still compiling", async () => {
    const [app] = await server.runtime.apps.list();
    const key = await server.inject({ method: 'POST', url: '/api/api-keys', payload: { name: 'Finance types', app: app!.key, role: 'finance' } });
    const headers = { authorization: `Bearer ${key.json<{ secret: string }>().secret}` };
    const response = await server.app.inject({ method: 'GET', url: `/api/apps/${app!.key}/types.d.ts`, headers });
    expect(response.statusCode).toBe(200);
    const source = response.body;
    await writeFile(join(dir, 'finance.d.ts'), source);
    expect(compile(['finance.d.ts'], dir).diagnostics).toEqual([]);
    const opportunity = /export interface Opportunity \{[\s\S]*?\n\}/.exec(source)?.[0] ?? '';
    expect(opportunity).toContain('discount');
    expect(opportunity).not.toContain('next_step'); // hidden from finance
    expect(source).not.toMatch(/export interface Lead \{/); // finance cannot read leads
    const full = (await server.inject({ method: 'GET', url: `/api/apps/${app!.key}/types.d.ts` })).body;
    expect(/export interface Opportunity \{[\s\S]*?\n\}/.exec(full)?.[0]).toContain('next_step');
    expect(full).toMatch(/export interface Lead \{/);
  });
});
