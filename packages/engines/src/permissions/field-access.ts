/**
 * Field-level access of a subject on one entity: each field hidden, read-only or editable.
 *
 * Each role the subject holds contributes only if it grants `read` on the entity (a role that
 * cannot read a record cannot show its fields). Its level for a field is the one it names, or
 * editable when it names none; a role that grants no write action (create, update, import) gives
 * at most read-only. Across roles the most permissive level wins (editable > readOnly > hidden),
 * so a field nobody grants is hidden. Fields no client can write (formulas, auto-numbers) are at
 * most read-only. A platform admin gets every field editable.
 *
 * The map is per entity, not per record: with role A (update all, amount read-only) and role B
 * (update own, amount editable), amount is editable wherever A lets the user update.
 *
 * @example
 * compileFieldAccess([rep], catalog, { userId: 7, departmentTree: [], roleKeys: ['sales_rep'] }, 'opportunity');
 * // → { name: 'editable', amount: 'editable', margin: 'hidden', weighted: 'readOnly', … }
 */
import type { Catalog, EntityPermission, Role } from '@pipewright/metadata';
import { PipewrightError } from '../errors.ts';
import { fieldTypeOf } from '../fields/registry.ts';
import { grantedScope } from './scope.ts';
import { heldPermissions, type Subject } from './subject.ts';

export type FieldAccess = 'hidden' | 'readOnly' | 'editable';

/** Access by field key, for every field of the entity. */
export type FieldAccessMap = Readonly<Record<string, FieldAccess>>;

const rank: Record<FieldAccess, number> = { hidden: 0, readOnly: 1, editable: 2 };

/** The more permissive of two levels. */
export function widerAccess(a: FieldAccess, b: FieldAccess): FieldAccess {
  return rank[a] >= rank[b] ? a : b;
}

/** The more restrictive of two levels. */
export function narrowerAccess(a: FieldAccess, b: FieldAccess): FieldAccess {
  return rank[a] <= rank[b] ? a : b;
}

export function compileFieldAccess(roles: readonly Role[], catalog: Catalog, subject: Subject, entityKey: string): FieldAccessMap {
  const entity = catalog.entity(entityKey);
  if (!entity) throw new PipewrightError('permission.unknownEntity', `Entity "${entityKey}" does not exist`);
  const contributing = subject.isAdmin ? [] : heldPermissions(roles, subject, entityKey).filter((h) => grantedScope(h.permission, 'read') !== undefined);
  const map: Record<string, FieldAccess> = {};
  for (const field of entity.fields) {
    let level: FieldAccess = subject.isAdmin ? 'editable' : 'hidden';
    for (const { permission } of contributing) level = widerAccess(level, roleFieldAccess(permission, field.key));
    map[field.key] = fieldTypeOf(field).writable ? level : narrowerAccess(level, 'readOnly');
  }
  return map;
}

/** What one role's permission (which grants read) says about one field. */
function roleFieldAccess(permission: EntityPermission, fieldKey: string): FieldAccess {
  const named = permission.fields && Object.hasOwn(permission.fields, fieldKey) ? permission.fields[fieldKey] : undefined;
  const level = named ?? 'editable';
  const writes = grantedScope(permission, 'update') ?? grantedScope(permission, 'create') ?? grantedScope(permission, 'import');
  return writes === undefined ? narrowerAccess(level, 'readOnly') : level;
}

/**
 * Keys of the fields the subject may see (read-only or editable), in the entity's order.
 *
 * @example
 * readableFields(access); // → ['name', 'stage', 'amount']
 */
export function readableFields(access: { fields: FieldAccessMap }): string[] {
  return Object.keys(access.fields).filter((k) => access.fields[k] !== 'hidden');
}

/**
 * Keys of the fields the subject may write.
 *
 * @example
 * writableFields(access); // → ['name', 'stage']
 */
export function writableFields(access: { fields: FieldAccessMap }): string[] {
  return Object.keys(access.fields).filter((k) => access.fields[k] === 'editable');
}
