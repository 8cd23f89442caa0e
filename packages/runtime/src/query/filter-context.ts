import type { FilterContext } from '@pipewright/engines';
import type { Actor } from '../records/record-writer.ts';

/** The filter variables of an actor: who they are, their department and teams, and the clock. */
export function filterContext(actor: Actor, now: Date = new Date()): FilterContext {
  const subject = actor.permissions?.subject;
  return {
    now,
    userId: actor.userId,
    departmentId: actor.departmentId ?? subject?.departmentId,
    departmentTree: subject?.departmentTree,
    teamIds: subject?.teamIds,
    timeZone: actor.timeZone,
  };
}
