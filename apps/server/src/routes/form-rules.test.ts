/**
 * The rules of an entity's form hold on every write through the API, not only in the form:
 * fields required at a stage, `required` / `requiredWhen`, `readOnly` / `readOnlyWhen`, and
 * hidden fields exempt. Before, a ticket moved to "resolved" without the fields its stage requires.
 */
import type { AppBundle } from '@pipewright/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type TestServer } from '../testing/test-server.ts';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const serviceDesk: AppBundle = {
  formatVersion: 1,
  app: { key: 'desk', name: l('服务台', 'Service desk'), version: '1.0.0' },
  entities: [
    {
      key: 'ticket',
      label: l('工单', 'Ticket'),
      version: 1,
      titleField: 'title',
      fields: [
        { key: 'title', label: l('标题', 'Title'), type: 'text', required: true },
        {
          key: 'status', label: l('状态', 'Status'), type: 'singleSelect', default: 'open',
          options: [{ value: 'open', label: l('处理中', 'Open') }, { value: 'resolved', label: l('已解决', 'Resolved') }],
        },
        {
          key: 'priority', label: l('优先级', 'Priority'), type: 'singleSelect', default: 'normal',
          options: [{ value: 'normal', label: l('普通', 'Normal') }, { value: 'high', label: l('高', 'High') }],
        },
        { key: 'resolution', label: l('解决方案', 'Resolution'), type: 'longText' },
        { key: 'cause', label: l('原因', 'Cause'), type: 'text' },
        { key: 'reported_at', label: l('报告时间', 'Reported at'), type: 'date' },
        { key: 'escalation', label: l('升级说明', 'Escalation'), type: 'text' },
        { key: 'code', label: l('内部编码', 'Internal code'), type: 'text' },
        { key: 'asset', label: l('设备', 'Asset'), type: 'relation', kind: 'manyToOne', target: 'asset' },
        { key: 'warranty_claim', label: l('保修单号', 'Warranty claim'), type: 'text' },
        { key: 'site_note', label: l('现场说明', 'Site note'), type: 'text' },
      ],
    },
    {
      key: 'asset',
      label: l('设备', 'Asset'),
      version: 1,
      titleField: 'name',
      fields: [
        { key: 'name', label: l('名称', 'Name'), type: 'text', required: true },
        { key: 'covered', label: l('在保', 'Under warranty'), type: 'boolean' },
        {
          key: 'site', label: l('位置', 'Site'), type: 'singleSelect',
          options: [{ value: 'office', label: l('办公室', 'Office') }, { value: 'plant', label: l('工厂', 'Plant') }],
        },
      ],
    },
  ],
  roles: [
    {
      key: 'agent', label: l('坐席', 'Agent'), version: 1,
      permissions: [
        { entity: 'ticket', actions: { create: 'all', read: 'all', update: 'all' } },
        { entity: 'asset', actions: { read: 'all' }, fields: { covered: 'hidden' } },
      ],
    },
  ],
  forms: [
    {
      key: 'quick', label: l('快速', 'Quick'), version: 1, entity: 'ticket',
      sections: [{ key: 'main', items: [{ field: 'title' }] }],
    },
    {
      key: 'ticket_form', label: l('工单', 'Ticket'), version: 1, entity: 'ticket', default: true,
      sections: [
        {
          key: 'main',
          items: [
            { field: 'title' },
            { field: 'status' },
            { field: 'priority' },
            { field: 'resolution' },
            { field: 'cause', requiredWhen: "priority == 'high'" },
            { field: 'reported_at', readOnlyWhen: "status == 'resolved'" },
            { field: 'code', readOnly: true },
            { field: 'asset' },
            { field: 'warranty_claim', requiredWhen: 'asset.covered == TRUE' },
          ],
        },
        { key: 'site', visibleWhen: "asset.site == 'plant'", items: [{ field: 'site_note', required: true }] },
        { key: 'escalated', visibleWhen: "priority == 'high'", items: [{ field: 'escalation', required: true }] },
      ],
      stageRules: [{ field: 'status', value: 'resolved', required: ['resolution'] }],
    },
  ],
};

