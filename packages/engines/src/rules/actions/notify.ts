/**
 * `notify`: a message to users, role holders, the owner's manager or a user field. The effect
 * carries the notification as written; the runtime resolves recipients and fills the templates
 * for each of them, with only what that recipient may read.
 */
import { defineActionType } from './action-type.ts';

export const notifyAction = defineActionType<'notify'>({
  type: 'notify',
  writes: () => [],
  check: () => [],
  compile: (action) => () => ({ effects: [{ kind: 'notify', notification: action.notification }] }),
});
