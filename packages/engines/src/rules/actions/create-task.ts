/** `createTask`: a follow-up task on the record for its owner (or a participant), due after a duration. */
import { durationMillis } from './durations.ts';
import { compiledExpression, expressionProblems } from './expressions.ts';
import { defineActionType } from './action-type.ts';

export const createTaskAction = defineActionType<'createTask'>({
  type: 'createTask',
  writes: () => [],
  check: (action, { entity, entities }, at) => [
    ...expressionProblems(action.title, entity, entities, `${at}/title`),
    ...(action.description === undefined ? [] : expressionProblems(action.description, entity, entities, `${at}/description`)),
    ...(['due', 'remindBefore'] as const).flatMap((key) =>
      action[key] !== undefined && durationMillis(action[key]) === undefined ? [{ path: `${at}/${key}`, code: 'rule.duration', message: 'must be an ISO 8601 duration in weeks, days, hours, minutes and seconds (P3D, PT4H) or a number of hours' }] : [],
    ),
  ],
  compile: (action) => {
    const title = compiledExpression(action.title);
    const description = action.description === undefined ? undefined : compiledExpression(action.description);
    const due = action.due === undefined ? undefined : durationMillis(action.due);
    const before = action.remindBefore === undefined ? undefined : durationMillis(action.remindBefore);
    return (run) => {
      const dueAt = due === undefined ? null : run.event.now.getTime() + due;
      return {
        effects: [
          {
            kind: 'createTask',
            title: String(title(run) ?? ''),
            description: description ? String(description(run) ?? '') : null,
            assignee: action.assignee ?? { type: 'owner' },
            dueAt: dueAt === null ? null : new Date(dueAt).toISOString(),
            remindAt: dueAt === null || before === undefined ? null : new Date(dueAt - before).toISOString(),
            priority: action.priority ?? 'normal',
          },
        ],
      };
    };
  },
});
