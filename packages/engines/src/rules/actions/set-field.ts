/** `setField`: sets a field of the record to an expression over it (`'qualified'`, `amount * 0.9`). */
import { compiledExpression, expressionProblems } from './expressions.ts';
import { defineActionType } from './action-type.ts';

export const setFieldAction = defineActionType<'setField'>({
  type: 'setField',
  writes: (action, { entity }) => [{ entity: entity.key, field: action.field }],
  check: (action, { entity, entities }, at) => expressionProblems(action.value, entity, entities, `${at}/value`),
  compile: (action) => {
    const value = compiledExpression(action.value);
    return (run) => ({ effects: [{ kind: 'setField', field: action.field, value: value(run) }] });
  },
});