describe('form rules on every write', () => {
  let server: TestServer;
  const url = '/api/apps/desk/records/ticket';

  beforeAll(async () => {
    server = await openTestServer({ bundle: serviceDesk });
  });
  afterAll(() => server.close());

  const create = (payload: Record<string, unknown>) => server.inject({ method: 'POST', url, payload });
  const problems = (response: { json(): unknown }) => (response.json() as { errors: { path: string; code: string }[] }).errors;

  it('refuses a create at a stage without the fields the stage requires, naming them', async () => {
    const response = await create({ title: '打印机坏了', status: 'resolved' });
    expect(response.statusCode, response.body).toBe(400);
    expect(problems(response)).toEqual([expect.objectContaining({ path: '/resolution', code: 'record.requiredAtStage' })]);
    expect((await create({ title: '打印机坏了', status: 'resolved', resolution: '换了硒鼓' })).statusCode).toBe(201);
  });

  it('refuses moving a ticket to "resolved" without its resolution (PATCH with If-Match)', async () => {
    const ticket = (await create({ title: '网络慢' })).json() as { id: number; version: number };
    const moved = await server.inject({ method: 'PATCH', url: `${url}/${ticket.id}`, headers: { 'if-match': `"${ticket.version}"` }, payload: { status: 'resolved' } });
    expect(moved.statusCode, moved.body).toBe(400);
    expect(problems(moved)).toEqual([expect.objectContaining({ path: '/resolution', code: 'record.requiredAtStage' })]);
    const read = (await server.inject({ method: 'GET', url: `${url}/${ticket.id}` })).json() as { status: string };
    expect(read.status).toBe('open');
    const done = await server.inject({ method: 'PATCH', url: `${url}/${ticket.id}`, payload: { status: 'resolved', resolution: '重启路由器' } });
    expect(done.statusCode, done.body).toBe(200);
    const cleared = await server.inject({ method: 'PATCH', url: `${url}/${ticket.id}`, payload: { resolution: null } });
    expect(cleared.statusCode).toBe(400);
    expect(problems(cleared)).toEqual([expect.objectContaining({ path: '/resolution' })]);
  });

  it('holds requiredWhen, and required in a section only while the section is visible', async () => {
    const high = await create({ title: '服务器宕机', priority: 'high' });
    expect(high.statusCode).toBe(400);
    expect(problems(high).map((p) => [p.path, p.code]).sort()).toEqual([['/cause', 'record.required'], ['/escalation', 'record.required']]);
    expect((await create({ title: '服务器宕机', priority: 'high', cause: '电源', escalation: '通知值班' })).statusCode).toBe(201);
    // Normal priority: the escalated section is hidden, so its required field is not required.
    expect((await create({ title: '鼠标失灵', priority: 'normal' })).statusCode).toBe(201);
  });

  it('refuses changing a field while its readOnlyWhen holds, and a read-only item at all', async () => {
    const ticket = (await create({ title: '邮件退信', reported_at: '2026-11-30', status: 'resolved', resolution: '改了 MX' })).json() as { id: number };
    const changed = await server.inject({ method: 'PATCH', url: `${url}/${ticket.id}`, payload: { reported_at: '2026-12-01' } });
    expect(changed.statusCode, changed.body).toBe(400);
    expect(problems(changed)).toEqual([expect.objectContaining({ path: '/reported_at', code: 'record.readOnly' })]);
    const reopened = await server.inject({ method: 'PATCH', url: `${url}/${ticket.id}`, payload: { status: 'open', title: '邮件退信（复发）' } });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect((await server.inject({ method: 'PATCH', url: `${url}/${ticket.id}`, payload: { reported_at: '2026-12-01' } })).statusCode).toBe(200);
    const code = await server.inject({ method: 'PATCH', url: `${url}/${ticket.id}`, payload: { code: 'X-1' } });
    expect(code.statusCode).toBe(400);
    expect(problems(code)).toEqual([expect.objectContaining({ path: '/code', code: 'record.readOnly' })]);
  });

  it('decides conditions over a related record with its values, as the writer may read them', async () => {
    const asset = async (payload: Record<string, unknown>) => (await server.inject({ method: 'POST', url: '/api/apps/desk/records/asset', payload })).json<{ id: number }>().id;
    const covered = await asset({ name: '打印机 A', covered: true, site: 'office' });
    const plant = await asset({ name: '冲床 B', covered: false, site: 'plant' });
    const claimless = await create({ title: '卡纸', asset: covered });
    expect(claimless.statusCode, claimless.body).toBe(400);
    expect(problems(claimless)).toEqual([expect.objectContaining({ path: '/warranty_claim', code: 'record.required' })]);
    expect((await create({ title: '卡纸', asset: covered, warranty_claim: 'W-1' })).statusCode).toBe(201);
    // A section shown by the related record's site holds its required field.
    const atPlant = await create({ title: '漏油', asset: plant });
    expect(problems(atPlant)).toEqual([expect.objectContaining({ path: '/site_note', code: 'record.required' })]);
    const ticket = (await create({ title: '漏油', asset: plant, site_note: '二号车间' })).json<{ id: number }>();
    // Changing the relation on an update decides the rules with the newly picked record.
    const moved = await server.inject({ method: 'PATCH', url: `${url}/${ticket.id}`, payload: { asset: covered } });
    expect(problems(moved)).toEqual([expect.objectContaining({ path: '/warranty_claim', code: 'record.required' })]);

    // An agent cannot read whether an asset is covered: for them, as in their form, the condition is not met.
    const login = 'agent1';
    const user = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name: login, password: 'correct horse battery' } });
    await server.inject({ method: 'PUT', url: `/api/users/${user.json<{ id: number }>().id}/roles/desk`, payload: { roles: ['agent'] } });
    const headers = await server.login(login, 'correct horse battery');
    const byAgent = await server.inject({ method: 'POST', url, headers, payload: { title: '卡纸', asset: covered } });
    expect(byAgent.statusCode, byAgent.body).toBe(201);
  });

  it('holds in bulk creates and updates, naming the item', async () => {
    const ok = (await create({ title: '键盘' })).json() as { id: number };
    const bulk = await server.inject({ method: 'POST', url: `${url}/bulk`, payload: { create: [{ title: '甲' }, { title: '乙', status: 'resolved' }] } });
    expect(bulk.statusCode, bulk.body).toBe(400);
    expect(problems(bulk)).toEqual([expect.objectContaining({ path: '/create/1/resolution', code: 'record.requiredAtStage' })]);
    const update = await server.inject({ method: 'POST', url: `${url}/bulk`, payload: { update: [{ id: ok.id, values: { title: '键盘 2' } }] } });
    expect(update.statusCode, update.body).toBe(200);
    const refused = await server.inject({ method: 'POST', url: `${url}/bulk`, payload: { update: [{ id: ok.id, values: { status: 'resolved' } }] } });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(problems(refused)).toEqual([expect.objectContaining({ path: '/update/0/values/resolution', code: 'record.requiredAtStage' })]);
  });
});
