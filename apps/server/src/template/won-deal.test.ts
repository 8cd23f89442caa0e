import { testDatabaseKind, WorkflowService } from '@pipewright/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';
import { installTemplate } from './install-template.ts';

// The template's won-deal workflow, as `pnpm start` installs it: a deal set to won gets one
// contract and one order with its products copied, once.
const app = 'lead_opportunity';
const password = 'correct horse battery';
let server: TestServer;
let as: SessionHeaders;

beforeAll(async () => {
  server = await openTestServer({
    workflows: (runtime, identity) => new WorkflowService({ database: runtime.database, apps: runtime.apps, records: runtime.records, directory: identity.directory }),
  });
  const result = await installTemplate(server.runtime, { actor: { userId: server.adminId }, directory: server.identity.directory });
  expect(result).toMatchObject({ installed: true, app });
  const id = (await server.identity.directory.findUserId('li.na'))!;
  const set = await server.inject({ method: 'POST', url: `/api/users/${id}/password`, payload: { password } });
  expect(set.statusCode, set.body).toBeLessThan(300);
  as = await server.login('li.na', password);
  await server.runtime.startAutomation({ workflows: server.workflows!, sweepIntervalMs: 200, logError: () => undefined });
}, 120_000);
afterAll(() => server?.close());

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => server.app.inject({ method, url, headers: as, ...(payload !== undefined ? { payload: payload as object } : {}) });
const linked = async (entity: string, deal: number) =>
  (await call('GET', `/api/apps/${app}/records/${entity}?${new URLSearchParams({ filter: JSON.stringify({ field: 'opportunity', op: 'eq', value: deal }) })}`)).json<{ items: Record<string, unknown>[] }>().items;

describe(`the template's won deal (${testDatabaseKind()})`, () => {
  it('李娜 wins a deal: one contract for its amount and one order with every product, and a second save makes none', async () => {
    const account = (await call('POST', `/api/apps/${app}/records/account`, { name: '远航物流有限公司' })).json<{ id: number }>().id;
    const product = (await call('GET', `/api/apps/${app}/records/product?pageSize=2`)).json<{ items: { id: number }[] }>().items;
    const created = await call('POST', `/api/apps/${app}/records/opportunity`, {
      name: '远航物流 仓储升级',
      stage: 'needs_analysis',
      account,
      expected_close_date: '2027-03-31',
      products: [
        { product: product[0]!.id, quantity: 2, unit_price: 1000 },
        { product: product[1]!.id, quantity: 5, unit_price: 30 },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const deal = created.json<{ id: number; _version: number }>();
    const won = await call('PATCH', `/api/apps/${app}/records/opportunity/${deal.id}`, { stage: 'won' });
    expect(won.statusCode, won.body).toBe(200);
    await server.runtime.automation!.settled();
    const contracts = await linked('contract', deal.id);
    expect(contracts).toHaveLength(1);
    expect(contracts[0]).toMatchObject({ name: '远航物流 仓储升级 合同', amount: 2150, status: 'draft' });
    const orders = await linked('sales_order', deal.id);
    expect(orders).toHaveLength(1);
    const order = (await call('GET', `/api/apps/${app}/records/sales_order/${orders[0]!.id as number}`)).json<Record<string, unknown>>();
    expect(order['total_amount']).toBe(2150);
    expect((order['items'] as Record<string, unknown>[]).map((i) => [i['quantity'], i['unit_price']])).toEqual([[2, 1000], [5, 30]]);
    expect((await call('PATCH', `/api/apps/${app}/records/opportunity/${deal.id}`, { next_step: '安排交付' })).statusCode).toBe(200);
    await server.runtime.automation!.settled();
    expect(await linked('contract', deal.id)).toHaveLength(1);
    expect(await linked('sales_order', deal.id)).toHaveLength(1);
  });
});
