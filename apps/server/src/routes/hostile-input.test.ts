// Input an adversarial client sends: each must be a 400 problem naming the parameter or JSON path
// (never a 500, never a hang), through HTTP on the database of the run.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyFieldBundle } from '../testing/every-field-bundle.ts';
import { openTestServer, type TestServer } from '../testing/test-server.ts';

const quotes = '/api/apps/probe/records/quote';
const huge = 1e20;

let server: TestServer;
const inject = (options: InjectOptions) => server.inject(options);
let accountId: number;
let partId: number;
let tagId: number;

beforeAll(async () => {
  server = await openTestServer({ bundle: everyFieldBundle() });
  accountId = (await created('/api/apps/probe/records/account', { name: '星辰科技' })).id as number;
  partId = (await created('/api/apps/probe/records/part', { name: 'Bolt', code: 'B-1' })).id as number;
  tagId = (await created('/api/apps/probe/records/tag', { name: 'hot' })).id as number;
});
afterAll(() => server.close());

async function created(url: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await inject({ method: 'POST', url, payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Record<string, unknown>>();
}

/** The answer is a 4xx problem whose items name `paths` (each must occur). */
function expectProblem(response: LightMyRequestResponse, status: number, ...paths: string[]): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const items = response.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
  for (const path of paths) expect(items, response.body).toContain(path);
}

const list = (query: Record<string, string>) => inject({ method: 'GET', url: `${quotes}?${new URLSearchParams(query).toString()}` });
const filter = (condition: unknown) => list({ filter: JSON.stringify(condition) });
const cursorOf = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');

describe('no request hangs the server', () => {
  it('matches a pattern in linear time: (a+)+$ against 50 a and a !', async () => {
    const response = await inject({ method: 'POST', url: quotes, payload: { name: 'redos', letters: `${'a'.repeat(50)}!` } });
    expectProblem(response, 400, '/letters');
    await created(quotes, { name: 'letters', letters: 'aaaa' });
  });

  it('refuses at publish a pattern RE2 cannot run (backreference, lookaround), naming its path', async () => {
    for (const pattern of ['^(a)\\1$', '^(?=a)a$', '(?<!x)y']) {
      const bundle = everyFieldBundle();
      bundle.app.key = 'probe_pattern';
      const quote = bundle.entities[3]!;
      quote.fields[2] = { key: 'letters', label: { 'zh-CN': '字母', en: 'Letters' }, type: 'text', pattern };
      const response = await inject({ method: 'POST', url: '/api/apps', payload: bundle as unknown as Record<string, unknown> });
      expectProblem(response, 400, '/entities/3/fields/2/pattern');
    }
  });
});

describe('forged list cursors', () => {
  it('refuses cursors whose values are not of the sort columns', async () => {
    const cases: [Record<string, string>, unknown][] = [
      [{}, ['abc']],
      [{}, [true]],
      [{}, [huge]],
      [{}, [-3]],
      [{}, [1.5]],
      [{}, [null]],
      [{ sort: 'due' }, ['2024-02-30', 1]],
      [{ sort: 'due' }, ['0000-01-01', 1]],
      [{ sort: 'due' }, [17, 1]],
      [{ sort: 'amount' }, ['abc', 1]],
      [{ sort: 'amount' }, ['1e999999', 1]],
      [{ sort: 'count' }, ['NaN', 1]],
      [{ sort: 'stars' }, ['99999999999999999999', 1]],
      [{ sort: 'met_at' }, ['yesterday', 1]],
      [{ sort: 'met_at' }, ['2026-13-01 00:00:00+00', 1]],
      [{ sort: 'vip' }, ['maybe', 1]],
      [{ sort: 'name' }, ['a\u0000b', 1]],
      [{ sort: 'customer' }, ['1e20', 1]],
      [{ sort: 'customer.name' }, [5, 1]],
    ];
    for (const [query, values] of cases) {
      const response = await list({ ...query, cursor: cursorOf(values) });
      expectProblem(response, 400, '/cursor');
    }
    expectProblem(await list({ cursor: Buffer.from('["abc"').toString('base64url') }), 400, '/cursor');
  });

  it('still accepts the cursors it hands out', async () => {
    for (let i = 0; i < 3; i++) await created(quotes, { name: `page ${i}`, due: `2026-01-0${i + 1}`, met_at: '2026-01-01T08:00:00.123Z', amount: i, vip: i % 2 === 0 });
    for (const sort of ['due', '-met_at', 'amount', 'vip', 'name', 'customer.name', '-stars']) {
      const first = await list({ sort, pageSize: '1' });
      expect(first.statusCode, first.body).toBe(200);
      const next = await list({ sort, pageSize: '1', cursor: first.json<{ nextCursor: string }>().nextCursor });
      expect(next.statusCode, `${sort}: ${next.body}`).toBe(200);
    }
  });
});

describe('filter values out of range for the column', () => {
  it('refuses them with the path of the value', async () => {
    const cases: unknown[] = [
      { field: 'id', op: 'eq', value: huge },
      { field: 'id', op: 'gt', value: 1.5 },
      { field: 'id', op: 'in', value: [1, huge] },
      { field: 'customer', op: 'eq', value: '100000000000000000000' },
      { field: 'stars', op: 'gt', value: huge },
      { field: 'version', op: 'lt', value: -huge },
      { field: 'due', op: 'eq', value: '2024-02-30' },
      { field: 'due', op: 'eq', value: '0000-01-01' },
      { field: 'due', op: 'between', value: ['2024-01-01', '2024-13-01'] },
      { field: 'met_at', op: 'gt', value: '+275760-09-13T00:00:00.000Z' },
      { field: 'met_at', op: 'gt', value: '0000-01-01T00:00:00Z' },
      { field: 'met_at', op: 'lt', value: '2024-02-30T00:00:00Z' },
      { field: 'created_at', op: 'gt', value: '-000001-01-01T00:00:00Z' },
      { field: 'helpers', op: 'contains', value: huge },
      { field: 'team', op: 'eq', value: 2 ** 63 },
      { field: 'helpers', op: 'eq', value: { var: 'today' } },
      { field: 'weighted', op: 'gt', value: { var: 'now' } },
      { field: 'vip', op: 'eq', value: { var: 'currentUser' } },
    ];
    for (const condition of cases) expectProblem(await filter(condition), 400, (condition as { op: string }).op === 'between' ? '/filter/value/1' : (condition as { op: string }).op === 'in' ? '/filter/value/1' : '/filter/value');
  });

  it('refuses field paths that name no field, also those of Object.prototype', async () => {
    for (const field of ['__proto__', 'constructor.name', 'toString', 'hasOwnProperty']) expectProblem(await filter({ field, op: 'lt', value: 'x' }), 400, '/filter/field');
    for (const sort of ['__proto__', '-toString']) expectProblem(await list({ sort }), 400, '/sort/0');
  });

  it('compares huge numbers on numeric columns exactly', async () => {
    const response = await filter({ field: 'score', op: 'lt', value: 1e300 });
    expect(response.statusCode, response.body).toBe(200);
  });
});

describe('dates and date-times PostgreSQL cannot hold', () => {
  it('refuses them in record values, naming the field', async () => {
    for (const due of ['0000-01-01', '2024-02-30']) expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', due } }), 400, '/due');
    for (const met_at of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59-01:00', '2024-01-01T23:59:60Z']) {
      expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', met_at } }), 400, '/met_at');
    }
    const edge = await created(quotes, { name: 'edges', due: '0001-01-01', met_at: '9999-12-31T23:59:59.999Z' });
    expect(edge).toMatchObject({ due: '0001-01-01', met_at: '9999-12-31T23:59:59.999Z' });
  });
});

describe('NUL characters', () => {
  it('refuses them in text values, search words, filter values and keys', async () => {
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'a\u0000b' } }), 400, '/name');
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', place: { lat: 1, lng: 2, address: 'a\u0000' } } }), 400, '/place/address');
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', files: [{ id: 'f\u0000', name: 'a.pdf' }] } }), 400, '/files/0/id');
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', parts: [{ part: partId, qty: 1, price: 1 }], notes: '\u0000' } }), 400, '/notes');
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', ['na\u0000me']: 'x' } }), 400, '/na\u0000me');
    expectProblem(await inject({ method: 'POST', url: `${quotes}/bulk`, payload: { create: [{ name: 'ok' }, { name: '\u0000' }] } }), 400, '/create/1/name');
    expectProblem(await list({ q: 'a\u0000' }), 400, '/q');
    expectProblem(await list({ search: '\u0000' }), 400, '/search');
    expectProblem(await filter({ field: 'name', op: 'contains', value: 'a\u0000' }), 400, '/filter/value');
    expectProblem(await filter({ field: 'name', op: 'in', value: ['a', '\u0000'] }), 400, '/filter/value/1');
    expectProblem(await filter({ field: 'channels', op: 'contains', value: '\u0000' }), 400, '/filter/value');
    expectProblem(await inject({ method: 'POST', url: '/api/departments', payload: { name: 'Sales\u0000' } }), 400, '/name');
    expectProblem(await inject({ method: 'POST', url: '/api/users', payload: { login: 'nul\u0000', name: 'Nul' } }), 400, '/login');
    expectProblem(await inject({ method: 'GET', url: '/api/users?q=%00' }), 400, '/q');
    const bundle = everyFieldBundle();
    bundle.app.key = 'probe_nul';
    bundle.app.name.en = 'Probe\u0000';
    (bundle.entities[3]!.fields[0] as { label: { en: string } }).label.en = 'Na\u0000me';
    expectProblem(await inject({ method: 'POST', url: '/api/apps', payload: bundle as unknown as Record<string, unknown> }), 400, '/app/name/en', '/entities/3/fields/0/label/en');
  });
});

