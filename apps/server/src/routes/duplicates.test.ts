/**
 * Duplicate rules over HTTP: a new lead is checked against leads, contacts and accounts on
 * normalised keys (exactly, and by trigram similarity for the company), `alert` lets the create
 * through with the matches in its answer, `block` refuses it with 422, a draft can be checked
 * before saving, and records the caller cannot read are counted, never named.
 */
import type { AppBundle, Role } from '@pipewright/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const role = (key: string, permissions: Role['permissions']): Role => ({ key, label: l(key, key), version: 1, permissions });

export const duplicatesBundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'dupes', name: l('查重', 'Duplicates'), version: '1.0.0' },
  entities: [
    {
      key: 'lead',
      label: l('线索', 'Lead'),
      version: 1,
      titleField: 'company',
      fields: [
        { key: 'company', label: l('公司', 'Company'), type: 'text' },
        { key: 'mobile', label: l('手机', 'Mobile'), type: 'phone' },
        { key: 'email', label: l('邮箱', 'E-mail'), type: 'email' },
      ],
      duplicateRules: [
        {
          key: 'same_company_or_contact',
          label: l('同公司或同联系人', 'Same company or contact'),
          action: 'alert',
          keys: [
            { field: 'company', normalise: 'companyName', fuzzy: 0.6 },
            { field: 'mobile', normalise: 'phone' },
            { field: 'email', normalise: 'email' },
          ],
          against: [{ entity: 'lead' }, { entity: 'contact', fields: { mobile: 'mobile', email: 'email' } }, { entity: 'account', fields: { company: 'name' } }],
        },
      ],
    },
    {
      key: 'contact',
      label: l('联系人', 'Contact'),
      version: 1,
      titleField: 'name',
      fields: [
        { key: 'name', label: l('姓名', 'Name'), type: 'text' },
        { key: 'mobile', label: l('手机', 'Mobile'), type: 'phone' },
        { key: 'email', label: l('邮箱', 'E-mail'), type: 'email' },
        { key: 'account', label: l('客户', 'Account'), type: 'relation', kind: 'manyToOne', target: 'account' },
      ],
    },
    {
      key: 'account',
      label: l('客户', 'Account'),
      version: 1,
      titleField: 'name',
      fields: [
        { key: 'name', label: l('名称', 'Name'), type: 'text' },
        { key: 'phone', label: l('电话', 'Phone'), type: 'phone' },
      ],
      duplicateRules: [{ key: 'same_name', label: l('同名客户', 'Same name'), action: 'block', keys: [{ field: 'name', normalise: 'companyName' }] }],
    },
  ],
  roles: [
    role('rep', [
      { entity: 'lead', actions: { create: 'all', read: 'own', update: 'own' } },
      { entity: 'contact', actions: { create: 'all', read: 'own' } },
      { entity: 'account', actions: { create: 'all', read: 'all' } },
    ]),
  ],
};

const base = '/api/apps/dupes/records';
const password = 'correct horse battery';
let server: TestServer;
let rep: SessionHeaders;
let repId: number;

interface Finding {
  rule: string;
  action: string;
  matches: { entity: string; id: number; title: string | null; keys: string[] }[];
  hidden: number;
}

const admin = (url: string, payload: Record<string, unknown>) => server.inject({ method: 'POST', url, payload });
const asRep = (url: string, payload: Record<string, unknown>) => server.app.inject({ method: 'POST', url, headers: rep, payload });

beforeAll(async () => {
  server = await openTestServer({ bundle: duplicatesBundle });
  const created = await server.inject({ method: 'POST', url: '/api/users', payload: { login: 'rep', name: 'rep', password } });
  const id = created.json<{ id: number }>().id;
  repId = id;
  await server.inject({ method: 'PUT', url: `/api/users/${id}/roles/dupes`, payload: { roles: ['rep'] } });
  rep = await server.login('rep', password);
}, 120_000);
afterAll(() => server.close());

