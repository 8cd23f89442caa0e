/** Reference checks of participants (approvers, recipients, task assignees) and field assignments. */
import { pointer, type MetadataError } from '../errors.ts';
import type { AppBundle, Entity, FieldAssignment, Notification, Participant } from '../generated/types.ts';
import { describePathProblem, type Catalog } from './catalog.ts';
import { isColumn, isUserColumn, resolveColumn, valueType } from './paths.ts';

/** Keys of the roles a bundle defines. */
export function roleKeys(bundle: AppBundle): Set<string> {
  return new Set((bundle.roles ?? []).map((r) => r.key));
}

export interface ParticipantContext {
  catalog: Catalog;
  entity: Entity;
  roles: ReadonlySet<string>;
  /** Messages may also go to an e-mail field of the record; tasks and approvals need users. */
  allowEmail: boolean;
}

/** Checks one participant at JSON pointer `at`. */
export function checkParticipant(participant: Participant, at: string, ctx: ParticipantContext): MetadataError[] {
  if (participant.type === 'role' && !ctx.roles.has(participant.role)) {
    return [{ path: `${at}/role`, code: 'reference.unknownRole', message: `role "${participant.role}" does not exist` }];
  }
  if (participant.type === 'field') {
    const column = resolveColumn(ctx.catalog, ctx.entity.key, participant.field);
    if (!isColumn(column)) {
      return [{ path: `${at}/field`, code: 'reference.unknownField', message: describePathProblem(column) }];
    }
    if (!isUserColumn(column) && !(ctx.allowEmail && valueType(column) === 'email')) {
      const wanted = ctx.allowEmail ? 'a user or e-mail field' : 'a user field';
      return [{ path: `${at}/field`, code: 'reference.wrongFieldType', message: `a participant comes from ${wanted}, not a ${valueType(column)} field` }];
    }
  }
  return [];
}

/** Checks the recipients and cc of a notification at `at`. */
export function checkNotification(notification: Notification, at: string, ctx: ParticipantContext): MetadataError[] {
  const messageCtx = { ...ctx, allowEmail: true };
  return [
    ...notification.recipients.flatMap((p, i) => checkParticipant(p, `${at}${pointer('recipients', i)}`, messageCtx)),
    ...(notification.cc ?? []).flatMap((p, i) => checkParticipant(p, `${at}${pointer('cc', i)}`, messageCtx)),
  ];
}

/**
 * Checks that every assigned field exists on `entity` (`owner_id` may be set too, to hand the
 * record over); `at` points at the assignments array.
 */
export function checkAssignments(assignments: readonly FieldAssignment[], entity: Entity, at: string): MetadataError[] {
  return assignments.flatMap((assignment, i) =>
    assignment.field === 'owner_id' || entity.fields.some((f) => f.key === assignment.field)
      ? []
      : [{ path: `${at}${pointer(i, 'field')}`, code: 'reference.unknownField', message: `entity "${entity.key}" has no field "${assignment.field}"` }],
  );
}