describe('relative periods', () => {
  it('refuses an unknown or oversized period naming its member', async () => {
    expectProblem(await filter({ field: 'due', op: 'within', value: { period: 'someday' } }), 400, '/filter/value/period');
    expectProblem(await filter({ field: 'due', op: 'within', value: { last: 1e9, unit: 'day' } }), 400, '/filter/value/last');
    expectProblem(await filter({ field: 'due', op: 'within', value: { next: 2, unit: 'fortnight' } }), 400, '/filter/value/unit');
    expectProblem(await filter({ field: 'due', op: 'within', value: { last: 2 } }), 400, '/filter/value/unit');
  });

  it('refuses within and contains on a formula that computes a number (the property test found a 500), takes a comparison', async () => {
    expectProblem(await filter({ field: 'weighted', op: 'within', value: { next: 2, unit: 'quarter' } }), 400, '/filter/op');
    expectProblem(await filter({ field: 'weighted', op: 'contains', value: '1' }), 400, '/filter/op');
    expect((await filter({ field: 'weighted', op: 'gte', value: 1 })).statusCode).toBe(200);
  });

  it('answers the longest periods there are', async () => {
    for (const value of [{ last: 3650, unit: 'year' }, { next: 3650, unit: 'year' }]) {
      for (const field of ['due', 'met_at']) {
        const response = await filter({ field, op: 'within', value });
        expect(response.statusCode, response.body).toBe(200);
      }
    }
  });
});

