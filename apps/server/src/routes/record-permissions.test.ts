/**
 * The records API as a second app's users meet it: a service desk where technicians see the
 * tickets assigned to them (a user field, not the owner), costs are hidden from them, and the
 * probes an adversarial user would try (give a record away, search a hidden value prefix by
 * prefix, read a formula over a hidden field, write a read-only field, name people who do not
 * exist, learn about an unreadable customer from a duplicate phone) all come back empty.
 */
import type { AppBundle, Role } from '@pipewright/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const role = (key: string, permissions: Role['permissions']): Role => ({ key, label: l(key, key), version: 1, permissions });

const bundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'service_desk', name: l('服务台', 'Service desk'), version: '1.0.0' },
  entities: [
    {
      key: 'customer',
      label: l('客户', 'Customer'),
      version: 1,
      titleField: 'name',
      fields: [
        { key: 'name', label: l('名称', 'Name'), type: 'text', searchable: true },
        { key: 'phone', label: l('电话', 'Phone'), type: 'phone', unique: true },
        { key: 'credit_note', label: l('信用备注', 'Credit note'), type: 'text', searchable: true },
      ],
    },
    {
      key: 'ticket',
      label: l('工单', 'Ticket'),
      version: 1,
      titleField: 'title',
      fields: [
        { key: 'title', label: l('标题', 'Title'), type: 'text', searchable: true },
        { key: 'price', label: l('报价', 'Price'), type: 'currency' },
        { key: 'cost', label: l('成本', 'Cost'), type: 'currency' },
        { key: 'profit', label: l('利润', 'Profit'), type: 'formula', expression: 'price - cost', resultType: 'currency' },
        { key: 'source', label: l('来源', 'Source'), type: 'text', readOnly: true },
        { key: 'technician', label: l('技术员', 'Technician'), type: 'user' },
        { key: 'team', label: l('班组', 'Team'), type: 'department' },
        { key: 'customer', label: l('客户', 'Customer'), type: 'relation', kind: 'manyToOne', target: 'customer' },
        {
          key: 'lines',
          label: l('明细', 'Lines'),
          type: 'lineItems',
          fields: [
            { key: 'work', label: l('工作', 'Work'), type: 'text' },
            { key: 'inspector', label: l('检验员', 'Inspector'), type: 'user' },
          ],
        },
      ],
    },
  ],
  roles: [
    role('technician', [
      { entity: 'ticket', actions: { create: 'all', read: { user: 'technician', scope: 'own' }, update: { user: 'technician', scope: 'own' } }, fields: { cost: 'hidden' } },
      { entity: 'customer', actions: { create: 'all', read: 'own' }, fields: { credit_note: 'hidden' } },
    ]),
    role('lead_technician', [{ entity: 'ticket', actions: { read: { user: 'technician', scope: 'departmentTree' }, update: { user: 'technician', scope: 'departmentTree' } } }]),
    role('dispatcher', [{ entity: 'ticket', actions: { create: 'all', read: 'own', update: 'own' } }]),
    // Back office: every ticket, everything read-only except the title.
    role('clerk', [{ entity: 'ticket', actions: { read: 'all', update: 'all' }, fields: { title: 'editable' }, defaultFieldAccess: 'readOnly' }]),
  ],
};

const base = '/api/apps/service_desk/records';
const password = 'correct horse battery';
let server: TestServer;
const people: Record<string, { id: number; headers: SessionHeaders }> = {};
let field: number;
let north: number;

async function person(login: string, departmentId: number | null, roles: string[]) {
  const created = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name: login, password, departmentId } });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: number }>().id;
  await server.inject({ method: 'PUT', url: `/api/users/${id}/roles/service_desk`, payload: { roles } });
  people[login] = { id, headers: await server.login(login, password) };
}

const as = (login: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) =>
  server.app.inject({ method, url, headers: people[login]!.headers, ...(payload ? { payload } : {}) });
