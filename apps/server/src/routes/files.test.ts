/**
 * Uploads and downloads over real HTTP (a listening server, `fetch`), on the sample sales app:
 * a Chinese-named PDF uploaded, attached by a record write and read back byte for byte with its
 * name in `filename*`; who may read it (the uploader before it is on a record, then the record's
 * readers, not someone whose role hides the field); and hostile input: a file over the field's
 * limit (413, nothing stored), types the field does not take or bytes that contradict the
 * declared type (415), names with NUL, separators and `../`, forged and borrowed file ids in
 * record writes (400 naming the path, nothing written), HTML and SVG served so they cannot run
 * script, and malformed multipart bodies (4xx, never 500, never a hang).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppBundle } from '@pipewright/metadata';
import type { DiskFileStore } from '@pipewright/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';

const fixture = readFileSync(fileURLToPath(new URL('../../../../packages/metadata/fixtures/lead-opportunity.bundle.json', import.meta.url)), 'utf8');
const bundle = JSON.parse(fixture) as AppBundle;
delete bundle.sampleData;
const opportunity = bundle.entities.find((e) => e.key === 'opportunity')!;
opportunity.fields.push(
  { key: 'documents', label: { 'zh-CN': '资料', en: 'Documents' }, type: 'attachment', maxFileSizeMb: 0.01 },
  { key: 'customer_sign', label: { 'zh-CN': '客户签字', en: 'Customer signature' }, type: 'signature' },
);
const finance = bundle.roles!.find((r) => r.key === 'finance')!;
finance.permissions.find((p) => p.entity === 'opportunity')!.fields!.quote_file = 'hidden';
const appKey = bundle.app.key;
const api = `/api/apps/${appKey}`;
const password = 'correct horse battery';

let server: TestServer;
let base: string;
const people: Record<string, { id: number; headers: SessionHeaders }> = {};
let account: number;

/** The PDF of a quote, small and real enough for its first bytes. */
const pdf = Buffer.from('%PDF-1.4\n% 报价单\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

async function person(login: string, roles: string[]) {
  const created = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name: login, password } });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: number }>().id;
  const granted = await server.inject({ method: 'PUT', url: `/api/users/${id}/roles/${appKey}`, payload: { roles } });
  expect(granted.statusCode, granted.body).toBeLessThan(300);
  people[login] = { id, headers: await server.login(login, password) };
}

interface Upload {
  entity?: string;
  field?: string;
  record?: number;
  file?: { bytes: Buffer; name: string; type: string };
}

/** POST /files as `login`, a multipart form built by fetch (form fields first, then the file). */
function upload(login: string, { entity = 'opportunity', field = 'quote_file', record, file }: Upload): Promise<Response> {
  const form = new FormData();
  if (entity) form.set('entity', entity);
  if (field) form.set('field', field);
  if (record !== undefined) form.set('record', String(record));
  if (file) form.set('file', new Blob([file.bytes], { type: file.type }), file.name);
  return fetch(`${base}${api}/files`, { method: 'POST', body: form, headers: people[login]!.headers, signal: AbortSignal.timeout(10_000) });
}

/** POST /files with a body written by hand. */
function rawUpload(login: string, contentType: string, body: Buffer | string): Promise<Response> {
  return fetch(`${base}${api}/files`, { method: 'POST', body, headers: { ...people[login]!.headers, 'content-type': contentType }, signal: AbortSignal.timeout(10_000) });
}

const download = (login: string, id: string) => fetch(`${base}${api}/files/${id}`, { headers: people[login]!.headers, signal: AbortSignal.timeout(10_000) });
const request = (login: string, method: string, url: string, body?: unknown) =>
  fetch(`${base}${url}`, { method, headers: { ...people[login]!.headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10_000) });

async function stored(response: Response): Promise<{ id: string; name: string; size: number; mimeType: string }> {
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return JSON.parse(text) as { id: string; name: string; size: number; mimeType: string };
}

async function problem(response: Response, status: number, code: string, path?: string) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(text) as { code: string; errors?: { path: string }[] };
  expect(body.code, text).toBe(code);
  if (path !== undefined) expect(body.errors?.map((e) => e.path), text).toContain(path);
  return body;
}

/** The digests kept in the store (not its temporary files). */
function blobs(): string[] {
  const directory = (server.runtime.files.store as DiskFileStore).directory;
  return readdirSync(directory, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.endsWith('.part')).map((e) => e.name).sort();
}

async function fileRows(): Promise<number> {
  const { rows } = await server.runtime.database.executeSql('SELECT count(*) AS n FROM pipewright.files');
  return Number((rows[0] as { n: string }).n);
}

