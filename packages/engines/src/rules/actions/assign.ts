/** `assign`: gives the record an owner (or fills another user field) by an assignment strategy. */
import { chooseAssignee } from '../assignment/strategies.ts';
import { defineActionType } from './action-type.ts';

export const assignAction = defineActionType<'assign'>({
  type: 'assign',
  writes: (action, { entity }) => [{ entity: entity.key, field: action.field ?? 'owner_id' }],
  check: () => [],
  compile: (action) => (run) => {
    const { assignment, snapshot } = chooseAssignee(action.to, run.event.record, run.snapshot);
    return { effects: [{ kind: 'assign', field: action.field ?? 'owner_id', ...assignment }], snapshot };
  },
});
