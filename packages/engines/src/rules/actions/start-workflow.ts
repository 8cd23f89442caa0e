/** `startWorkflow`: starts a workflow on the record; a hook the workflow engine fills. */
import { defineActionType } from './action-type.ts';

export const startWorkflowAction = defineActionType<'startWorkflow'>({
  type: 'startWorkflow',
  writes: () => [],
  check: () => [],
  compile: (action) => () => ({ effects: [{ kind: 'startWorkflow', workflow: action.workflow }] }),
});
