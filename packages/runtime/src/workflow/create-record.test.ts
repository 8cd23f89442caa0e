import { sql } from 'kysely';
import type { AppBundle } from '@pipewright/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../database/testing.ts';
import { openIdentity, type Identity } from '../identity/index.ts';
import type { Runtime } from '../runtime.ts';
import { admin, openTestRuntime } from '../testing/runtime-fixture.ts';
import { WorkflowService } from './workflow-service.ts';

const l = (en: string) => ({ 'zh-CN': en, en });
const lineFields = [
  { key: 'product', label: l('Product'), type: 'text' },
  { key: 'quantity', label: l('Quantity'), type: 'number', scale: 2 },
  { key: 'unit_price', label: l('Unit price'), type: 'currency', scale: 2 },
  { key: 'subtotal', label: l('Subtotal'), type: 'formula', expression: 'quantity * unit_price', resultType: 'currency', scale: 2 },
];

/** A deal with line items; winning it creates an order with the lines copied. */
const bundle = {
  formatVersion: 1,
  app: { key: 'wf_orders', name: l('Orders'), version: '1.0.0' },
  entities: [
    {
      key: 'deal',
      label: l('Deal'),
      version: 1,
      titleField: 'name',
      fields: [
        { key: 'name', label: l('Name'), type: 'text' },
        { key: 'stage', label: l('Stage'), type: 'singleSelect', options: [{ value: 'open', label: l('Open') }, { value: 'won', label: l('Won') }] },
        { key: 'products', label: l('Products'), type: 'lineItems', fields: lineFields },
        { key: 'amount', label: l('Amount'), type: 'formula', expression: 'sum(products.subtotal)', resultType: 'currency', scale: 2 },
      ],
    },
    {
      key: 'order',
      label: l('Order'),
      version: 1,
      titleField: 'name',
      fields: [
        { key: 'name', label: l('Name'), type: 'text', required: true },
        { key: 'deal', label: l('Deal'), type: 'relation', target: 'deal', kind: 'manyToOne', onDelete: 'setNull' },
        { key: 'items', label: l('Items'), type: 'lineItems', fields: lineFields },
        { key: 'total', label: l('Total'), type: 'formula', expression: 'sum(items.subtotal)', resultType: 'currency', scale: 2 },
      ],
    },
  ],
  workflows: [
    {
      key: 'won_deal',
      label: l('Won deal'),
      version: 1,
      entity: 'deal',
      trigger: { on: 'fieldChange', fields: ['stage'], condition: "stage == 'won'" },
      nodes: [
        { id: 'start', type: 'trigger', position: { x: 0, y: 0 } },
        { id: 'order', type: 'createRecord', position: { x: 0, y: 100 }, config: { entity: 'order', link: 'deal', assignments: [{ field: 'name', value: "'订单 ' & name" }], lineItems: [{ field: 'items', from: 'products' }] } },
        { id: 'end', type: 'end', position: { x: 0, y: 200 } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'order' },
        { id: 'e2', source: 'order', target: 'end' },
      ],
    },
  ],
} as unknown as AppBundle;

let runtime: Runtime;
let identity: Identity;
let workflows: WorkflowService;

beforeAll(async () => {
  runtime = await openTestRuntime(bundle);
  identity = await openIdentity(runtime.database, { apps: runtime.apps });
  workflows = new WorkflowService({ database: runtime.database, apps: runtime.apps, records: runtime.records, directory: identity.directory });
}, 120_000);
afterAll(async () => {
  await identity.close();
  await runtime.close();
});

describe(`createRecord on a database (${testDatabaseKind()})`, () => {
  it('a won deal creates one order with every line item and the same total, linked back, its id kept by the instance', async () => {
    const deal = await runtime.records.create('wf_orders', 'deal', { name: '华东项目', stage: 'won', products: [{ product: 'A', quantity: 2, unit_price: 150 }, { product: 'B', quantity: 3, unit_price: 10.5 }] }, admin);
    const instance = await workflows.start('wf_orders', 'won_deal', deal.id as number, admin);
    expect(instance.status).toBe('completed');
    const { rows } = await sql<{ id: number | string }>`SELECT id FROM app_wf_orders.order WHERE deal = ${deal.id}`.execute(runtime.database.db);
    expect(rows).toHaveLength(1);
    const order = await runtime.records.get('wf_orders', 'order', Number(rows[0]!.id), {}, admin);
    expect(order).toMatchObject({ name: '订单 华东项目', total: 331.5 });
    expect((order['items'] as Record<string, unknown>[]).map((i) => [i['product'], i['quantity'], i['unit_price'], i['subtotal']])).toEqual([
      ['A', 2, 150, 300],
      ['B', 3, 10.5, 31.5],
    ]);
    expect(instance.state.variables['created.order']).toBe(Number(rows[0]!.id));
  });

});