const admin = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) => server.inject({ method, url, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  server = await openTestServer({ bundle });
  field = (await admin('POST', '/api/departments', { name: '外勤' })).json<{ id: number }>().id;
  north = (await admin('POST', '/api/departments', { name: '北区', parentId: field })).json<{ id: number }>().id;
  await person('lead', field, ['lead_technician']);
  await person('tech', north, ['technician']);
  await person('tech2', north, ['technician']);
  await person('dispatch', field, ['dispatcher']);
  await person('clerk', null, ['clerk']);
  await person('leaver', north, ['technician']);
  await admin('PATCH', `/api/users/${people.leaver!.id}`, { active: false });
});
afterAll(() => server.close());

describe('scopes by a user field', () => {
  it('shows technicians the tickets assigned to them, and their lead those of the department tree', async () => {
    for (const [title, technician] of [['for tech', 'tech'], ['for tech2', 'tech2'], ['unassigned', undefined]] as const) {
      const created = await admin('POST', `${base}/ticket`, { title, ...(technician ? { technician: people[technician]!.id } : {}) });
      expect(created.statusCode, created.body).toBe(201);
    }
    const titles = async (login: string) => (await as(login, 'GET', `${base}/ticket?sort=title`)).json<{ items: { title: string }[] }>().items.map((t) => t.title);
    expect(await titles('tech')).toEqual(['for tech']);
    expect(await titles('lead')).toEqual(['for tech', 'for tech2']);
  });
});

describe('which row actions the caller may take', () => {
  it('answers per record what the write would allow: update on the own ticket only, nothing on an unreadable one, every action for the administrator', async () => {
    const own = (await admin('POST', `${base}/ticket`, { title: 'permitted: tech', technician: people.tech!.id })).json<{ id: number }>();
    const other = (await admin('POST', `${base}/ticket`, { title: 'permitted: tech2', technician: people.tech2!.id })).json<{ id: number }>();
    const binned = (await admin('POST', `${base}/ticket`, { title: 'permitted: binned', technician: people.tech!.id })).json<{ id: number }>();
    expect((await admin('POST', `${base}/ticket/bulk`, { delete: [binned.id] })).statusCode).toBe(200);
    const url = `${base}/ticket/permitted?ids=${own.id},${other.id},${binned.id},${own.id}`;
    // The technician reads and updates his own ticket; the colleague's is outside his reach.
    expect((await as('tech', 'GET', url)).json()).toEqual({ items: [{ id: own.id, actions: ['update'] }] });
    // The lead reads and updates the whole department tree's tickets.
    expect((await as('lead', 'GET', url)).json()).toEqual({ items: [{ id: own.id, actions: ['update'] }, { id: other.id, actions: ['update'] }] });
    expect((await admin('GET', url)).json()).toEqual({ items: [{ id: own.id, actions: ['update', 'delete', 'transfer', 'share', 'print'] }, { id: other.id, actions: ['update', 'delete', 'transfer', 'share', 'print'] }] });
    // What each answer promises, the write keeps: the technician's update of the colleague's ticket is refused.
    expect((await as('tech', 'PATCH', `${base}/ticket/${other.id}`, { title: 'not mine' })).statusCode).toBe(404);
  });

  it('refuses ids that are not a list of record ids, naming the parameter', async () => {
    for (const ids of ['', 'a', '1,,2', '-1', '1;2', '99999999999999999']) {
      const answer = await admin('GET', `${base}/ticket/permitted?ids=${encodeURIComponent(ids)}`);
      expect(answer.statusCode, ids).toBe(400);
      expect(JSON.stringify(answer.json()), ids).toContain('ids');
    }
    const many = Array.from({ length: 1001 }, (_, i) => i + 1).join(',');
    expect((await admin('GET', `${base}/ticket/permitted?ids=${many}`)).statusCode).toBe(400);
  });
});

