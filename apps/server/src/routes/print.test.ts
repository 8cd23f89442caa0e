/**
 * Printing records over HTTP on the sample sales app: the shipped quote as PDF (read back with
 * pdftotext) and as the HTML preview, with the caller's permissions (a record outside the read
 * scope is 404, a hidden field prints as nothing), hostile data printed as text, bad requests
 * refused with their parameter, and templates that cannot print refused at publish.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppBundle } from '@pipewright/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';

const fixture = readFileSync(fileURLToPath(new URL('../../../../packages/metadata/fixtures/lead-opportunity.bundle.json', import.meta.url)), 'utf8');
const bundle = JSON.parse(fixture) as AppBundle;
delete bundle.sampleData;
bundle.printTemplates!.push({ key: 'opportunity_notes', label: { 'zh-CN': '跟进记录', en: 'Notes' }, version: 1, entity: 'opportunity', engine: 'handlebars', template: '<p>商机：{{name}}</p><p>下一步：[{{next_step}}]</p><p>阶段：[{{stage}}]</p><p>负责人：[{{owner_id}}]</p><p>行业：[{{account.industry}}]</p>' });
const appKey = bundle.app.key;
const api = `/api/apps/${appKey}`;
const password = 'correct horse battery';

let server: TestServer;
const people: Record<string, { id: number; headers: SessionHeaders }> = {};
let deal: number;
let otherDeal: number;

async function person(login: string, roles: string[]) {
  const created = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name: login, password } });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: number }>().id;
  const granted = await server.inject({ method: 'PUT', url: `/api/users/${id}/roles/${appKey}`, payload: { roles } });
  expect(granted.statusCode, granted.body).toBeLessThan(300);
  people[login] = { id, headers: await server.login(login, password) };
}
const as = (login: string, url: string) => server.app.inject({ method: 'GET', url, headers: people[login]!.headers });
const batch = (login: string | undefined, ids: number[], template = 'opportunity_quote') =>
  login === undefined
    ? server.inject({ method: 'POST', url: `${api}/records/opportunity/print/${template}`, payload: { ids } })
    : server.app.inject({ method: 'POST', url: `${api}/records/opportunity/print/${template}`, headers: people[login]!.headers, payload: { ids } });

function pdfText(body: Buffer, name: string): string[] {
  const dir = join(tmpdir(), 'pipewright-print');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, body);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').filter((page) => page.trim() !== '');
}
const flat = (text: string) => text.replace(/\s+/g, '');

beforeAll(async () => {
  server = await openTestServer({ bundle });
  await person('rep_a', ['sales_rep']);
  await person('rep_b', ['sales_rep']);
  await person('clerk', ['finance']);
  const system = { userId: server.adminId, timeZone: 'Asia/Shanghai' };
  const records = server.runtime.records;
  const account = await records.create(appKey, 'account', { name: '<img src=x onerror=alert(1)>星海<script>alert(2)</script>有限公司', industry: 'it' }, system);
  const [enterprise, service] = await records.createMany(appKey, 'product', [
    { sku: 'CRM-ENT', name: 'Pipewright CRM 企业版', list_price: 120000 },
    { sku: 'SVC-DAY', name: '实施服务（人天）', list_price: 3000 },
  ], system);
  const opportunity = await records.create(appKey, 'opportunity', {
    name: '星海 CRM 升级',
    account: account.id,
    expected_close_date: '2026-12-15',
    discount: 5,
    next_step: '周五前发送合同草案',
    owner_id: people.rep_a!.id,
    products: [
      { product: enterprise!.id, quantity: 3, unit_price: 120000, discount: 10 },
      { product: service!.id, quantity: 40, unit_price: 3000, discount: 0 },
    ],
  }, system);
  deal = opportunity.id as number;
  await records.update(appKey, 'opportunity', deal, { approval_status: 'pending' }, system);
  otherDeal = (await records.create(appKey, 'opportunity', { name: '别人的商机', account: account.id, expected_close_date: '2026-12-20', owner_id: people.rep_b!.id }, system)).id as number;
}, 240_000);
afterAll(() => server?.close());

describe('GET /api/apps/:app/records/:entity/:id/print/:template', () => {
  it('prints the shipped quote as a PDF with its line items and 大写金额', async () => {
    const response = await server.inject({ method: 'GET', url: `${api}/records/opportunity/${deal}/print/opportunity_quote` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const record = (await server.inject({ method: 'GET', url: `${api}/records/opportunity/${deal}` })).json<{ opportunity_no: string; final_amount: number }>();
    // 3 × 120,000 × 0.9 + 40 × 3,000 = 444,000; less 5 % = 421,800.
    expect(record.final_amount).toBe(421800);
    expect(String(response.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent(`报价单-${record.opportunity_no}.pdf`)}`);
    const pages = pdfText(response.rawPayload, 'api-quote');
    expect(response.headers['x-pdf-pages']).toBe(String(pages.length));
    const text = pages.join('\n');
    expect(text).toContain('Pipewright CRM 企业版');
    expect(text).toContain('实施服务（人天）');
    expect(text).toContain('¥421,800.00');
    expect(flat(text)).toContain('人民币肆拾贰万壹仟捌佰元整');
    pages.forEach((page, i) => {
      expect(flat(page)).toContain(`第${i + 1}页/共${pages.length}页`);
      expect(flat(page)).toContain(`报价单${record.opportunity_no}`);
    });
    expect(flat(text)).toContain('<imgsrc=xonerror=alert(1)>星海<script>alert(2)</script>有限公司');
  });

  it('answers the HTML preview with values escaped', async () => {
    const response = await server.inject({ method: 'GET', url: `${api}/records/opportunity/${deal}/print/opportunity_quote?format=html` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.body).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;星海&lt;script&gt;alert(2)&lt;/script&gt;有限公司');
    expect(response.body).not.toContain('<script>alert');
    expect(response.body).toContain('肆拾贰万壹仟捌佰元整');
  });

  it('prints only records the caller may read, and hidden fields as nothing', async () => {
    const url = (id: number, template = 'opportunity_notes') => `${api}/records/opportunity/${id}/print/${template}?format=html`;
    expect((await as('rep_a', url(deal))).statusCode).toBe(200);
    const outside = await as('rep_a', url(otherDeal));
    expect(outside.statusCode).toBe(404);
    expect(outside.json()).toMatchObject({ code: 'record.notFound' });
    expect((await as('rep_b', `${api}/records/opportunity/${deal}/print/opportunity_quote`)).statusCode).toBe(404);
    // Finance reads pending deals with next_step hidden.
    const clerk = await as('clerk', url(deal));
    expect(clerk.statusCode, clerk.body).toBe(200);
    expect(clerk.body).toContain('商机：星海 CRM 升级');
    expect(clerk.body).toContain('下一步：[]');
    expect((await server.inject({ method: 'GET', url: url(deal) })).body).toContain('下一步：[周五前发送合同草案]');
    expect((await server.app.inject({ method: 'GET', url: url(deal) })).statusCode).toBe(401);
  });

  it('refuses what it cannot print with the parameter at fault', async () => {
    const get = (url: string) => server.inject({ method: 'GET', url });
    const unknown = await get(`${api}/records/opportunity/${deal}/print/no_such_template`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'print.templateNotFound' });
    expect((await get(`${api}/records/account/${deal}/print/opportunity_quote`)).json()).toMatchObject({ code: 'print.templateNotFound' });
    expect((await get(`${api}/records/opportunity/999999/print/opportunity_quote`)).statusCode).toBe(404);
    const format = await get(`${api}/records/opportunity/${deal}/print/opportunity_quote?format=docx`);
    expect(format.statusCode).toBe(400);
    expect(JSON.stringify(format.json())).toContain('format');
    expect((await get(`${api}/records/opportunity/0/print/opportunity_quote`)).statusCode).toBe(400);
    expect((await get(`${api}/records/opportunity/${deal}/print/Bad-Key`)).statusCode).toBe(400);
  });

  it('prints option labels and people by name, not keys and ids', async () => {
    const response = await server.inject({ method: 'GET', url: `${api}/records/opportunity/${deal}/print/opportunity_notes?format=html` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).toContain('阶段：[初步接洽]');
    expect(response.body).toContain('负责人：[rep_a]');
    expect(response.body).toContain('行业：[信息技术]');
    expect(response.body).not.toContain('initial_contact');
  });

  it('lists the print templates of an entity', async () => {
    const response = await server.inject({ method: 'GET', url: `${api}/records/opportunity/print-templates` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<{ items: { key: string }[] }>().items.map((t) => t.key)).toEqual(['opportunity_quote', 'opportunity_contract', 'opportunity_delivery_note', 'opportunity_notes']);
  });
});

describe('the shipped contract and delivery note', () => {
  let big: number;
  const lineNames = Array.from({ length: 30 }, (_, i) => `测试产品-${String(i + 1).padStart(2, '0')}`);
  beforeAll(async () => {
    const system = { userId: server.adminId, timeZone: 'Asia/Shanghai' };
    const records = server.runtime.records;
    const account = await records.create(appKey, 'account', { name: '宁波港务集团有限公司', industry: 'manufacturing' }, system);
    const products = await records.createMany(appKey, 'product', lineNames.map((name, i) => ({ sku: `T-${i + 1}`, name, list_price: 1000 })), system);
    // 30 lines of 1 × 1,234.56 = 37,036.80.
    big = (await records.create(appKey, 'opportunity', { name: '港口设备采购', account: account.id, expected_close_date: '2026-12-30', owner_id: people.rep_a!.id, products: products.map((p) => ({ product: p.id, quantity: 1, unit_price: 1234.56 })) }, system)).id as number;
  }, 120_000);

  for (const [template, header, name] of [['opportunity_contract', '销售合同HT-', 'contract'], ['opportunity_delivery_note', '送货单SH-', 'delivery-note']] as const) {
    it(`prints the ${name} with every line item, 大写金额, and its header and footer on every page`, async () => {
      const response = await server.inject({ method: 'GET', url: `${api}/records/opportunity/${big}/print/${template}` });
      expect(response.statusCode, response.body).toBe(200);
      const pages = pdfText(response.rawPayload, `sample-${name}`);
      expect(pages.length).toBeGreaterThan(1);
      expect(response.headers['x-pdf-pages']).toBe(String(pages.length));
      const text = flat(pages.join(''));
      for (const line of lineNames) expect(text).toContain(line);
      expect(text).toContain('人民币叁万柒仟零叁拾陆元捌角');
      expect(text).toContain('宁波港务集团有限公司');
      expect(text).toContain('rep_a');
      pages.forEach((page, i) => {
        expect(flat(page)).toContain(header);
        expect(flat(page)).toContain(`第${i + 1}页/共${pages.length}页`);
      });
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', join(tmpdir(), 'pipewright-print', `sample-${name}.pdf`), join(tmpdir(), 'pipewright-print', `sample-${name}`)]);
    }, 60_000);
  }
});

describe('POST /api/apps/:app/records/:entity/print/:template (batch)', () => {
  it('prints several records into one PDF, each with every page of its own', async () => {
    const one = await server.inject({ method: 'GET', url: `${api}/records/opportunity/${deal}/print/opportunity_quote` });
    const response = await batch(undefined, [deal, otherDeal]);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pages = pdfText(response.rawPayload, 'batch');
    expect(Number(response.headers['x-pdf-pages'])).toBe(pages.length);
    expect(pages.length).toBe(Number(one.headers['x-pdf-pages']) + 1);
    const text = flat(pages.join(''));
    expect(text).toContain('星海CRM升级');
    expect(text).toContain('别人的商机');
    expect(text.indexOf('星海CRM升级')).toBeLessThan(text.indexOf('别人的商机'));
    // A rep prints their own.
    expect((await batch('rep_a', [deal])).statusCode).toBe(200);
  }, 120_000);

  it('refuses the whole batch naming every record the caller may not print', async () => {
    const response = await batch('rep_a', [deal, otherDeal, 999_999]);
    expect(response.statusCode, response.body).toBe(403);
    const problem = response.json<{ code: string; detail: string; errors: { path: string }[] }>();
    expect(problem.code).toBe('print.denied');
    expect(problem.errors.map((e) => e.path)).toEqual(['/ids/1', '/ids/2']);
    expect(problem.detail).toContain(`${otherDeal}, 999999`);
    // Finance reads pending deals but its print scope is all: the other deal is not pending, so unreadable.
    expect((await batch('clerk', [otherDeal])).statusCode).toBe(403);
  });

  it('refuses more records than print at once, and bad bodies, with the path at fault', async () => {
    const many = await batch(undefined, Array.from({ length: 51 }, (_, i) => i + 1));
    expect(many.statusCode).toBe(422);
    expect(many.json()).toMatchObject({ code: 'print.tooMany', errors: [{ path: '/ids' }] });
    expect(many.json<{ detail: string }>().detail).toContain('At most 50');
    const empty = await batch(undefined, []);
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json())).toContain('ids');
    const wrong = await server.inject({ method: 'POST', url: `${api}/records/opportunity/print/opportunity_quote`, payload: { ids: ['x'] } });
    expect(wrong.statusCode).toBe(400);
    expect(JSON.stringify(wrong.json())).toContain('/ids/0');
    expect((await batch(undefined, [deal], 'no_such_template')).statusCode).toBe(404);
  });
});

describe('publishing refuses print templates that cannot print', () => {
  const refused = async (template: string, part: 'template' | 'header' = 'template') => {
    const broken = JSON.parse(fixture) as AppBundle;
    delete broken.sampleData;
    broken.app.key = 'print_refusals';
    broken.printTemplates![0]![part] = template;
    for (const url of ['/api/apps/print_refusals/plan', '/api/apps']) {
      const response = await server.inject({ method: 'POST', url, payload: broken });
      expect(response.statusCode, response.body).toBe(400);
      const { errors } = response.json<{ errors: { path: string; code: string; message: string }[] }>();
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) expect(error.path).toBe(`/printTemplates/0/${part}`);
      if (url === "/api/apps") return errors;
    }
    return [];
  };

  it('a template that does not compile, names an unknown field or helper, or nests without bound', async () => {
    expect((await refused('{{#each products}}{{name}}'))[0]).toMatchObject({ code: 'print.syntax' });
    expect((await refused('{{account.nmae}}'))[0]).toMatchObject({ code: 'print.unknownField', message: 'line 1, column 3: account has no field "nmae"' });
    expect((await refused('{{shout name}}', 'header'))[0]).toMatchObject({ code: 'print.unknownHelper' });
    expect((await refused('{{#if name}}'.repeat(12) + '{{/if}}'.repeat(12)))[0]).toMatchObject({ code: 'print.tooDeep' });
    expect((await server.inject({ method: 'GET', url: '/api/apps/print_refusals' })).statusCode).toBe(404);
  });
});

describe('POST /api/apps/:app/records/:entity/:id/print/:template/attach', () => {
  const attach = (login: string, id: number, body: unknown, template = 'opportunity_quote') =>
    server.app.inject({ method: 'POST', url: `${api}/records/opportunity/${id}/print/${template}/attach`, headers: people[login]!.headers, payload: body as Record<string, unknown> });

  it('keeps the printed quote on the record’s attachment field, readable as the PDF it printed', async () => {
    const response = await attach('rep_a', deal, { field: 'quote_file' });
    expect(response.statusCode, response.body).toBe(201);
    const { file, record } = response.json<{ file: { id: string; name: string; size: number; mimeType: string }; record: { quote_file: unknown[]; opportunity_no: string } }>();
    expect(file).toMatchObject({ name: `报价单-${record.opportunity_no}.pdf`, mimeType: 'application/pdf' });
    expect(record.quote_file).toEqual([file]);
    // Stored on the record: its history says so, and its readers download the PDF.
    const history = (await as('rep_a', `${api}/records/opportunity/${deal}/history`)).json<{ items: { changes: Record<string, unknown> }[] }>();
    expect(history.items[0]!.changes).toHaveProperty('quote_file');
    const download = await as('rep_a', `${api}/files/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.length).toBe(file.size);
    const text = pdfText(download.rawPayload, 'attached-quote').join('\n');
    expect(text).toContain('Pipewright CRM 企业版');
    expect(text).toContain('¥421,800.00');
    expect(flat(text)).toContain('人民币肆拾贰万壹仟捌佰元整');
    expect((await as('rep_b', `${api}/files/${file.id}`)).statusCode).toBe(404);
    // A second print is added beside the first.
    const again = await attach('rep_a', deal, { field: 'quote_file' });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json<{ record: { quote_file: unknown[] } }>().record.quote_file).toHaveLength(2);
  }, 120_000);

  it('needs print and update permission and an attachment field, and keeps nothing otherwise', async () => {
    const before = (await server.runtime.database.executeSql('SELECT count(*) AS n FROM pipewright.files')).rows[0] as { n: string };
    // Finance prints every opportunity but updates none.
    expect((await attach('clerk', deal, { field: 'quote_file' })).statusCode).toBe(403);
    // Another rep's record is not there for rep_a.
    expect((await attach('rep_a', otherDeal, { field: 'quote_file' })).statusCode).toBe(404);
    const notFiles = await attach('rep_a', deal, { field: 'next_step' });
    expect(notFiles.statusCode).toBe(400);
    expect(notFiles.json()).toMatchObject({ code: 'file.invalidTarget', errors: [{ path: '/field' }] });
    const badBody = await attach('rep_a', deal, { field: 'quote_file', extra: 1 });
    expect(badBody.statusCode).toBe(400);
    expect((await attach('rep_a', deal, { field: 'quote_file' }, 'no_such_template')).statusCode).toBe(404);
    const after = (await server.runtime.database.executeSql('SELECT count(*) AS n FROM pipewright.files')).rows[0] as { n: string };
    expect(after.n).toBe(before.n);
  });
});
