/**
 * Test support: an independent, deliberately naive reading of the permission policy, used as the
 * oracle of the property test. It decides record by record and field by field straight from the
 * role documents, the org chart (a parent map, walked upwards) and the shares: no compileAccess,
 * no bindFilter, no matchesFilter, no org directory.
 *
 * It understands the part of the filter language the property test generates: conditions on
 * plain fields and `owner_id` with eq, ne, lt, lte, gt, gte, in, notIn, isEmpty, isNotEmpty,
 * the variables currentUser, currentUserDepartment, currentUserDepartmentTree and currentUserTeam,
 * and and / or / not.
 */
import type { DataScope, Entity, EntityPermission, Filter, FilterCondition, PermissionAction, Role } from '@pipewright/metadata';
import type { FieldAccess } from './field-access.ts';

export interface ReferenceOrg {
  /** Parent of each department; roots have none. */
  parentOf: ReadonlyMap<number, number | undefined>;
  /** Department of each user; users outside the org chart have none. */
  departmentOf: ReadonlyMap<number, number | undefined>;
}

export interface ReferenceUser {
  id: number;
  roleKeys: readonly string[];
  teamIds?: readonly number[] | undefined;
  isAdmin?: boolean | undefined;
}

/** A record shared with one user or with the members of one department. */
export interface ReferenceShare {
  recordId: number;
  userId?: number | undefined;
  departmentId?: number | undefined;
  level: 'read' | 'edit';
}

export type ReferenceRecord = { id: number; owner_id: number | null } & Record<string, unknown>;

/** The permissions on an entity of the roles the user holds. */
function permissionsOf(roles: readonly Role[], user: ReferenceUser, entityKey: string): EntityPermission[] {
  const result: EntityPermission[] = [];
  for (const role of roles) {
    if (!user.roleKeys.includes(role.key)) continue;
    for (const permission of role.permissions) if (permission.entity === entityKey) result.push(permission);
  }
  return result;
}

function scopeFor(permission: EntityPermission, action: string): DataScope {
  return Object.hasOwn(permission.actions, action) ? permission.actions[action] : undefined;
}

function grants(scope: DataScope): boolean {
  return scope !== undefined && scope !== 'none';
}

/** Whether any role the user holds grants the action on the entity. */
export function referenceAllowed(roles: readonly Role[], user: ReferenceUser, entityKey: string, action: PermissionAction): boolean {
  if (user.isAdmin) return true;
  return permissionsOf(roles, user, entityKey).some((p) => grants(scopeFor(p, action)));
}

/** Whether `department` is `ancestor` or lies below it. */
function isWithin(org: ReferenceOrg, department: number | undefined, ancestor: number | undefined): boolean {
  if (department === undefined || ancestor === undefined) return false;
  let current: number | undefined = department;
  for (let steps = 0; current !== undefined && steps <= org.parentOf.size; steps++) {
    if (current === ancestor) return true;
    current = org.parentOf.get(current);
  }
  return false;
}

/** Whether the user may perform the action on the record. */
export function referenceCan(
  roles: readonly Role[],
  entity: Entity,
  org: ReferenceOrg,
  user: ReferenceUser,
  action: PermissionAction,
  record: ReferenceRecord,
  shares: readonly ReferenceShare[],
): boolean {
  if (user.isAdmin) return true;
  const scopes = permissionsOf(roles, user, entity.key)
    .map((p) => scopeFor(p, action))
    .filter(grants);
  if (scopes.length === 0) return false;
  const userDepartment = org.departmentOf.get(user.id);
  const ownerDepartment = record.owner_id === null ? undefined : org.departmentOf.get(record.owner_id);
  for (const scope of scopes) {
    if (scope === 'all') return true;
    if (scope === 'own' && record.owner_id === user.id) return true;
    if (scope === 'department' && userDepartment !== undefined && ownerDepartment === userDepartment) return true;
    if (scope === 'departmentTree' && isWithin(org, ownerDepartment, userDepartment)) return true;
    if (typeof scope === 'object' && 'user' in scope) {
      // A user field instead of the owner: the named user, or a user of the department (tree).
      const named = record[scope.user];
      const namedDepartment = typeof named === 'number' ? org.departmentOf.get(named) : undefined;
      if (scope.scope === 'own' && named === user.id) return true;
      if (scope.scope === 'department' && userDepartment !== undefined && namedDepartment === userDepartment) return true;
      if (scope.scope === 'departmentTree' && isWithin(org, namedDepartment, userDepartment)) return true;
    } else if (typeof scope === 'object' && filterHolds(scope.filter, record, org, user)) return true;
  }
  const sharedWithUser = shares.filter(
    (s) => s.recordId === record.id && (s.userId === user.id || (s.departmentId !== undefined && s.departmentId === userDepartment)),
  );
  if (['read', 'print', 'export', 'runReport'].includes(action)) return sharedWithUser.length > 0;
  if (action === 'update') return sharedWithUser.some((s) => s.level === 'edit');
  return false;
}

const order: FieldAccess[] = ['hidden', 'readOnly', 'editable'];

/**
 * Each field's access for the user: the most permissive among the roles that grant read; a
 * formula not named by a role is hidden when a field it reads is hidden. `entities` are the
 * entities its relation paths may reach.
 */
export function referenceVisibleFields(roles: readonly Role[], entity: Entity, user: ReferenceUser, entities: readonly Entity[] = [entity]): Record<string, FieldAccess> {
  const result = roleLevels(roles, entity, user);
  if (user.isAdmin) return result;
  for (const field of entity.fields) {
    if (field.type === 'formula' && result[field.key] !== 'hidden' && !namedByRole(roles, entity, user, field.key)) {
      if (formulaReadsHidden(roles, entity, field.expression, user, entities, [`${entity.key}.${field.key}`])) result[field.key] = 'hidden';
    }
  }
  return result;
}

