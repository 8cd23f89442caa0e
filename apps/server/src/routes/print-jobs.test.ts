/**
 * Batch prints as background jobs over HTTP on the sample sales app: 30 opportunities chosen by a
 * filter printed as a zip (each PDF read back with pdftotext), ids printed as one merged PDF,
 * progress, cancel, a record the caller may not print, another user's job, and bad bodies.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppBundle } from '@pipewright/metadata';
import { pdfPages } from '../../../../packages/runtime/src/print/pdf-text.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';

const bundle = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../packages/metadata/fixtures/lead-opportunity.bundle.json', import.meta.url)), 'utf8')) as AppBundle;
delete bundle.sampleData;
const appKey = bundle.app.key;
const jobs = `/api/apps/${appKey}/records/opportunity/print-jobs`;
const password = 'correct horse battery';

let server: TestServer;
const people: Record<string, { id: number; headers: SessionHeaders }> = {};
const mine: number[] = [];
let theirs: number;

async function person(login: string, roles: string[]) {
  const created = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name: login, password } });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: number }>().id;
  await server.inject({ method: 'PUT', url: `/api/users/${id}/roles/${appKey}`, payload: { roles } });
  people[login] = { id, headers: await server.login(login, password) };
}
const as = (login: string, method: 'GET' | 'POST', url: string, payload?: object) => server.app.inject({ method, url, headers: people[login]!.headers, ...(payload ? { payload } : {}) });

interface JobView { id: string; status: string; done: number; total: number; error?: { code: string } }

async function finished(login: string, id: string): Promise<JobView> {
  for (let i = 0; i < 600; i++) {
    const job = (await as(login, 'GET', `${jobs}/${id}`)).json<JobView>();
    if (!['queued', 'running'].includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`print job ${id} did not finish`);
}

function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return reject(error ?? new Error('no zip'));
      const entries = new Map<string, Buffer>();
      file.on('entry', (entry: yauzl.Entry) => {
        file.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error('no entry stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            file.readEntry();
          });
        });
      });
      file.on('end', () => resolve(entries));
      file.on('error', reject);
      file.readEntry();
    });
  });
}

beforeAll(async () => {
  server = await openTestServer({ bundle });
  await person('rep_a', ['sales_rep']);
  await person('rep_b', ['sales_rep']);
  const system = { userId: server.adminId, timeZone: 'Asia/Shanghai' };
  const records = server.runtime.records;
  const account = await records.create(appKey, 'account', { name: '星海科技有限公司', industry: 'it' }, system);
  const [product] = await records.createMany(appKey, 'product', [{ sku: 'CRM-ENT', name: 'Pipewright CRM 企业版', list_price: 120000 }], system);
  const created = await records.createMany(appKey, 'opportunity', Array.from({ length: 30 }, (_, i) => ({
    name: `批量商机 ${String(i + 1).padStart(2, '0')}`,
    account: account.id,
    expected_close_date: '2026-12-15',
    next_step: '批量打印',
    owner_id: people.rep_a!.id,
    products: [{ product: product!.id, quantity: i + 1, unit_price: 1000, discount: 0 }],
  })), system);
  mine.push(...created.map((r) => r.id as number));
  theirs = (await records.create(appKey, 'opportunity', { name: '别人的商机', account: account.id, expected_close_date: '2026-12-20', next_step: '批量打印', owner_id: people.rep_b!.id }, system)).id as number;
}, 240_000);
afterAll(() => server?.close());

describe('POST /api/apps/:app/records/:entity/print-jobs', () => {
  it('prints the 30 records a filter selects for the caller as a zip of one PDF each, named by the template', async () => {
    // The filter also matches rep_b's deal; rep_a's read scope keeps it out.
    const started = await as('rep_a', 'POST', jobs, { template: 'opportunity_quote', filter: { field: 'next_step', op: 'eq', value: '批量打印' }, output: 'zip' });
    expect(started.statusCode, started.body).toBe(202);
    const job = started.json<JobView>();
    expect(job.total).toBe(30);
    const done = await finished('rep_a', job.id);
    expect(done).toMatchObject({ status: 'completed', done: 30, total: 30 });
    const file = await as('rep_a', 'GET', `${jobs}/${job.id}/file`);
    expect(file.statusCode, file.body).toBe(200);
    expect(file.headers['content-type']).toBe('application/zip');
    const entries = await unzip(file.rawPayload);
    expect(entries.size).toBe(30);
    const names = [...entries.keys()];
    for (const name of names) expect(name).toMatch(/^报价单-.+\.pdf$/);
    const texts = [...entries.values()].map((pdf, i) => pdfPages(pdf, `job-zip-${i}`).pages.join('\n'));
    for (let i = 1; i <= 30; i++) expect(texts.filter((text) => text.includes(`批量商机 ${String(i).padStart(2, '0')}`))).toHaveLength(1);
    expect(texts.some((text) => text.includes('别人的商机'))).toBe(false);
  }, 240_000);

  it('prints ids as one merged PDF with every record\'s pages, and only its creator sees the job', async () => {
    const ids = mine.slice(0, 5);
    const single = await as('rep_a', 'GET', `/api/apps/${appKey}/records/opportunity/${ids[0]}/print/opportunity_quote`);
    const perRecord = Number(single.headers['x-pdf-pages']);
    const started = await as('rep_a', 'POST', jobs, { template: 'opportunity_quote', ids, output: 'pdf' });
    expect(started.statusCode, started.body).toBe(202);
    const { id } = started.json<JobView>();
    expect(await finished('rep_a', id)).toMatchObject({ status: 'completed', done: 5, total: 5 });
    const file = await as('rep_a', 'GET', `${jobs}/${id}/file`);
    expect(file.headers['content-type']).toBe('application/pdf');
    const pages = pdfPages(file.rawPayload, 'job-merged').pages;
    expect(pages).toHaveLength(5 * perRecord);
    const text = pages.join('\n');
    for (const n of ['01', '02', '03', '04', '05']) expect(text).toContain(`批量商机 ${n}`);
    // Another user's job is not there for them, neither its status, nor its file, nor a cancel.
    expect((await as('rep_b', 'GET', `${jobs}/${id}`)).statusCode).toBe(404);
    expect((await as('rep_b', 'GET', `${jobs}/${id}/file`)).statusCode).toBe(404);
    expect((await as('rep_b', 'POST', `${jobs}/${id}/cancel`)).statusCode).toBe(404);
    expect((await as('rep_a', 'GET', `${jobs}/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
  }, 120_000);

  it('refuses a job holding a record the caller may not print, naming it, and queues nothing', async () => {
    const refused = await as('rep_a', 'POST', jobs, { template: 'opportunity_quote', ids: [mine[0], theirs], output: 'pdf' });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'print.denied', errors: [{ path: '/ids/1' }] });
    const { rows } = await server.runtime.database.executeSql('SELECT count(*)::int AS n FROM pipewright.print_jobs WHERE ids @> $1::jsonb', [JSON.stringify([theirs])]);
    expect(rows[0]).toMatchObject({ n: 0 });
  });

  it('cancels a job before it finishes its records', async () => {
    const started = await as('rep_a', 'POST', jobs, { template: 'opportunity_quote', ids: mine, output: 'zip' });
    const { id } = started.json<JobView>();
    const cancelled = await as('rep_a', 'POST', `${jobs}/${id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json<JobView>().status).toBe('cancelled');
    const after = await finished('rep_a', id);
    expect(after.status).toBe('cancelled');
    expect(after.done).toBeLessThan(30);
    expect((await as('rep_a', 'GET', `${jobs}/${id}/file`)).statusCode).toBe(409);
  }, 60_000);

  it('answers bad bodies with 4xx naming the field, never 5xx', async () => {
    const cases: [object, number, string][] = [
      [{ template: 'opportunity_quote', output: 'pdf' }, 400, ''],
      [{ template: 'opportunity_quote', ids: [1], output: 'docx' }, 400, '/output'],
      [{ template: 'opportunity_quote', ids: ['x'], output: 'pdf' }, 400, '/ids/0'],
      [{ template: 'opportunity_quote', ids: [], output: 'pdf' }, 400, '/ids'],
      [{ template: 'opportunity_quote', filter: { field: 'no_such_field', op: 'eq', value: 1 }, output: 'zip' }, 400, '/filter'],
      [{ template: 'opportunity_quote', filter: { field: 'next_step', op: 'eq', value: '无此值' }, output: 'zip' }, 400, '/filter'],
      [{ template: 'no_such_template', ids: [mine[0]], output: 'pdf' }, 404, '/template'],
      [{ template: 'opportunity_quote', ids: Array.from({ length: 1001 }, (_, i) => i + 1), output: 'pdf' }, 422, '/ids'],
    ];
    for (const [body, status, path] of cases) {
      const response = await as('rep_a', 'POST', jobs, body);
      expect(response.statusCode, `${JSON.stringify(body).slice(0, 80)} → ${response.body}`).toBe(status);
      if (path) expect(JSON.stringify(response.json<{ errors?: { path: string }[] }>().errors ?? []), response.body).toContain(`"${path}`);
    }
  });
});
