/**
 * Row-level access: which records an action reaches for a subject, as a `BoundFilter` that the
 * runtime compiles to SQL (`compileFilter`) and the studio evaluates in memory (`matchesFilter`).
 *
 * The scopes of all the subject's roles are OR-ed. `own`, `department` and `departmentTree` are
 * conditions on the record's owner, so they merge into one `owner_id IN (…)` list resolved from
 * the org directory; `all` short-circuits to constant true; custom filters are bound with the
 * subject's variables. No role granting the action gives constant false.
 *
 * @example
 * const { scope } = compileScope(roles, catalog, subject, 'opportunity', 'read', { now, directory });
 * // sales_manager of department 3 (tree 3, 8): { kind: 'in', path: owner_id, values: [7, 12, 15] }
 */
import type { Catalog, DataScope, EntityPermission, Filter, PermissionAction, Role } from '@pipewright/metadata';
import { PipewrightError } from '../errors.ts';
import { bindFilter, bindPath, FilterError, type BoundFilter, type BoundPath, type FilterContext } from '../filter/bind.ts';
import { heldPermissions, type AccessContext, type Subject } from './subject.ts';

export const permissionActions: readonly PermissionAction[] = ['create', 'read', 'update', 'delete', 'export', 'import', 'print', 'runReport', 'transfer', 'share'];

/** A scope that grants something: everything but `none`. */
export type GrantingScope = Exclude<DataScope, 'none' | undefined>;

/** The scope a permission gives an action, or undefined when it gives none (absent or `none`). */
export function grantedScope(permission: EntityPermission, action: PermissionAction): GrantingScope | undefined {
  if (!Object.hasOwn(permission.actions, action)) return undefined;
  const scope = permission.actions[action];
  return scope === undefined || scope === 'none' ? undefined : scope;
}

/** The level a record share must have to widen an action: `read` (or edit) shares widen reading actions, `edit` shares widen `update`. */
export type ShareLevel = 'read' | 'edit';

/** Which share level widens an action; undefined for actions shares never grant (create, delete, import). */
export function shareLevelFor(action: PermissionAction): ShareLevel | undefined {
  switch (action) {
    case 'read':
    case 'print':
    case 'export':
    case 'runReport':
      return 'read';
    case 'update':
      return 'edit';
    default:
      return undefined;
  }
}

export interface CompiledScope {
  /** Whether any role the subject holds grants the action at all (a scope other than `none`). */
  allowed: boolean;
  /** The records the action reaches (not counting shares). */
  scope: BoundFilter;
  /**
   * `false`, or the lowest share level at which records shared with the subject also pass: the
   * runtime ORs its share-table condition into `scope`. Shares widen an action only for subjects
   * whose roles grant it (object permission caps sharing) and never when `scope` is already all.
   */
  includeShared: false | ShareLevel;
  /** The scope reads the clock (`today`, `now`, `within`): cache it for the day at most. */
  timeDependent: boolean;
}

const everything: BoundFilter = { kind: 'constant', value: true };
const nothing: BoundFilter = { kind: 'constant', value: false };