/** Levels from the role documents alone (no formula rule). */
function roleLevels(roles: readonly Role[], entity: Entity, user: ReferenceUser): Record<string, FieldAccess> {
  const result: Record<string, FieldAccess> = {};
  for (const field of entity.fields) {
    let best = 0;
    if (user.isAdmin) best = 2;
    else {
      for (const permission of permissionsOf(roles, user, entity.key)) {
        if (!grants(scopeFor(permission, 'read'))) continue;
        const named = permission.fields && Object.hasOwn(permission.fields, field.key) ? permission.fields[field.key] : undefined;
        let level = order.indexOf(named ?? permission.defaultFieldAccess ?? 'editable');
        const writes = grants(scopeFor(permission, 'update')) || grants(scopeFor(permission, 'create')) || grants(scopeFor(permission, 'import'));
        if (!writes && level > 1) level = 1;
        if (level > best) best = level;
      }
    }
    if ((field.type === 'formula' || field.type === 'autoNumber') && best > 1) best = 1;
    if (!user.isAdmin && field.readOnly === true && best > 1) best = 1;
    result[field.key] = order[best]!;
  }
  return result;
}

/** Whether a role that reads the entity names the field as read-only or editable. */
function namedByRole(roles: readonly Role[], entity: Entity, user: ReferenceUser, fieldKey: string): boolean {
  return permissionsOf(roles, user, entity.key).some((p) => grants(scopeFor(p, 'read')) && p.fields !== undefined && Object.hasOwn(p.fields, fieldKey) && p.fields[fieldKey] !== 'hidden');
}

/**
 * Whether a formula reads something hidden. The reference finds references in the expression
 * text (names and dotted paths; the property tests generate formulas of that form).
 */
function formulaReadsHidden(roles: readonly Role[], entity: Entity, expression: string, user: ReferenceUser, entities: readonly Entity[], seen: readonly string[]): boolean {
  const paths = expression.match(/[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/g) ?? [];
  return paths.some((text) => {
    let current: Entity = entity;
    for (const segment of text.split('.')) {
      const field = current.fields.find((f) => f.key === segment);
      if (!field) return false; // a function name or a system column
      if (roleLevels(roles, current, user)[field.key] === 'hidden') return true;
      if (field.type === 'formula' && !namedByRole(roles, current, user, field.key)) {
        const key = `${current.key}.${field.key}`;
        if (seen.includes(key) || formulaReadsHidden(roles, current, field.expression, user, entities, [...seen, key])) return true;
      }
      if (field.type !== 'relation') return false;
      const target = entities.find((e) => e.key === field.target);
      if (!target || !referenceAllowed(roles, user, target.key, 'read')) return true;
      current = target;
    }
    return false;
  });
}

/** A filter of a role scope; a filter naming a variable the user has no value for holds nowhere. */
function filterHolds(filter: Filter, record: ReferenceRecord, org: ReferenceOrg, user: ReferenceUser): boolean {
  const department = org.departmentOf.get(user.id);
  const variables = JSON.stringify(filter);
  if ((variables.includes('"currentUserDepartment"') || variables.includes('"currentUserDepartmentTree"')) && department === undefined) return false;
  if (variables.includes('"currentUserTeam"') && user.teamIds === undefined) return false;
  return holds(filter, record, org, user, department);
}

function holds(filter: Filter, record: ReferenceRecord, org: ReferenceOrg, user: ReferenceUser, department: number | undefined): boolean {
  if ('and' in filter) return filter.and.every((f) => holds(f, record, org, user, department));
  if ('or' in filter) return filter.or.some((f) => holds(f, record, org, user, department));
  if ('not' in filter) return !holds(filter.not, record, org, user, department);
  return conditionHolds(filter, record, org, user, department);
}

function conditionHolds(c: FilterCondition, record: ReferenceRecord, org: ReferenceOrg, user: ReferenceUser, department: number | undefined): boolean {
  const actual = record[c.field];
  const missing = actual === null || actual === undefined;
  const empty = missing || actual === '';
  // A value of the condition, and whether the record's value is one of them.
  const variable = c.value !== null && typeof c.value === 'object' && !Array.isArray(c.value) && 'var' in c.value ? c.value.var : undefined;
  const single = (): unknown => (variable === 'currentUser' ? user.id : variable === 'currentUserDepartment' ? department : c.value);
  const isOneOf = (): boolean => {
    if (variable === 'currentUserDepartmentTree') return typeof actual === 'number' && isWithin(org, actual, department);
    if (variable === 'currentUserTeam') return (user.teamIds ?? []).includes(actual as number);
    return Array.isArray(c.value) && c.value.some((v) => v === actual);
  };
  switch (c.op) {
    case 'isEmpty':
      return empty;
    case 'isNotEmpty':
      return !empty;
    case 'eq':
      return c.value === null ? empty : !missing && actual === single();
    case 'ne':
      return c.value === null ? !empty : missing || actual !== single();
    case 'lt':
      return !missing && (actual as number) < (single() as number);
    case 'lte':
      return !missing && (actual as number) <= (single() as number);
    case 'gt':
      return !missing && (actual as number) > (single() as number);
    case 'gte':
      return !missing && (actual as number) >= (single() as number);
    case 'in':
      return !missing && isOneOf();
    case 'notIn':
      return missing || !isOneOf();
    default:
      throw new Error(`the reference does not know operator ${c.op}`);
  }
}