describe('giving a record away', () => {
  it('refuses changing the owner without the transfer permission, and leaves the record as it was', async () => {
    const ticket = (await as('dispatch', 'POST', `${base}/ticket`, { title: 'mine' })).json<{ id: number }>();
    const refused = await as('dispatch', 'PATCH', `${base}/ticket/${ticket.id}`, { owner_id: people.tech!.id, title: 'given away' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'permission.denied', errors: [{ path: '/owner_id', code: 'permission.transferDenied' }] });
    expect((await as('dispatch', 'GET', `${base}/ticket/${ticket.id}`)).json()).toMatchObject({ title: 'mine', owner_id: people.dispatch!.id });
    const bulk = await as('dispatch', 'POST', '/api/apps/service_desk/transfer', { fromUserId: people.dispatch!.id, toUserId: people.tech!.id, entities: ['ticket'] });
    expect(bulk.statusCode).toBe(403);
    expect((await as('dispatch', 'GET', `${base}/ticket/${ticket.id}`)).json()).toMatchObject({ owner_id: people.dispatch!.id });
  });

  it('checks the ticket after a change: a technician cannot unassign himself out of reach', async () => {
    const ticket = (await admin('POST', `${base}/ticket`, { title: 'assigned', technician: people.tech!.id })).json<{ id: number }>();
    const moved = await as('tech', 'PATCH', `${base}/ticket/${ticket.id}`, { technician: people.tech2!.id });
    expect(moved.statusCode).toBe(403);
    expect((await admin('GET', `${base}/ticket/${ticket.id}`)).json()).toMatchObject({ technician: people.tech!.id, version: 1 });
  });
});

describe('search', () => {
  it('never finds a value in a field the reader cannot read', async () => {
    // The technician's own customer, whose credit note the back office wrote and he may not read.
    const customer = (await admin('POST', `${base}/customer`, { name: '星辰科技', credit_note: 'blacklisted-7731', owner_id: people.tech!.id })).json<{ id: number }>();
    for (const q of ['blacklisted', 'black', 'b', '7731']) {
      const found = await as('tech', 'GET', `${base}/customer?q=${encodeURIComponent(q)}`);
      expect(found.statusCode).toBe(200);
      expect(found.json<{ items: unknown[] }>().items, q).toEqual([]);
    }
    expect((await as('tech', 'GET', `${base}/customer?search=${encodeURIComponent('星辰')}`)).json<{ items: { id: number }[] }>().items.map((c) => c.id)).toEqual([customer.id]);
    // Readers who see every searchable field still find it there.
    expect((await admin('GET', `${base}/customer?q=black`)).json<{ items: { id: number }[] }>().items.map((c) => c.id)).toEqual([customer.id]);
  });
});

describe('a formula over a hidden field', () => {
  it('is hidden wherever the field is: records, sort, filter, history, API description and app view', async () => {
    const ticket = (await admin('POST', `${base}/ticket`, { title: 'priced', price: 100, cost: 70, technician: people.tech!.id })).json<{ id: number }>();
    await admin('PATCH', `${base}/ticket/${ticket.id}`, { cost: 60 });
    const read = (await as('tech', 'GET', `${base}/ticket/${ticket.id}`)).json<Record<string, unknown>>();
    expect(read).toMatchObject({ price: 100 });
    expect(read).not.toHaveProperty('profit');
    expect(read).not.toHaveProperty('cost');
    expect((await as('tech', 'GET', `${base}/ticket?sort=profit`)).statusCode).toBe(403);
    expect((await as('tech', 'GET', `${base}/ticket?filter=${encodeURIComponent(JSON.stringify({ field: 'profit', op: 'gt', value: 35 }))}`)).statusCode).toBe(403);
    const history = (await as('tech', 'GET', `${base}/ticket/${ticket.id}/history`)).json<{ items: { changes: Record<string, unknown> }[] }>().items;
    expect(history.length).toBeGreaterThan(0);
    for (const entry of history) expect(Object.keys(entry.changes)).not.toEqual(expect.arrayContaining(['profit']));
    const openapi = (await as('tech', 'GET', '/api/apps/service_desk/openapi.json')).json<{ components: { schemas: Record<string, { properties: Record<string, unknown> }> } }>();
    expect(openapi.components.schemas.Ticket!.properties).not.toHaveProperty('profit');
    const app = (await as('tech', 'GET', '/api/apps/service_desk')).json<{ access: Record<string, { fields: Record<string, string> }> }>();
    expect(app.access.ticket!.fields).not.toHaveProperty('profit');
    expect(app.access.ticket!.fields.price).toBe('editable');
  });
});

