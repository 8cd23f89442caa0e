import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type TestServer } from '../testing/test-server.ts';
import { testBundle } from '../testing/test-bundle.ts';

const leads = '/api/apps/sales_test/records/lead';

describe('records API', () => {
  let server: TestServer;
  const inject = (options: InjectOptions) => server.inject(options);
  const createLead = async (values: Record<string, unknown>) => {
    const response = await inject({ method: 'POST', url: leads, payload: values });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Record<string, unknown>>();
  };

  beforeAll(async () => {
    server = await openTestServer({ bundle: testBundle() });
  });
  afterAll(() => server.close());

  it('creates a record: 201 with Location and ETag, defaults applied, the admin as creator', async () => {
    const response = await inject({ method: 'POST', url: leads, payload: { name: '李娜', email: 'LI.NA@Example.com', amount: 1200.5 } });
    expect(response.statusCode).toBe(201);
    const lead = response.json();
    expect(lead).toMatchObject({ name: '李娜', email: 'li.na@example.com', status: 'new', amount: 1200.5, version: 1 });
    expect(response.headers.location).toBe(`${leads}/${lead.id}`);
    expect(response.headers.etag).toBe('"1"');
    expect(lead.created_by).toBeGreaterThan(0);
    expect(lead.owner_id).toBe(lead.created_by);
  });

  it('reads a record with its ETag, and 404 problem+json for an id that does not exist', async () => {
    const lead = await createLead({ name: '周杰' });
    const found = await inject({ method: 'GET', url: `${leads}/${lead.id}` });
    expect(found.statusCode).toBe(200);
    expect(found.headers.etag).toBe('"1"');
    expect(found.json()).toMatchObject({ id: lead.id, name: '周杰' });

    const missing = await inject({ method: 'GET', url: `${leads}/987654` });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.json()).toMatchObject({ status: 404, code: 'record.notFound', title: 'Not Found', type: 'urn:pipewright:problem:record.notFound' });
  });

  it('lists with a filter, a sort and cursor pages that together hold every match once', async () => {
    const names = ['f-a', 'f-b', 'f-c', 'f-d', 'f-e'];
    for (const [i, name] of names.entries()) await createLead({ name, company: 'PagingCo', score: i % 2 === 0 ? 10 : 20 });
    const filter = encodeURIComponent(JSON.stringify({ field: 'company', op: 'eq', value: 'PagingCo' }));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const url = `${leads}?filter=${filter}&sort=-score,name&pageSize=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response = await inject({ method: 'GET', url });
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<{ items: { name: string }[]; nextCursor?: string; total?: number }>();
      if (pages === 0) expect(page.total).toBe(5);
      seen.push(...page.items.map((i) => i.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    // score 20 first (f-b, f-d), then score 10 (f-a, f-c, f-e), each group by name.
    expect(seen).toEqual(['f-b', 'f-d', 'f-a', 'f-c', 'f-e']);
  });

  it('sorts by a JSON sort, selects fields, searches and counts exactly', async () => {
    await createLead({ name: 'search-one', company: '蓝海贸易' });
    const sort = encodeURIComponent(JSON.stringify([{ field: 'name', direction: 'desc' }]));
    const response = await inject({ method: 'GET', url: `${leads}?q=${encodeURIComponent('蓝海')}&fields=name&sort=${sort}&count=exact` });
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<{ items: Record<string, unknown>[]; total: number; totalKind: string }>();
    expect(page.items.map((i) => i.name)).toEqual(['search-one']);
    expect(page.items[0]).not.toHaveProperty('company');
    expect(page).toMatchObject({ total: 1, totalKind: 'exact' });
  });

  it('refuses a PATCH with a stale If-Match with 409 and applies one with the current version', async () => {
    const lead = await createLead({ name: 'lock-me' });
    const first = await inject({ method: 'PATCH', url: `${leads}/${lead.id}`, headers: { 'if-match': '"1"' }, payload: { status: 'contacted' } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    expect(first.json()).toMatchObject({ status: 'contacted', version: 2 });

    const stale = await inject({ method: 'PATCH', url: `${leads}/${lead.id}`, headers: { 'if-match': 'W/"1"' }, payload: { status: 'qualified' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(stale.json()).toMatchObject({ code: 'record.stale', status: 409 });

    const staleBody = await inject({ method: 'PATCH', url: `${leads}/${lead.id}`, payload: { version: 1, status: 'qualified' } });
    expect(staleBody.statusCode).toBe(409);

    const withBodyVersion = await inject({ method: 'PATCH', url: `${leads}/${lead.id}`, payload: { version: 2, status: 'qualified' } });
    expect(withBodyVersion.statusCode, withBodyVersion.body).toBe(200);
    expect(withBodyVersion.json()).toMatchObject({ status: 'qualified', version: 3 });

    const badHeader = await inject({ method: 'PATCH', url: `${leads}/${lead.id}`, headers: { 'if-match': 'version 3' }, payload: { status: 'new' } });
    expect(badHeader.statusCode).toBe(400);
    expect(badHeader.json().errors[0].path).toBe('/headers/if-match');
  });

  it('answers 400 problem+json naming each invalid field', async () => {
    const shape = await inject({ method: 'POST', url: leads, payload: { name: 'x', status: 'bogus', amount: -5, score: 'many' } });
    expect(shape.statusCode).toBe(400);
    expect(shape.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = shape.json<{ code: string; errors: { path: string; code: string }[] }>();
    expect(problem.code).toBe('record.invalid');
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['/amount', '/score', '/status']);

    // Values that pass the schema are checked next: e-mail syntax, required fields.
    const values = await inject({ method: 'POST', url: leads, payload: { email: 'not-an-email' } });
    expect(values.statusCode).toBe(400);
    expect(values.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['/email', '/name']);
  });

  it('answers 404 for an unknown entity or app and 400 for unknown fields', async () => {
    const entity = await inject({ method: 'GET', url: '/api/apps/sales_test/records/unicorn' });
    expect(entity.statusCode).toBe(404);
    expect(entity.json().code).toBe('entity.notFound');

    const app = await inject({ method: 'GET', url: '/api/apps/no_such_app/records/lead' });
    expect(app.statusCode).toBe(404);
    expect(app.json().code).toBe('app.notFound');

    const field = await inject({ method: 'POST', url: leads, payload: { name: 'x', shoe_size: 44 } });
    expect(field.statusCode).toBe(400);
    expect(field.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/shoe_size' })]));

    const filterField = encodeURIComponent(JSON.stringify({ field: 'shoe_size', op: 'eq', value: 44 }));
    const filtered = await inject({ method: 'GET', url: `${leads}?filter=${filterField}` });
    expect(filtered.statusCode).toBe(400);
    expect(filtered.json()).toMatchObject({ code: 'filter.invalid', errors: [{ path: '/filter/field', code: 'filter.unknownField' }] });

    const selected = await inject({ method: 'GET', url: `${leads}?fields=name,shoe_size` });
    expect(selected.statusCode).toBe(400);

    const unknownParameter = await inject({ method: 'GET', url: `${leads}?pagesize=3` });
    expect(unknownParameter.statusCode).toBe(400);
    expect(unknownParameter.json().errors[0]).toMatchObject({ path: '/pagesize', code: 'schema.additionalProperties' });
  });

  it('answers 400 for a malformed filter, a too deep filter and a bad sort', async () => {
    const malformed = await inject({ method: 'GET', url: `${leads}?filter=${encodeURIComponent('{"field":"name",')}` });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'query.invalid', errors: [{ path: '/filter' }] });

    let deep: unknown = { field: 'name', op: 'eq', value: 'x' };
    for (let i = 0; i < 40; i++) deep = { not: deep };
    const tooDeep = await inject({ method: 'GET', url: `${leads}?filter=${encodeURIComponent(JSON.stringify(deep))}` });
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.json().errors.map((e: { code: string }) => e.code)).toContain('filter.tooDeep');

    const veryDeep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const arrays = await inject({ method: 'GET', url: `${leads}?filter=${encodeURIComponent(veryDeep)}` });
    expect(arrays.statusCode).toBe(400);

    const sort = await inject({ method: 'GET', url: `${leads}?sort=${encodeURIComponent('name;drop table x')}` });
    expect(sort.statusCode).toBe(400);
    expect(sort.json().errors[0].path).toBe('/sort/0');

    const pageSize = await inject({ method: 'GET', url: `${leads}?pageSize=100000` });
    expect(pageSize.statusCode).toBe(400);
    expect(pageSize.json().errors[0]).toMatchObject({ path: '/pageSize', code: 'schema.maximum' });
  });

  it('stores SQL-looking values verbatim and refuses SQL-looking keys and ids with 400', async () => {
    const evil = "Robert'); DROP TABLE lead; --";
    const lead = await createLead({ name: evil, company: '"; SELECT pg_sleep(10); --' });
    const read = await inject({ method: 'GET', url: `${leads}/${lead.id}` });
    expect(read.json()).toMatchObject({ name: evil, company: '"; SELECT pg_sleep(10); --' });
    const filter = encodeURIComponent(JSON.stringify({ field: 'name', op: 'eq', value: evil }));
    const found = await inject({ method: 'GET', url: `${leads}?filter=${filter}` });
    expect(found.json().items.map((i: { id: number }) => i.id)).toEqual([lead.id]);

    const entityKey = await inject({ method: 'GET', url: '/api/apps/sales_test/records/lead;drop%20table%20lead' });
    expect(entityKey.statusCode).toBe(400);
    expect(entityKey.json()).toMatchObject({ code: 'request.invalid', errors: [{ path: '/params/entity', code: 'schema.pattern' }] });

    const appKey = await inject({ method: 'GET', url: '/api/apps/Sales%22Test/records/lead' });
    expect(appKey.statusCode).toBe(400);

    for (const id of ['0', '-1', '1.5', '1e3', 'abc', '1%20OR%201=1', '99999999999999999999']) {
      const response = await inject({ method: 'GET', url: `${leads}/${id}` });
      expect(response.statusCode, id).toBe(400);
      expect(response.json().errors[0].path).toBe('/params/id');
    }

    const stillThere = await inject({ method: 'GET', url: `${leads}?count=exact&pageSize=1` });
    expect(stillThere.statusCode).toBe(200);
  });

  it('refuses an oversize body with 413, invalid UTF-8 and invalid JSON with 400, other media types with 415', async () => {
    const big = await inject({ method: 'POST', url: leads, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x', company: 'y'.repeat(1024 * 1024) }) });
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(big.json().code).toBe('request.tooLarge');

    const invalidUtf8 = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    const utf8 = await inject({ method: 'POST', url: leads, headers: { 'content-type': 'application/json' }, payload: invalidUtf8 });
    expect(utf8.statusCode).toBe(400);
    expect(utf8.json().code).toBe('request.invalidUtf8');

    const json = await inject({ method: 'POST', url: leads, headers: { 'content-type': 'application/json' }, payload: '{"name": "x",' });
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe('request.malformedJson');

    const proto = await inject({ method: 'POST', url: leads, headers: { 'content-type': 'application/json' }, payload: '{"name":"x","__proto__":{"admin":true}}' });
    expect(proto.statusCode).toBe(400);

    const text = await inject({ method: 'POST', url: leads, headers: { 'content-type': 'text/plain' }, payload: 'name=x' });
    expect(text.statusCode).toBe(415);
    expect(text.json().code).toBe('request.unsupportedMediaType');

    const latin1 = await inject({ method: 'POST', url: leads, headers: { 'content-type': 'application/json; charset=iso-8859-1' }, payload: '{"name":"x"}' });
    expect(latin1.statusCode).toBe(415);

    const array = await inject({ method: 'POST', url: leads, payload: [{ name: 'x' }] });
    expect(array.statusCode).toBe(400);
  });

  it('answers 500 with a generic problem, not the error, when the server fails', async () => {
    const records = server.runtime.records;
    const list = records.list.bind(records);
    records.list = () => Promise.reject(new Error('connection string postgres://secret@db'));
    try {
      const response = await inject({ method: 'GET', url: leads });
      expect(response.statusCode).toBe(500);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 500, code: 'server.error' });
      expect(response.body).not.toMatch(/secret|stack|\.ts/);
    } finally {
      records.list = list;
    }
  });

  it('answers 404 problem+json for an unknown route', async () => {
    const response = await inject({ method: 'GET', url: '/api/nothing/here' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'route.notFound', status: 404 });
  });

  it('bulk-creates all or nothing, with the bad item named by its index', async () => {
    const before = (await inject({ method: 'GET', url: `${leads}?filter=${encodeURIComponent(JSON.stringify({ field: 'company', op: 'eq', value: 'BulkCo' }))}&count=exact` })).json().total;
    const failing = await inject({ method: 'POST', url: `${leads}/bulk`, payload: { create: [{ name: 'b1', company: 'BulkCo' }, { company: 'BulkCo' }, { name: 'b3', company: 'BulkCo' }] } });
    expect(failing.statusCode).toBe(400);
    expect(failing.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/create/1/name', code: 'record.required' })]));
    const filter = encodeURIComponent(JSON.stringify({ field: 'company', op: 'eq', value: 'BulkCo' }));
    const afterFailure = (await inject({ method: 'GET', url: `${leads}?filter=${filter}&count=exact` })).json();
    expect(afterFailure.total).toBe(before);

    const ok = await inject({ method: 'POST', url: `${leads}/bulk`, payload: { create: [{ name: 'b1', company: 'BulkCo' }, { name: 'b2', company: 'BulkCo' }] } });
    expect(ok.statusCode, ok.body).toBe(201);
    const created = ok.json<{ items: { id: number; version: number }[] }>().items;
    expect(created).toHaveLength(2);

    const update = await inject({ method: 'POST', url: `${leads}/bulk`, payload: { update: created.map((c) => ({ id: c.id, version: c.version, values: { status: 'contacted' } })) } });
    expect(update.statusCode, update.body).toBe(200);
    expect(update.json().items.map((i: { status: string }) => i.status)).toEqual(['contacted', 'contacted']);

    const staleUpdate = await inject({ method: 'POST', url: `${leads}/bulk`, payload: { update: [{ id: created[0]!.id, values: { score: 1 } }, { id: created[1]!.id, version: 1, values: { score: 1 } }] } });
    expect(staleUpdate.statusCode).toBe(409);
    expect(staleUpdate.json().errors).toEqual([{ path: '/update/1/version', code: 'record.stale', message: 'is 2 now' }]);
    const unchanged = await inject({ method: 'GET', url: `${leads}/${created[0]!.id}` });
    expect(unchanged.json().score).toBeNull();

    const both = await inject({ method: 'POST', url: `${leads}/bulk`, payload: { create: [{ name: 'x' }], delete: [1] } });
    expect(both.statusCode).toBe(400);

    const remove = await inject({ method: 'POST', url: `${leads}/bulk`, payload: { delete: created.map((c) => c.id) } });
    expect(remove.statusCode, remove.body).toBe(200);
    expect((await inject({ method: 'GET', url: `${leads}?filter=${filter}&count=exact` })).json().total).toBe(before);
  });

  it('deletes to the recycle bin, lists and restores it, purges it, and keeps its history', async () => {
    const lead = await createLead({ name: 'bin-me' });
    await inject({ method: 'PATCH', url: `${leads}/${lead.id}`, payload: { name: 'bin-me-2' } });
    const staleDelete = await inject({ method: 'DELETE', url: `${leads}/${lead.id}`, headers: { 'if-match': '"1"' } });
    expect(staleDelete.statusCode).toBe(409);
    const deleted = await inject({ method: 'DELETE', url: `${leads}/${lead.id}`, headers: { 'if-match': '"2"' } });
    expect(deleted.statusCode).toBe(204);
    expect((await inject({ method: 'GET', url: `${leads}/${lead.id}` })).statusCode).toBe(404);
    expect((await inject({ method: 'GET', url: `${leads}/${lead.id}?deleted=true` })).statusCode).toBe(200);
    const bin = await inject({ method: 'GET', url: `${leads}?deleted=true` });
    expect(bin.json().items.map((i: { id: number }) => i.id)).toContain(lead.id);

    const restored = await inject({ method: 'POST', url: `${leads}/${lead.id}/restore` });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ id: lead.id, name: 'bin-me-2', deleted_at: null });

    const notInBin = await inject({ method: 'POST', url: `${leads}/${lead.id}/purge` });
    expect(notInBin.statusCode).toBe(404);
    await inject({ method: 'DELETE', url: `${leads}/${lead.id}` });

    const history = await inject({ method: 'GET', url: `${leads}/${lead.id}/history` });
    expect(history.statusCode, history.body).toBe(200);
    const actions = history.json<{ items: { action: string; changes: Record<string, unknown> }[] }>().items.map((e) => e.action);
    expect(actions).toEqual(['delete', 'restore', 'delete', 'update', 'create']);
    expect(history.json().items[3].changes).toMatchObject({ name: { from: 'bin-me', to: 'bin-me-2' } });

    const purged = await inject({ method: 'POST', url: `${leads}/${lead.id}/purge` });
    expect(purged.statusCode).toBe(204);
    expect((await inject({ method: 'GET', url: `${leads}/${lead.id}?deleted=true` })).statusCode).toBe(404);
  });

  it('refuses purging a record other records point at with 409', async () => {
    const account = await inject({ method: 'POST', url: '/api/apps/sales_test/records/account', payload: { name: '引用测试有限公司' } });
    const accountId = account.json().id;
    await createLead({ name: 'points-at-account', account: accountId });
    await inject({ method: 'DELETE', url: `/api/apps/sales_test/records/account/${accountId}` });
    const purge = await inject({ method: 'POST', url: `/api/apps/sales_test/records/account/${accountId}/purge` });
    expect(purge.statusCode).toBe(409);
    expect(purge.json().code).toBe('record.inUse');
  });

  it('expands a many-to-one relation into the related record', async () => {
    const account = (await inject({ method: 'POST', url: '/api/apps/sales_test/records/account', payload: { name: '展开测试有限公司' } })).json();
    const lead = await createLead({ name: 'expand-me', account: account.id });
    const response = await inject({ method: 'GET', url: `${leads}/${lead.id}?expand=account` });
    expect(response.json().account).toMatchObject({ id: account.id, name: '展开测试有限公司' });
  });
});