describe('duplicate rules', () => {
  it('a new lead that matches an account (fuzzy company), a contact (mobile without +86) and a lead (e-mail case) is created, and its answer names them', async () => {
    const account = (await admin(`${base}/account`, { name: 'Acme Tradings' })).json<{ id: number }>();
    const contact = (await admin(`${base}/contact`, { name: '王五', mobile: '13800138000' })).json<{ id: number }>();
    const lead = (await admin(`${base}/lead`, { company: '别的公司', email: 'Wang.Wu@Example.com' })).json<{ id: number }>();
    const created = await admin(`${base}/lead`, { company: 'ACME Trading Co., Ltd.', mobile: '+86 138-0013-8000', email: 'wang.wu@example.COM' });
    expect(created.statusCode, created.body).toBe(201);
    const [finding] = created.json<{ $duplicates: Finding[] }>().$duplicates;
    expect(finding).toMatchObject({ rule: 'same_company_or_contact', action: 'alert', hidden: 0 });
    expect(finding!.matches).toEqual([
      { entity: 'lead', id: lead.id, title: '别的公司', keys: ['email'] },
      { entity: 'contact', id: contact.id, title: '王五', keys: ['mobile'] },
      { entity: 'account', id: account.id, title: 'Acme Tradings', keys: ['company'] },
    ]);
    // A lead that matches nothing carries no `$duplicates`.
    const alone = await admin(`${base}/lead`, { company: '完全不同的名字', mobile: '13912345678' });
    expect(alone.json()).not.toHaveProperty('$duplicates');
  });

  it('counts the matches the caller may not read without naming them', async () => {
    await admin(`${base}/contact`, { name: '赵六 (secret)', mobile: '13700000001', email: 'zhao@hidden.cn' });
    await admin(`${base}/lead`, { company: '隐藏线索', email: 'ZHAO@hidden.cn' });
    const own = (await asRep(`${base}/lead`, { company: '自己的', email: 'zhao@Hidden.cn' })).json<{ id: number }>();
    const created = await asRep(`${base}/lead`, { company: '第二条', mobile: '13700000001', email: 'zhao@hidden.cn' });
    expect(created.statusCode, created.body).toBe(201);
    const [finding] = created.json<{ $duplicates: Finding[] }>().$duplicates;
    expect(finding!.matches).toEqual([{ entity: 'lead', id: own.id, title: '自己的', keys: ['email'] }]);
    expect(finding!.hidden).toBe(2); // the admin's lead and contact
    expect(created.body).not.toContain('secret');
    expect(created.body).not.toContain('隐藏线索');
  });

  it('checks a draft before saving, writing nothing, and leaves the edited record out of its own matches', async () => {
    const before = (await server.inject({ method: 'GET', url: `${base}/lead?pageSize=1&count=exact` })).json<{ total: number }>().total;
    const draft = await admin(`${base}/lead/duplicates`, { company: '上海星辰科技' });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json()).toEqual({ items: [] });
    const existing = (await admin(`${base}/lead`, { company: '上海星辰科技有限公司' })).json<{ id: number }>();
    const found = (await admin(`${base}/lead/duplicates`, { company: '上海星辰科技股份有限公司' })).json<{ items: Finding[] }>().items;
    expect(found[0]!.matches).toEqual([{ entity: 'lead', id: existing.id, title: '上海星辰科技有限公司', keys: ['company'] }]);
    const self = (await admin(`${base}/lead/duplicates?exclude=${existing.id}`, { company: '上海星辰科技有限公司' })).json<{ items: Finding[] }>().items;
    expect(self).toEqual([]);
    const after = (await server.inject({ method: 'GET', url: `${base}/lead?pageSize=1&count=exact` })).json<{ total: number }>().total;
    expect(after).toBe(before + 1);
  });

  it('a block rule refuses the create with 422 record.duplicate naming the field, and writes nothing', async () => {
    await admin(`${base}/account`, { name: '北京蓝图有限公司' });
    const refused = await admin(`${base}/account`, { name: '北京蓝图集团' });
    expect(refused.statusCode, refused.body).toBe(422);
    const problem = refused.json<{ code: string; errors: { path: string; code: string }[] }>();
    expect(problem.code).toBe('record.duplicate');
    expect(problem.errors).toEqual([expect.objectContaining({ path: '/name', code: 'record.duplicate' })]);
    const names = (await server.inject({ method: 'GET', url: `${base}/account` })).json<{ items: { name: string }[] }>().items.map((a) => a.name);
    expect(names).not.toContain('北京蓝图集团');
  });

  it('refuses bad input with 4xx naming the field', async () => {
    const notText = await admin(`${base}/lead/duplicates`, { company: { $ne: 1 } });
    expect(notText.statusCode).toBe(400);
    expect(notText.body).toContain('/company');
    const badExclude = await admin(`${base}/lead/duplicates?exclude=abc`, { company: 'x' });
    expect(badExclude.statusCode).toBe(400);
    expect(badExclude.body).toContain('exclude');
    const outsider = await server.inject({ method: 'POST', url: `${base}/lead/duplicates`, payload: { company: 'x' }, headers: { cookie: '' } });
    expect([401, 403]).toContain(outsider.statusCode);
  });
});

