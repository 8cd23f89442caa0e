/**
 * The one registry of rule action types. Adding an action type is adding its module and one line
 * here (and its shape to ruleset.schema.json).
 */
import type { RuleAction } from '@pipewright/metadata';
import type { ActionType } from './action-type.ts';
import { addScoreAction } from './add-score.ts';
import { assignAction } from './assign.ts';
import { callWebhookAction } from './call-webhook.ts';
import { createTaskAction } from './create-task.ts';
import { notifyAction } from './notify.ts';
import { rejectAction } from './reject.ts';
import { setFieldAction } from './set-field.ts';
import { startWorkflowAction } from './start-workflow.ts';
import { updateRelatedAction } from './update-related.ts';

/** Every action type of the schema, each by its module: a type without a module does not compile. */
const registry: { readonly [K in RuleAction['type']]: ActionType<Extract<RuleAction, { type: K }>> } = {
  assign: assignAction,
  setField: setFieldAction,
  addScore: addScoreAction,
  createTask: createTaskAction,
  notify: notifyAction,
  reject: rejectAction,
  updateRelated: updateRelatedAction,
  startWorkflow: startWorkflowAction,
  callWebhook: callWebhookAction,
};

/** The module of an action type, or undefined for a type nobody registered. */
export function actionTypeOf(action: Pick<RuleAction, 'type'>): ActionType | undefined {
  return Object.hasOwn(registry, action.type) ? (registry[action.type] as unknown as ActionType) : undefined;
}

/** Every registered action type, for docs and the studio's action picker. */
export function actionTypes(): string[] {
  return Object.keys(registry);
}
