/**
 * `createRecord`: creates a record of another entity (a won opportunity → a contract, an order)
 * with fields set to expressions over the workflow's record and line items copied row by row
 * (`opportunity.products` → `sales_order.items`). The runtime writes it through the record writer
 * in the step's transaction, so the claim that commits the step is also what makes the record
 * exist once: a step replayed after losing its claim rolls its record back with it.
 *
 * @example
 * { id: 'order', type: 'createRecord', config: { entity: 'sales_order', link: 'opportunity',
 *   assignments: [{ field: 'name', value: 'name' }], lineItems: [{ field: 'items', from: 'products' }] } }
 */
import type { Entity, Field } from '@pipewright/metadata';
import type { Problem } from '../../errors.ts';
import { expressionProblems } from '../../rules/actions/expressions.ts';
import { defineNodeType } from '../node-type.ts';

type LineItemsField = Extract<Field, { type: 'lineItems' }>;

function lineItemsField(entity: Entity, key: string): LineItemsField | undefined {
  const field = entity.fields.find((f) => f.key === key);
  return field?.type === 'lineItems' ? field : undefined;
}

/** The sub-fields a copy writes, `to` ← `from`: the mapping given, else every stored sub-field both rows share. */
export function lineItemMapping(target: LineItemsField, source: LineItemsField, fields: readonly { to: string; from: string }[] | undefined): { to: string; from: string }[] {
  if (fields && fields.length > 0) return [...fields];
  const stored = (f: Field) => f.type !== 'formula' && f.type !== 'autoNumber';
  return target.fields.filter((t) => stored(t) && source.fields.some((s) => s.key === t.key && stored(s))).map((t) => ({ to: t.key, from: t.key }));
}

/** A relation value as read ({ id, title }) becomes its id; other values are kept. */
function plain(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'id' in value) return (value as { id: unknown }).id;
  return value ?? null;
}

export const createRecordNode = defineNodeType<'createRecord'>({
  type: 'createRecord',
  waits: false,
  outlets: () => undefined,
  check: (node, { catalog, entity }, at) => {
    const { config } = node;
    const target = catalog.entity(config.entity);
    if (!target) return [{ path: `${at}/config/entity`, code: 'reference.unknownEntity', message: `there is no entity "${config.entity}"` }];
    const problems: Problem[] = [];
    if (config.link !== undefined) {
      const link = target.fields.find((f) => f.key === config.link);
      if (!link || link.type !== 'relation' || link.kind !== 'manyToOne' || link.target !== entity.key) {
        problems.push({ path: `${at}/config/link`, code: 'reference.unknownField', message: `entity "${target.key}" has no many-to-one relation "${config.link}" to "${entity.key}"` });
      }
    }
    const entities = [...catalog.entities.values()];
    config.assignments.forEach((assignment, i) => {
      const here = `${at}/config/assignments/${i}`;
      // `owner_id` may be set too: a contract made for a rep's deal is the rep's.
      if (assignment.field !== 'owner_id' && !target.fields.some((f) => f.key === assignment.field)) problems.push({ path: `${here}/field`, code: 'reference.unknownField', message: `entity "${target.key}" has no field "${assignment.field}"` });
      else problems.push(...expressionProblems(assignment.value, entity, entities, `${here}/value`));
    });
    (config.lineItems ?? []).forEach((copy, i) => {
      const here = `${at}/config/lineItems/${i}`;
      const to = lineItemsField(target, copy.field);
      const from = lineItemsField(entity, copy.from);
      if (!to) problems.push({ path: `${here}/field`, code: 'reference.unknownField', message: `entity "${target.key}" has no line items field "${copy.field}"` });
      if (!from) problems.push({ path: `${here}/from`, code: 'reference.unknownField', message: `entity "${entity.key}" has no line items field "${copy.from}"` });
      if (!to || !from) return;
      (copy.fields ?? []).forEach((pair, j) => {
        if (!to.fields.some((f) => f.key === pair.to)) problems.push({ path: `${here}/fields/${j}/to`, code: 'reference.unknownField', message: `line items "${target.key}.${to.key}" have no field "${pair.to}"` });
        if (!from.fields.some((f) => f.key === pair.from)) problems.push({ path: `${here}/fields/${j}/from`, code: 'reference.unknownField', message: `line items "${entity.key}.${from.key}" have no field "${pair.from}"` });
      });
      if (lineItemMapping(to, from, copy.fields).length === 0) problems.push({ path: `${here}/fields`, code: 'workflow.nothingToCopy', message: `line items "${from.key}" and "${to.key}" share no field; map them with fields` });
    });
    return problems;
  },
  enter: (node, _token, run) => {
    const { config } = node;
    const { catalog, workflow } = run.definition;
    const values: Record<string, unknown> = Object.fromEntries(config.assignments.map((a) => [a.field, run.evaluate(a.value)]));
    const target = catalog.entity(config.entity);
    const source = catalog.entity(workflow.entity);
    for (const copy of config.lineItems ?? []) {
      const to = target && lineItemsField(target, copy.field);
      const from = source && lineItemsField(source, copy.from);
      if (!to || !from) continue;
      const mapping = lineItemMapping(to, from, copy.fields);
      const rows = run.event.record[copy.from];
      values[copy.field] = (Array.isArray(rows) ? rows : []).map((row: Record<string, unknown>) => Object.fromEntries(mapping.map((m) => [m.to, plain(row[m.from])])));
    }
    run.emit({ kind: 'createRecord', node: node.id, entity: config.entity, link: config.link ?? null, values });
    return { kind: 'next' };
  },
});
