import { describe, expect, it } from 'vitest';
import { Catalog, type AppBundle, type Entity, type Workflow } from '@pipewright/metadata';
import { checkWorkflow } from '../check-workflow.ts';
import { prepareWorkflow } from '../definition.ts';
import { newInstance } from '../instance.ts';
import { step } from '../step.ts';
import { at, end, quoteBundle, quoteWorkflow, type NodeSpec } from '../workflow.fixture.ts';

const l = (en: string) => ({ 'zh-CN': en, en });
const lines = (extra: unknown[] = []): Entity['fields'][number] => ({
  key: 'lines',
  label: l('Lines'),
  type: 'lineItems',
  fields: [
    { key: 'product', label: l('Product'), type: 'relation', target: 'account', kind: 'manyToOne' },
    { key: 'quantity', label: l('Quantity'), type: 'number', scale: 2 },
    { key: 'unit_price', label: l('Unit price'), type: 'number', scale: 2 },
    { key: 'subtotal', label: l('Subtotal'), type: 'formula', expression: 'quantity * unit_price', resultType: 'number', scale: 2 },
    ...extra,
  ],
} as Entity['fields'][number]);

/** The quote app with line items on the quote and an order entity to create. */
function orderBundle(workflow: Workflow): AppBundle {
  const bundle = quoteBundle([], false);
  const quote = bundle.entities.find((e) => e.key === 'quote')!;
  quote.fields.push(lines());
  bundle.entities.push({
    key: 'order',
    label: l('Order'),
    version: 1,
    titleField: 'name',
    fields: [
      { key: 'name', label: l('Name'), type: 'text' },
      { key: 'total', label: l('Total'), type: 'number', scale: 2 },
      { key: 'quote', label: l('Quote'), type: 'relation', target: 'quote', kind: 'manyToOne' },
      { ...lines(), key: 'items', label: l('Items') } as Entity['fields'][number],
    ],
  });
  bundle.workflows = [workflow];
  return bundle;
}

const createOrder = (config: Record<string, unknown>): Workflow =>
  quoteWorkflow([{ id: 'start', type: 'trigger' }, { id: 'order', type: 'createRecord', config } as NodeSpec, end('done', 'completed')], [['start', 'order'], ['order', 'done']]);

const won = {
  id: 5,
  title: 'Q-5',
  amount: 300,
  lines: [
    { id: 91, product: { id: 3, title: 'Acme' }, quantity: 2, unit_price: 100, subtotal: 200 },
    { id: 92, product: { id: 4, title: 'Beta' }, quantity: 1, unit_price: 100, subtotal: 100 },
  ],
};

describe('createRecord node', () => {
  const config = { entity: 'order', link: 'quote', assignments: [{ field: 'name', value: "'Order for ' & title" }, { field: 'total', value: 'amount' }], lineItems: [{ field: 'items', from: 'lines' }] };

  it('creates the order with its fields from the record and every line item copied, linked back, then moves on', () => {
    const workflow = createOrder(config);
    const definition = prepareWorkflow(workflow, new Catalog(orderBundle(workflow)));
    const result = step(definition, newInstance('wf-1', definition), { type: 'start', at: at(0), record: won, initiator: 7 });
    if (!result.ok) throw new Error(result.refusal.message);
    expect(result.effects.filter((e) => e.kind === 'createRecord')).toEqual([
      {
        kind: 'createRecord',
        node: 'order',
        entity: 'order',
        link: 'quote',
        values: {
          name: 'Order for Q-5',
          total: 300,
          // relations by id; the formula subtotal and the row ids are the new record's own
          items: [
            { product: 3, quantity: 2, unit_price: 100 },
            { product: 4, quantity: 1, unit_price: 100 },
          ],
        },
      },
    ]);
    expect(result.instance.status).toBe('completed');
  });

  it('copies only the mapped sub-fields when fields are given, and an empty list as no rows', () => {
    const workflow = createOrder({ ...config, lineItems: [{ field: 'items', from: 'lines', fields: [{ to: 'product', from: 'product' }] }] });
    const definition = prepareWorkflow(workflow, new Catalog(orderBundle(workflow)));
    const run = (record: Record<string, unknown>) => {
      const result = step(definition, newInstance('wf-1', definition), { type: 'start', at: at(0), record, initiator: 7 });
      if (!result.ok) throw new Error(result.refusal.message);
      return result.effects.find((e) => e.kind === 'createRecord');
    };
    expect(run(won)).toMatchObject({ values: { items: [{ product: 3 }, { product: 4 }] } });
    expect(run({ ...won, lines: [] })).toMatchObject({ values: { items: [] } });
  });

  it('refuses at publish, naming the JSON path: an unknown entity, a link that does not point back, unknown fields and line items', () => {
    const codes = (c: Record<string, unknown>) => {
      const workflow = createOrder(c);
      return checkWorkflow(workflow, new Catalog(orderBundle(workflow))).map((p) => `${p.path} ${p.code}`);
    };
    expect(codes(config)).toEqual([]);
    expect(codes({ ...config, entity: 'ordr' })).toEqual(['/nodes/1/config/entity reference.unknownEntity']);
    expect(codes({ ...config, link: 'name' })).toEqual(['/nodes/1/config/link reference.unknownField']);
    expect(codes({ ...config, assignments: [{ field: 'totl', value: 'amount' }, { field: 'total', value: 'amount *' }] })).toEqual([
      '/nodes/1/config/assignments/0/field reference.unknownField',
      '/nodes/1/config/assignments/1/value expression.syntax',
    ]);
    expect(codes({ ...config, lineItems: [{ field: 'itms', from: 'lines' }, { field: 'items', from: 'title' }] })).toEqual([
      '/nodes/1/config/lineItems/0/field reference.unknownField',
      '/nodes/1/config/lineItems/1/from reference.unknownField',
    ]);
    expect(codes({ ...config, lineItems: [{ field: 'items', from: 'lines', fields: [{ to: 'qty', from: 'quantity' }, { to: 'quantity', from: 'amount' }] }] })).toEqual([
      '/nodes/1/config/lineItems/0/fields/0/to reference.unknownField',
      '/nodes/1/config/lineItems/0/fields/1/from reference.unknownField',
    ]);
  });
});
