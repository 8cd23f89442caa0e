/**
 * `updateRelated`: changes the record behind a many-to-one relation (an order line decrements its
 * product's stock). `value` sets a field to an expression over this record; `add` adds a number to
 * the related field's current value, applied by the runtime in one statement so concurrent
 * changes add up.
 */
import type { RelationField } from '@pipewright/metadata';
import { ValueProblem } from '../../expression/errors.ts';
import { Decimal } from '../../expression/decimal.ts';
import type { RelatedChange } from '../effects.ts';
import { compiledExpression, expressionProblems } from './expressions.ts';
import { defineActionType } from './action-type.ts';

export const updateRelatedAction = defineActionType<'updateRelated'>({
  type: 'updateRelated',
  writes: (action, { entity }) => {
    const relation = entity.fields.find((f): f is RelationField => f.key === action.relation && f.type === 'relation');
    return relation ? action.changes.map((c) => ({ entity: relation.target, field: c.field })) : [];
  },
  check: (action, { entity, entities }, at) =>
    action.changes.flatMap((change, i) => {
      const text = 'add' in change && change.add !== undefined ? change.add : change.value;
      const key = 'add' in change && change.add !== undefined ? 'add' : 'value';
      return text === undefined ? [] : expressionProblems(text, entity, entities, `${at}/changes/${i}/${key}`);
    }),
  compile: (action, { entity }) => {
    const relation = entity.fields.find((f): f is RelationField => f.key === action.relation && f.type === 'relation');
    const changes = action.changes.map((change) =>
      change.add !== undefined
        ? { field: change.field, add: compiledExpression(change.add) }
        : { field: change.field, value: compiledExpression(change.value ?? 'NULL') },
    );
    return (run) => {
      const raw = run.event.record[action.relation];
      const id = typeof raw === 'number' ? raw : raw && typeof raw === 'object' && 'id' in raw ? Number((raw as { id: unknown }).id) : null;
      const out: RelatedChange[] = changes.map((c) => {
        if (c.value) return { field: c.field, value: c.value(run) };
        const n = c.add!(run);
        const number = n === null ? 0 : Number(n instanceof Decimal ? n.toNumber() : n);
        if (!Number.isFinite(number)) throw new ValueProblem('expression.value', `the amount added to ${c.field} is not a number`);
        return { field: c.field, add: number };
      });
      return { effects: [{ kind: 'updateRelated', relation: action.relation, entity: relation?.target ?? '', id, changes: out }] };
    };
  },
});
