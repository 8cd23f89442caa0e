/** `reject`: a validation rule; the create or update that triggered it is refused with the message. */
import { defineActionType } from './action-type.ts';

export const rejectAction = defineActionType<'reject'>({
  type: 'reject',
  writes: () => [],
  check: (_action, { ruleset }, at) =>
    ruleset.triggers.some((t) => t === 'create' || t === 'update')
      ? []
      : [{ path: `${at}/type`, code: 'rule.rejectOutsideWrite', message: 'a reject action refuses a create or an update: its ruleset must run on create or update' }],
  compile: (action) => () => ({ effects: [{ kind: 'reject', message: action.message }] }),
});