describe('read-only fields', () => {
  it('refuses a field marked read-only in the entity from a user on create and update; admins may write it', async () => {
    const created = await as('tech', 'POST', `${base}/ticket`, { title: 'typed in', source: 'phone', technician: people.tech!.id });
    expect(created.statusCode).toBe(403);
    expect(created.json()).toMatchObject({ errors: [{ path: '/source', code: 'permission.fieldReadOnly' }] });
    const ticket = (await admin('POST', `${base}/ticket`, { title: 'imported', source: 'erp', technician: people.tech!.id })).json<{ id: number; source: string }>();
    expect(ticket.source).toBe('erp');
    expect((await as('tech', 'PATCH', `${base}/ticket/${ticket.id}`, { source: 'web' })).statusCode).toBe(403);
  });

  it('gives unlisted fields the role default: the clerk edits only the title', async () => {
    const ticket = (await admin('POST', `${base}/ticket`, { title: 'old', price: 5 })).json<{ id: number }>();
    const price = await as('clerk', 'PATCH', `${base}/ticket/${ticket.id}`, { price: 6 });
    expect(price.statusCode).toBe(403);
    expect(price.json()).toMatchObject({ errors: [{ path: '/price', code: 'permission.fieldReadOnly' }] });
    expect((await as('clerk', 'PATCH', `${base}/ticket/${ticket.id}`, { title: 'new' })).json()).toMatchObject({ title: 'new' });
  });
});

describe('people a write names', () => {
  it('must exist, and a newly assigned user must be active: 400 naming each path', async () => {
    const response = await as('dispatch', 'POST', `${base}/ticket`, {
      title: 'ghosts',
      technician: 987654,
      team: 987654,
      lines: [{ work: 'a' }, { work: 'b', inspector: people.tech!.id }, { work: 'c', inspector: 987653 }],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(['/technician', '/lines/2/inspector', '/team']);
    const leaver = await as('dispatch', 'POST', `${base}/ticket`, { title: 'to a leaver', technician: people.leaver!.id });
    expect(leaver.statusCode).toBe(400);
    expect(leaver.json()).toMatchObject({ errors: [{ path: '/technician', code: 'record.inactiveUser' }] });
    const owner = await admin('POST', `${base}/ticket`, { title: 'ownerless', owner_id: 987654 });
    expect(owner.json()).toMatchObject({ errors: [{ path: '/owner_id', code: 'record.unknownUser' }] });
    const ticket = (await as('dispatch', 'POST', `${base}/ticket`, { title: 'share me' })).json<{ id: number }>();
    const share = await admin('POST', `${base}/ticket/${ticket.id}/shares`, { userId: 987654, access: 'read' });
    expect(share.statusCode).toBe(400);
    expect(share.json()).toMatchObject({ errors: [{ path: '/userId' }] });
    const transfer = await admin('POST', '/api/apps/service_desk/transfer', { fromUserId: people.dispatch!.id, toUserId: people.leaver!.id });
    expect(transfer.statusCode).toBe(400);
    expect(transfer.json()).toMatchObject({ errors: [{ path: '/toUserId', code: 'record.inactiveUser' }] });
  });
});

describe('the unique-value check', () => {
  it('says only that a value is used, the same whether or not the other record is readable', async () => {
    await admin('POST', `${base}/customer`, { name: 'hidden customer', phone: '13800138000' });
    const own = (await as('tech', 'POST', `${base}/customer`, { name: 'own customer', phone: '13900139000' })).json<{ id: number }>();
    const unreadable = await as('tech', 'POST', `${base}/customer`, { name: 'probe', phone: '13800138000' });
    const readable = await as('tech', 'POST', `${base}/customer`, { name: 'probe', phone: '13900139000' });
    expect(unreadable.statusCode).toBe(400);
    expect(readable.statusCode).toBe(400);
    const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined, traceId: undefined });
    expect(strip(unreadable.json())).toEqual(strip(readable.json()));
    expect(unreadable.json()).toMatchObject({ errors: [{ path: '/phone', code: 'record.duplicate', message: 'is already used' }] });
    expect(unreadable.body).not.toContain('hidden customer');
    expect(readable.body).not.toContain(String(own.id));
    const bulk = await as('tech', 'POST', `${base}/customer/bulk`, { create: [{ name: 'fine', phone: '13700137000' }, { name: 'taken', phone: '13800138000' }] });
    expect(bulk.json()).toMatchObject({ errors: [{ path: '/create/1/phone', code: 'record.duplicate' }] });
  });
});
