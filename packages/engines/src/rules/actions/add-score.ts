/** `addScore`: adds points to a numeric score field; negative points subtract. */
import { defineActionType } from './action-type.ts';

export const addScoreAction = defineActionType<'addScore'>({
  type: 'addScore',
  writes: (action, { entity }) => [{ entity: entity.key, field: action.field }],
  check: () => [],
  compile: (action) => () => ({ effects: [{ kind: 'addScore', field: action.field, points: action.points }] }),
});