describe('ids out of range', () => {
  it('refuses them in relations, line items, links, owners, bulk ids, shares and transfers', async () => {
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', customer: huge } }), 400, '/customer');
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', owner_id: huge } }), 400, '/owner_id');
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', rep: huge, team: huge, helpers: [huge] } }), 400, '/rep', '/team', '/helpers/0');
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', parts: [{ part: partId, qty: 1 }, { part: huge, qty: 1 }] } }), 400, '/parts/1/part');
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', tags: [tagId, huge] } }), 400, '/tags/1');
    expectProblem(await inject({ method: 'POST', url: `${quotes}/bulk`, payload: { create: [{ name: 'x' }, { name: 'y', customer: huge }] } }), 400, '/create/1/customer');
    expectProblem(await inject({ method: 'POST', url: `${quotes}/bulk`, payload: { delete: [1, huge] } }), 400, '/delete/1');
    expectProblem(await inject({ method: 'POST', url: `${quotes}/bulk`, payload: { delete: ['7', 'Infinity'] } }), 400, '/delete/1');
    expectProblem(await list({ pageSize: 'Infinity' }), 400, '/pageSize');
    expectProblem(await inject({ method: 'POST', url: `${quotes}/bulk`, payload: { update: [{ id: huge, values: { name: 'y' } }] } }), 400, '/update/0/id');
    const quote = await created(quotes, { name: 'shared' });
    expectProblem(await inject({ method: 'POST', url: `${quotes}/${String(quote.id)}/shares`, payload: { userId: huge, access: 'read' } }), 400, '/userId');
    expectProblem(await inject({ method: 'DELETE', url: `${quotes}/${String(quote.id)}/shares?departmentId=100000000000000000000` }), 400, '/departmentId');
    expectProblem(await inject({ method: 'POST', url: '/api/apps/probe/transfer', payload: { fromUserId: huge, toUserId: 1 } }), 400, '/fromUserId');
    expectProblem(await inject({ method: 'GET', url: `${quotes}/100000000000000000000` }), 400, '/params/id');
  });

  it('refuses them for a user whose links are checked against the read scope', async () => {
    const user = await inject({ method: 'POST', url: '/api/users', payload: { login: 'scoped.rep', name: 'Rep', password: 'scoped rep password' } });
    await inject({ method: 'PUT', url: `/api/users/${user.json<{ id: number }>().id}/roles/probe`, payload: { roles: ['rep'] } });
    const headers = await server.login('scoped.rep', 'scoped rep password');
    const asRep = (payload: Record<string, unknown>) => server.app.inject({ method: 'POST', url: quotes, headers, payload });
    expectProblem(await asRep({ name: 'x', customer: huge, tags: [tagId, huge], parts: [{ part: huge, qty: 1 }] }), 400, '/customer', '/tags/1', '/parts/0/part');
    expectProblem(await asRep({ name: 'x', tags: [tagId, 999_999] }), 400, '/tags/1');
    expect((await asRep({ name: 'mine', tags: [tagId], customer: accountId })).statusCode).toBe(201);
  });

  it('refuses them in user, department and team routes', async () => {
    expectProblem(await inject({ method: 'GET', url: '/api/users/100000000000000000000' }), 400, '/params/id');
    expectProblem(await inject({ method: 'GET', url: '/api/users?departmentId=100000000000000000000' }), 400, '/departmentId');
    expectProblem(await inject({ method: 'GET', url: '/api/users?departmentId=Infinity' }), 400, '/departmentId');
    expectProblem(await inject({ method: 'GET', url: '/api/users?limit=Infinity' }), 400, '/limit');
    expectProblem(await inject({ method: 'POST', url: '/api/departments', payload: { name: 'Far', position: '-Infinity' } }), 400, '/position');
    expectProblem(await inject({ method: 'POST', url: '/api/users', payload: { login: 'big.id', name: 'Big', departmentId: huge } }), 400, '/departmentId');
    expectProblem(await inject({ method: 'PATCH', url: `/api/users/${server.adminId}`, payload: { managerId: huge } }), 400, '/managerId');
    expectProblem(await inject({ method: 'POST', url: '/api/departments', payload: { name: 'Big', parentId: huge } }), 400, '/parentId');
    expectProblem(await inject({ method: 'POST', url: '/api/teams', payload: { name: 'Big', memberIds: [server.adminId, huge] } }), 400, '/memberIds/1');
  });
});