async function newDeal(login: string, extra: Record<string, unknown> = {}): Promise<{ id: number; version: number }> {
  const response = await request(login, 'POST', `${api}/records/opportunity`, { name: `商机 ${Math.random()}`, account, stage: 'initial_contact', expected_close_date: '2026-12-31', ...extra });
  const text = await response.text();
  expect(response.status, text).toBe(201);
  return JSON.parse(text) as { id: number; version: number };
}

beforeAll(async () => {
  server = await openTestServer({ bundle });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.app.server.address() as { port: number }).port}`;
  people.admin = { id: server.adminId, headers: server.adminHeaders };
  await person('rep_a', ['sales_rep']);
  await person('rep_b', ['sales_rep']);
  await person('clerk', ['finance']);
  account = (await server.runtime.records.create(appKey, 'account', { name: '星海科技有限公司', industry: 'it' }, { userId: server.adminId })).id as number;
}, 240_000);
afterAll(() => server?.close());

describe('POST /files, then a record write, then GET /files/:id', () => {
  it('stores a Chinese-named PDF, attaches it on save and serves the same bytes to the record’s readers only', async () => {
    const file = await stored(await upload('rep_a', { file: { bytes: pdf, name: '报价单 v1（终版）.pdf', type: 'application/pdf' } }));
    expect(file).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: '报价单 v1（终版）.pdf', size: pdf.length, mimeType: 'application/pdf' });

    // Before a record holds it: its uploader alone.
    const own = await download('rep_a', file.id);
    expect(own.status).toBe(200);
    expect(Buffer.from(await own.arrayBuffer()).equals(pdf)).toBe(true);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    expect(own.headers.get('content-disposition')).toBe(`attachment; filename="___ v1____.pdf"; filename*=UTF-8''${encodeURIComponent('报价单 v1（终版）.pdf')}`);
    expect(own.headers.get('x-content-type-options')).toBe('nosniff');
    await problem(await download('rep_b', file.id), 404, 'file.notFound');

    // The record write names it with a made-up name and size: the stored value says what the file is.
    const deal = await newDeal('rep_a', { quote_file: [{ id: file.id, name: 'renamed.exe', size: 1 }], approval_status: undefined });
    const read = await (await request('rep_a', 'GET', `${api}/records/opportunity/${deal.id}`)).json() as { quote_file: unknown };
    expect(read.quote_file).toEqual([file]);
    const row = await server.runtime.files.row(appKey, file.id);
    expect(row?.attachedTo).toEqual({ entity: 'opportunity', recordId: deal.id, field: 'quote_file' });

    // Now the record's readers: its owner and the administrator, not another rep.
    expect((await download('rep_a', file.id)).status).toBe(200);
    const admin = await download('admin', file.id);
    expect(Buffer.from(await admin.arrayBuffer()).equals(pdf)).toBe(true);
    await problem(await download('rep_b', file.id), 404, 'file.notFound');
    // Finance may read pending deals, but the quote field is hidden from it.
    await server.runtime.records.update(appKey, 'opportunity', deal.id, { approval_status: 'pending' }, { userId: server.adminId });
    expect((await request('clerk', 'GET', `${api}/records/opportunity/${deal.id}`)).status).toBe(200);
    await problem(await download('clerk', file.id), 404, 'file.notFound');

    // Saving the record again with the file it holds is fine; so is adding another upload to it.
    const second = await stored(await upload('rep_a', { record: deal.id, file: { bytes: Buffer.concat([pdf, Buffer.from('% 2')]), name: 'v2.pdf', type: 'application/pdf' } }));
    const current = await (await request('rep_a', 'GET', `${api}/records/opportunity/${deal.id}`)).json() as { version: number };
    const patched = await request('rep_a', 'PATCH', `${api}/records/opportunity/${deal.id}`, { quote_file: [file, second] });
    expect(patched.status, await patched.clone().text()).toBe(200);
    expect(((await patched.json()) as { version: number }).version).toBe(current.version + 1);
  });

  it('refuses forged ids, another user’s upload and a file of another record, naming the path and writing nothing', async () => {
    const mine = await stored(await upload('rep_a', { file: { bytes: pdf, name: 'a.pdf', type: 'application/pdf' } }));
    const theirs = await stored(await upload('rep_b', { file: { bytes: pdf, name: 'b.pdf', type: 'application/pdf' } }));
    const deal = await newDeal('rep_a');
    const url = `${api}/records/opportunity/${deal.id}`;
    for (const id of [theirs.id, '00000000-0000-4000-8000-000000000000', 'f1']) {
      await problem(await request('rep_a', 'PATCH', url, { quote_file: [mine, { id, name: 'x.pdf' }] }), 400, 'record.invalid', '/quote_file/1/id');
    }
    const after = await (await request('rep_a', 'GET', url)).json() as { version: number; quote_file: unknown };
    expect(after).toMatchObject({ version: deal.version, quote_file: null });
    expect((await server.runtime.files.row(appKey, mine.id))?.attachedTo).toBeNull();
    // Once on one record, a file is not put on another (not even by its uploader) …
    const holder = await newDeal('rep_a', { quote_file: [mine] });
    await problem(await request('rep_a', 'PATCH', url, { quote_file: [mine] }), 400, 'record.invalid', '/quote_file/0/id');
    // … nor in another field of the same record.
    await problem(await request('rep_a', 'PATCH', `${api}/records/opportunity/${holder.id}`, { documents: [mine] }), 400, 'record.invalid', '/documents/0/id');
    // A bulk create names the item.
    const bulk = await request('rep_a', 'POST', `${api}/records/opportunity/bulk`, { create: [{ name: 'ok', account, stage: 'initial_contact', expected_close_date: '2026-12-31' }, { name: 'bad', account, stage: 'initial_contact', expected_close_date: '2026-12-31', quote_file: [theirs] }] });
    await problem(bulk, 400, 'record.invalid', '/create/1/quote_file/0/id');
  });

  it('checks the upload is for a file field the caller may edit', async () => {
    const file = { bytes: pdf, name: 'q.pdf', type: 'application/pdf' };
    await problem(await upload('rep_a', { entity: 'nope', file }), 400, 'file.invalidTarget', '/entity');
    await problem(await upload('rep_a', { field: 'name', file }), 400, 'file.invalidTarget', '/field');
    await problem(await upload('rep_a', { entity: '', field: '', file }), 400, 'file.invalidTarget', '/entity');
    // Finance creates and updates no opportunities.
    await problem(await upload('clerk', { file }), 403, 'permission.denied');
    // Another rep's record is not there for rep_b.
    const deal = await newDeal('rep_a');
    await problem(await upload('rep_b', { record: deal.id, file }), 404, 'record.notFound');
    // Reps read every account but update their own only.
    const theirs = (await server.runtime.records.create(appKey, 'account', { name: '别人的客户有限公司', owner_id: people.rep_a!.id }, { userId: server.adminId })).id as number;
    await problem(await upload('rep_b', { entity: 'account', field: 'logo', record: theirs, file: { bytes: png, name: 'l.png', type: 'image/png' } }), 403, 'permission.denied', '/record');
    expect((await upload('rep_a', { entity: 'account', field: 'logo', record: theirs, file: { bytes: png, name: 'l.png', type: 'image/png' } })).status).toBe(201);
    const anonymous = await fetch(`${base}${api}/files`, { method: 'POST', body: new FormData() });
    expect(anonymous.status).toBe(401);
  });
});

describe('hostile uploads', () => {
  it('stops a file over the field’s limit with 413 and keeps nothing', async () => {
    const before = { blobs: blobs(), rows: await fileRows() };
    const big = Buffer.alloc(64 * 1024, 0x61);
    await problem(await upload('rep_a', { field: 'documents', file: { bytes: big, name: 'big.txt', type: 'text/plain' } }), 413, 'file.tooLarge', '/file');
    // A signature is small too (2 MB).
    await problem(await upload('rep_a', { field: 'customer_sign', file: { bytes: Buffer.concat([png, Buffer.alloc(3 * 1024 * 1024)]), name: 's.png', type: 'image/png' } }), 413, 'file.tooLarge');
    expect(blobs()).toEqual(before.blobs);
    expect(await fileRows()).toBe(before.rows);
    // The server still answers on a new connection.
    expect((await download('rep_a', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('refuses types the field does not take, and bytes that contradict the declared type (415)', async () => {
    const before = await fileRows();
    await problem(await upload('rep_a', { file: { bytes: Buffer.from('just text'), name: 'quote.txt', type: 'text/plain' } }), 415, 'file.typeNotAccepted');
    await problem(await upload('rep_a', { file: { bytes: Buffer.from('<html><script>alert(1)</script>'), name: 'quote.pdf', type: 'application/pdf' } }), 415, 'file.typeNotAccepted');
    await problem(await upload('rep_a', { entity: 'account', field: 'logo', file: { bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), name: 'logo.svg', type: 'image/svg+xml' } }), 415, 'file.typeNotAccepted');
    await problem(await upload('rep_a', { entity: 'account', field: 'logo', file: { bytes: pdf, name: 'logo.png', type: 'image/png' } }), 415, 'file.typeNotAccepted');
    await problem(await upload('rep_a', { field: 'customer_sign', file: { bytes: Buffer.from('GIF89a......'), name: 's.gif', type: 'image/gif' } }), 415, 'file.typeNotAccepted');
    expect(await fileRows()).toBe(before);
    // A PNG declared as octet-stream is a PNG.
    const logo = await stored(await upload('rep_a', { entity: 'account', field: 'logo', file: { bytes: png, name: 'logo', type: 'application/octet-stream' } }));
    expect(logo.mimeType).toBe('image/png');
  });

  it('keeps only the last segment of a file name, without NUL or control characters', async () => {
    const boundary = 'x-boundary-7d1';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\nopportunity\r\n--${boundary}\r\nContent-Disposition: form-data; name="field"\r\n\r\ndocuments\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="..\\..\\../../etc/pass\u0000wd\u0007.txt"\r\nContent-Type: text/plain\r\n\r\n`, 'utf8'),
      Buffer.from('root:x:0:0\r\n'),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    const file = await stored(await rawUpload('rep_a', `multipart/form-data; boundary=${boundary}`, body));
    expect(file.name).toBe('passwd.txt');
    for (const name of ['..', '../', 'a/../..']) {
      const dots = await stored(await upload('rep_a', { field: 'documents', file: { bytes: Buffer.from('x'), name, type: 'text/plain' } }));
      expect(dots.name.includes('\u0000') || /[/\\]|^\.\.$/.test(dots.name), dots.name).toBe(false);
    }
  });

  it('serves uploaded HTML and SVG as attachments under a policy that runs no script', async () => {
    for (const [name, type, bytes] of [
      ['page.html', 'text/html', '<html><body><script>fetch("/api/auth/me")</script></body></html>'],
      ['draw.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ] as const) {
      const file = await stored(await upload('rep_a', { field: 'documents', file: { bytes: Buffer.from(bytes), name, type } }));
      const served = await download('rep_a', file.id);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toMatch(new RegExp(`^${type.replace('+', '\\+')}`));
      expect(served.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      expect(served.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(await served.text()).toBe(bytes);
    }
  });

  it('answers malformed multipart with 4xx, never 500 and never a hang', async () => {
    const boundary = 'b0undary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\nopportunity\r\n--${boundary}\r\nContent-Disposition: form-data; name="field"\r\n\r\ndocuments\r\n`;
    const filePart = (name = 'file') => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n`;
    const cases: [string, string, Buffer | string, number][] = [
      ['no closing boundary', `multipart/form-data; boundary=${boundary}`, `${head}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello`, 400],
      ['no boundary parameter', 'multipart/form-data', head, 400],
      ['a JSON body', 'application/json', '{"entity":"opportunity"}', 415],
      ['garbage', `multipart/form-data; boundary=${boundary}`, Buffer.from([0, 1, 2, 3, 255, 254, 13, 10, 45, 45]), 400],
      ['an empty body', `multipart/form-data; boundary=${boundary}`, '', 400],
      ['only the closing boundary', `multipart/form-data; boundary=${boundary}`, `--${boundary}--\r\n`, 400],
      ['the file before the form fields', `multipart/form-data; boundary=${boundary}`, `${filePart()}${head}--${boundary}--\r\n`, 400],
      ['two files', `multipart/form-data; boundary=${boundary}`, `${head}${filePart()}${filePart()}--${boundary}--\r\n`, 413],
      ['the file under another name', `multipart/form-data; boundary=${boundary}`, `${head}${filePart('upload')}--${boundary}--\r\n`, 400],
      ['an unknown form field', `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\nx\r\n${head}${filePart()}--${boundary}--\r\n`, 400],
      ['a part without headers', `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\n\r\nhello\r\n--${boundary}--\r\n`, 400],
      ['a bad record id', `multipart/form-data; boundary=${boundary}`, `${head}--${boundary}\r\nContent-Disposition: form-data; name="record"\r\n\r\n1e9\r\n${filePart()}--${boundary}--\r\n`, 400],
    ];
    const before = await fileRows();
    for (const [label, type, body, status] of cases) {
      const response = await rawUpload('rep_a', type, body);
      const text = await response.text();
      expect(response.status, `${label}: ${text}`).toBe(status);
      expect(response.headers.get('content-type'), label).toMatch(/^application\/problem\+json/);
      expect(await fileRows(), label).toBe(before);
    }
  });
});