export function compileScope(
  roles: readonly Role[],
  catalog: Catalog,
  subject: Subject,
  entityKey: string,
  action: PermissionAction,
  context: AccessContext,
): CompiledScope {
  if (!catalog.entity(entityKey)) throw new PipewrightError('permission.unknownEntity', `Entity "${entityKey}" does not exist`);
  if (subject.isAdmin) return { allowed: true, scope: everything, includeShared: false, timeDependent: false };

  let allowed = false;
  let all = false;
  let timeDependent = false;
  const owners = new Set<number>();
  const filters: BoundFilter[] = [];
  const filterContext: FilterContext = {
    now: context.now,
    timeZone: context.timeZone,
    userId: subject.userId,
    departmentId: subject.departmentId,
    // Without a department, department variables have no value and such filters grant nothing.
    departmentTree: subject.departmentId === undefined ? undefined : subject.departmentTree,
    teamIds: subject.teamIds,
  };
  /** Users named by user-field scopes (`{ user: 'technician', scope }`), by field. */
  const userFieldIds = new Map<string, Set<number>>();
  const usersOf = (departments: readonly number[], into: Set<number>) => {
    if (departments.length > 0) for (const id of context.directory.usersInDepartments(departments)) into.add(id);
  };
  const departmentUsers = (departments: readonly number[]) => usersOf(departments, owners);

  for (const { role, permission, at } of heldPermissions(roles, subject, entityKey)) {
    const scope = grantedScope(permission, action);
    if (scope === undefined) continue;
    allowed = true;
    if (scope === 'all') all = true;
    else if (scope === 'own') owners.add(subject.userId);
    else if (scope === 'department') departmentUsers(subject.departmentId === undefined ? [] : [subject.departmentId]);
    else if (scope === 'departmentTree') departmentUsers(subject.departmentId === undefined ? [] : subject.departmentTree);
    else if ('user' in scope) {
      const ids = userFieldIds.get(scope.user) ?? new Set<number>();
      userFieldIds.set(scope.user, ids);
      if (scope.scope === 'own') ids.add(subject.userId);
      else usersOf(scope.scope === 'department' ? (subject.departmentId === undefined ? [] : [subject.departmentId]) : subject.departmentId === undefined ? [] : subject.departmentTree, ids);
    } else {
      const bound = bindScopeFilter(catalog, entityKey, scope.filter, filterContext, `${at}/actions/${action}/filter`, role.key);
      if (bound) {
        filters.push(bound);
        timeDependent ||= readsClock(scope.filter);
      }
    }
  }

  if (all) return { allowed, scope: everything, includeShared: false, timeDependent: false };
  const items: BoundFilter[] = [];
  if (owners.size > 0) items.push({ kind: 'in', path: ownerPath(catalog, entityKey), negated: false, values: [...owners].sort((a, b) => a - b) });
  for (const [fieldKey, ids] of userFieldIds) {
    if (ids.size > 0) items.push({ kind: 'in', path: userFieldPath(catalog, entityKey, fieldKey), negated: false, values: [...ids].sort((a, b) => a - b) });
  }
  items.push(...filters);
  const scope: BoundFilter = items.length === 0 ? nothing : items.length === 1 ? items[0]! : { kind: 'or', items };
  const level = shareLevelFor(action);
  return { allowed, scope, includeShared: allowed && level !== undefined ? level : false, timeDependent };
}

/**
 * Binds a role's custom filter. A filter that needs a variable the subject has no value for
 * (a department variable for a user without department) grants nothing: fail closed. Any other
 * problem is broken metadata and throws.
 */
function bindScopeFilter(catalog: Catalog, entityKey: string, filter: Filter, context: FilterContext, at: string, roleKey: string): BoundFilter | undefined {
  try {
    return bindFilter(catalog, entityKey, filter, context, at);
  } catch (error) {
    if (!(error instanceof FilterError)) throw error;
    if (error.problems.every((p) => p.code === 'filter.variable')) return undefined;
    throw new PipewrightError('permission.invalidScope', `Role "${roleKey}" has an invalid scope on "${entityKey}": ${error.message}`, error.problems);
  }
}

function ownerPath(catalog: Catalog, entityKey: string): BoundPath {
  const path = bindPath(catalog, entityKey, 'owner_id');
  if ('problem' in path) throw new PipewrightError('permission.unknownEntity', path.problem);
  return path;
}

/** The path of a user-field scope's field; anything but a single-user field is broken metadata. */
function userFieldPath(catalog: Catalog, entityKey: string, fieldKey: string): BoundPath {
  const field = catalog.field(entityKey, fieldKey);
  const path = bindPath(catalog, entityKey, fieldKey);
  if (!field || field.type !== 'user' || field.multiple || 'problem' in path) {
    throw new PipewrightError('permission.invalidScope', `A user-field scope on "${entityKey}" names "${fieldKey}", which is not a single-user field`);
  }
  return path;
}

/** Whether a filter depends on the clock: a `today` / `now` variable or a `within` period. */
function readsClock(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(readsClock);
  if (value === null || typeof value !== 'object') return false;
  const object = value as Record<string, unknown>;
  if (object.op === 'within' || object.var === 'today' || object.var === 'now') return true;
  return Object.values(object).some(readsClock);
}