describe('numbers that do not fit their column', () => {
  it('refuses values beyond the precision of the column, naming the field', async () => {
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', quantity: 1e28 } }), 400, '/quantity');
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', wide_ratio: 1e8 } }), 400, '/wide_ratio');
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', fine_amount: 1e10 } }), 400, '/fine_amount');
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', score: 1e20 } }), 400, '/score');
    const fits = await created(quotes, { name: 'fits', quantity: 9.99e27, wide_ratio: 99_999_999.9999, fine_amount: 9_999_999_999.5 });
    expect(fits).toMatchObject({ quantity: 9.99e27, wide_ratio: 99_999_999.9999, fine_amount: 9_999_999_999.5 });
  });

  it('refuses values that would be rounded to the scale, naming the field', async () => {
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', count: 1.5 } }), 400, '/count');
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', ratio: 0.123456 } }), 400, '/ratio');
    expectProblem(await inject({ method: 'POST', url: quotes, payload: { name: 'x', parts: [{ part: partId, qty: 1.5 }] } }), 400, '/parts/0/qty');
    const exact = await created(quotes, { name: 'exact', count: 2, ratio: 0.1234, quantity: 1.25 });
    expect(exact).toMatchObject({ count: 2, ratio: 0.1234, quantity: 1.25 });
  });
});