describe('merging two records', () => {
  it('moves the related records and shares to the survivor, takes the picked values, writes merge entries in both histories and bins the loser, in one request', async () => {
    const survivor = (await admin(`${base}/account`, { name: '合并甲方', phone: '13800000001' })).json<{ id: number }>();
    const loser = (await admin(`${base}/account`, { name: '合并乙方', phone: '13800000002' })).json<{ id: number }>();
    const contact = (await admin(`${base}/contact`, { name: '钱七', account: loser.id })).json<{ id: number }>();
    expect((await admin(`${base}/account/${loser.id}/shares`, { userId: repId, access: 'edit' })).statusCode).toBeLessThan(300);

    const merged = await admin(`${base}/account/merge`, { survivor: survivor.id, loser: loser.id, picks: { phone: 'loser', name: 'survivor' } });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ record: { id: survivor.id, name: '合并甲方', phone: '13800000002' }, moved: { 'contact.account': 1 } });

    expect((await server.inject({ method: 'GET', url: `${base}/contact/${contact.id}` })).json()).toMatchObject({ account: survivor.id });
    expect((await server.inject({ method: 'GET', url: `${base}/account/${loser.id}` })).statusCode).toBe(404);
    const shares = (await server.inject({ method: 'GET', url: `${base}/account/${survivor.id}/shares` })).json<{ items: { userId: number; access: string }[] }>().items;
    expect(shares).toEqual([expect.objectContaining({ userId: repId, access: 'edit' })]);
    const history = (url: string) => server.inject({ method: 'GET', url }).then((r) => r.json<{ items: { action: string; changes: Record<string, unknown> }[] }>().items);
    expect((await history(`${base}/account/${survivor.id}/history`)).map((h) => h.action)).toContain('merge');
    expect((await history(`${base}/account/${survivor.id}/history`)).find((h) => h.action === 'merge')!.changes).toEqual({ merged_from: { to: loser.id } });
    expect((await history(`${base}/account/${loser.id}/history`)).map((h) => h.action)).toEqual(expect.arrayContaining(['create', 'merge', 'delete']));
    expect((await history(`${base}/contact/${contact.id}/history`)).find((h) => h.action === 'merge')!.changes).toEqual({ account: { from: loser.id, to: survivor.id } });
  });

  it('needs update on both records and delete on the loser: a reader gets 403 and nothing moves', async () => {
    const a = (await admin(`${base}/account`, { name: '只读甲' })).json<{ id: number }>();
    const b = (await admin(`${base}/account`, { name: '只读乙' })).json<{ id: number }>();
    const refused = await asRep(`${base}/account/merge`, { survivor: a.id, loser: b.id });
    expect(refused.statusCode).toBe(403);
    expect((await server.inject({ method: 'GET', url: `${base}/account/${b.id}` })).statusCode).toBe(200);
  });

  it('refuses bad input with 400 naming the field, writing nothing', async () => {
    const a = (await admin(`${base}/account`, { name: '坏输入甲' })).json<{ id: number }>();
    const b = (await admin(`${base}/account`, { name: '坏输入乙' })).json<{ id: number }>();
    const same = await admin(`${base}/account/merge`, { survivor: a.id, loser: a.id });
    expect(same.statusCode).toBe(400);
    expect(same.body).toContain('/loser');
    const unknown = await admin(`${base}/account/merge`, { survivor: a.id, loser: b.id, picks: { nope: 'loser' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('/picks/nope');
    const badPick = await admin(`${base}/account/merge`, { survivor: a.id, loser: b.id, picks: { name: 'both' } });
    expect(badPick.statusCode).toBe(400);
    expect(badPick.body).toContain('picks');
    const missing = await admin(`${base}/account/merge`, { survivor: a.id, loser: 999_999 });
    expect(missing.statusCode).toBe(404);
    expect((await server.inject({ method: 'GET', url: `${base}/account/${b.id}` })).statusCode).toBe(200);
  });
});
