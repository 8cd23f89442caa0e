/**
 * The permission compiler's front door: what a subject may do with one entity and action, as
 * plain data the runtime caches per (user, role set, entity, action) and applies on every path.
 *
 * @example
 * const access = compileAccess(app.roles ?? [], catalog, subject, 'opportunity', 'read', { now: new Date(), directory });
 * if (!access.allowed) throw forbidden();
 * const scope = access.includeShared ? { kind: 'or', items: [access.scope, sharedWithMe] } : access.scope;
 * listRecords(db, model, 'opportunity', { scope, fields: readableFields(access) }, context);
 */
import type { Catalog, PermissionAction, Role } from '@pipewright/metadata';
import { compileFieldAccess, type FieldAccess, type FieldAccessMap } from './field-access.ts';
import { compileScope, type CompiledScope } from './scope.ts';
import type { AccessContext, Subject } from './subject.ts';

export interface EntityAccess extends CompiledScope {
  entity: string;
  action: PermissionAction;
  /** Every field of the entity; the same for every action of the entity (see `compileFieldAccess`). */
  fields: FieldAccessMap;
}

/**
 * Compiles the union of the subject's roles for one entity and action. `allowed` is false when no
 * role grants the action; `scope` then matches nothing. For `create`, check the record about to
 * be stored (its `owner_id` defaults to the creator) against `scope` with `matchesFilter`.
 *
 * Throws `PipewrightError` `permission.unknownEntity` for an entity not in the catalog and
 * `permission.invalidScope` for a role filter that does not bind (metadata validation prevents
 * both in a published app).
 */
export function compileAccess(
  roles: readonly Role[],
  catalog: Catalog,
  subject: Subject,
  entityKey: string,
  action: PermissionAction,
  context: AccessContext,
): EntityAccess {
  const scope = compileScope(roles, catalog, subject, entityKey, action, context);
  return { entity: entityKey, action, ...scope, fields: compileFieldAccess(roles, catalog, subject, entityKey) };
}

/** The access level of one field, or undefined when the entity has no such field (safe for any key). */
export function fieldAccessOf(access: { fields: FieldAccessMap }, fieldKey: string): FieldAccess | undefined {
  return Object.hasOwn(access.fields, fieldKey) ? access.fields[fieldKey] : undefined;
}