describe('constraint violations name the item', () => {
  it('names the bulk item and the line of a unique or foreign-key violation', async () => {
    await created(quotes, { name: 'taken', mobile: '13800138000', email: 'taken@example.com' });
    const bulk = await inject({ method: 'POST', url: `${quotes}/bulk`, payload: { create: [{ name: 'ok', mobile: '13900139000' }, { name: 'dup', mobile: '13800138000' }] } });
    expectProblem(bulk, 400, '/create/1/mobile');
    const line = await inject({ method: 'POST', url: quotes, payload: { name: 'x', parts: [{ part: partId, qty: 1 }, { part: partId, qty: 2 }, { part: 999_999, qty: 1 }] } });
    expectProblem(line, 400, '/parts/2/part');
    const bulkLine = await inject({ method: 'POST', url: `${quotes}/bulk`, payload: { create: [{ name: 'a' }, { name: 'b', parts: [{ part: partId, qty: 1 }, { part: 999_999, qty: 1 }] }] } });
    expectProblem(bulkLine, 400, '/create/1/parts/1/part');
    const link = await inject({ method: 'POST', url: quotes, payload: { name: 'x', tags: [tagId, 999_999] } });
    expectProblem(link, 400, '/tags/1');
    const reference = await inject({ method: 'POST', url: `${quotes}/bulk`, payload: { create: [{ name: 'a', customer: accountId }, { name: 'b', customer: 999_999 }] } });
    expectProblem(reference, 400, '/create/1/customer');
    const a = await created(quotes, { name: 'u-a' });
    const b = await created(quotes, { name: 'u-b' });
    const update = await inject({ method: 'POST', url: `${quotes}/bulk`, payload: { update: [{ id: a.id, values: { name: 'u-a2' } }, { id: b.id, values: { email: 'TAKEN@example.com' } }] } });
    expectProblem(update, 400, '/update/1/values/email');
    const updateLine = await inject({ method: 'POST', url: `${quotes}/bulk`, payload: { update: [{ id: b.id, values: { parts: [{ part: 999_999, qty: 1 }] } }] } });
    expectProblem(updateLine, 400, '/update/0/values/parts/0/part');
  });
});

describe('keys that reach for the prototype', () => {
  it('refuses __proto__ as a forbidden key with its path', async () => {
    const raw = (body: string) => inject({ method: 'POST', url: quotes, headers: { 'content-type': 'application/json' }, payload: body });
    const top = await raw('{"name":"x","__proto__":{"admin":true}}');
    expectProblem(top, 400, '/__proto__');
    expect(top.json()).toMatchObject({ code: 'request.forbiddenKey' });
    expectProblem(await raw('{"name":"x","place":{"lat":1,"lng":2,"__proto__":{}}}'), 400, '/place/__proto__');
    expectProblem(await raw('{"name":"x","parts":[{"constructor":{"prototype":{}}}]}'), 400, '/parts/0/constructor/prototype');
  });

  it('stores, reads, updates, filters and sorts a field keyed constructor', async () => {
    const plain = await created(quotes, { name: 'no constructor' });
    expect(plain.constructor).toBeNull();
    const one = await created(quotes, { name: 'ctor one', constructor: 'Bauhaus' });
    expect(one.constructor).toBe('Bauhaus');
    const read = await inject({ method: 'GET', url: `${quotes}/${String(one.id)}` });
    expect(read.json()).toMatchObject({ constructor: 'Bauhaus' });
    const changed = await inject({ method: 'PATCH', url: `${quotes}/${String(one.id)}`, payload: { constructor: 'Wright' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ constructor: 'Wright' });
    const untouched = await inject({ method: 'PATCH', url: `${quotes}/${String(one.id)}`, payload: { name: 'ctor one renamed' } });
    expect(untouched.json()).toMatchObject({ constructor: 'Wright', name: 'ctor one renamed' });
    const filtered = await filter({ field: 'constructor', op: 'eq', value: 'Wright' });
    expect(filtered.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toEqual([one.id]);
    const sorted = await list({ sort: JSON.stringify([{ field: 'constructor', direction: 'desc', nulls: 'last' }]), pageSize: '1', fields: 'constructor' });
    expect(sorted.json<{ items: Record<string, unknown>[] }>().items[0]).toMatchObject({ constructor: 'Wright' });
    const searched = await list({ q: 'wright' });
    expect(searched.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toEqual([one.id]);
  });
});
