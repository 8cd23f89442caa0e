/**
 * `callWebhook`: sends the record (or the `body` expression's value) to an outside URL. The
 * runtime refuses private, loopback and link-local addresses unless an administrator allow-lists
 * them; a failing endpoint never fails the record write.
 */
import { compiledExpression, expressionProblems } from './expressions.ts';
import { defineActionType } from './action-type.ts';

export const callWebhookAction = defineActionType<'callWebhook'>({
  type: 'callWebhook',
  writes: () => [],
  check: (action, { entity, entities }, at) => (action.body === undefined ? [] : expressionProblems(action.body, entity, entities, `${at}/body`)),
  compile: (action) => {
    const body = action.body === undefined ? undefined : compiledExpression(action.body);
    return (run) => ({ effects: [{ kind: 'callWebhook', url: action.url, method: action.method ?? 'POST', body: body ? body(run) : run.event.record }] });
  },
});
