/**
 * Who asks: the subject a permission is compiled for, and the organisation data the compiler
 * needs about others (which users sit in which departments). Both are plain data the runtime
 * keeps cached in-process; the compiler never queries anything.
 *
 * @example
 * const subject: Subject = { userId: 7, departmentId: 3, departmentTree: [3, 8, 9], roleKeys: ['sales_manager'] };
 * const directory = directoryFromAssignments([[7, 3], [12, 8], [15, 9]]);
 * directory.usersInDepartments([3, 8, 9]); // → [7, 12, 15]
 */
import type { EntityPermission, Role } from '@pipewright/metadata';

export interface Subject {
  userId: number;
  /** The user's own department; unset for users outside the org chart. */
  departmentId?: number | undefined;
  /** The user's department and every department below it (empty without a department). */
  departmentTree: readonly number[];
  teamIds?: readonly number[] | undefined;
  /** Keys of the app roles the user holds; keys that name no role grant nothing. */
  roleKeys: readonly string[];
  /** Platform administrator: every action on every record and field. */
  isAdmin?: boolean | undefined;
}

/** The user → department assignment, asked by department. */
export interface OrgDirectory {
  /**
   * Ids of the users assigned to any of these departments. Include inactive users: a leaver's
   * records stay visible to the department until they are transferred.
   */
  usersInDepartments(departmentIds: readonly number[]): readonly number[];
}

/** What a compilation depends on besides roles, catalog and subject. */
export interface AccessContext {
  /** The clock of custom filters (`today`, `now`, `within`). */
  now: Date;
  /** Business time zone of `today`; Asia/Shanghai by default. */
  timeZone?: string | undefined;
  directory: OrgDirectory;
}

/**
 * A directory over `[userId, departmentId]` pairs (users without a department are left out).
 *
 * @example
 * directoryFromAssignments(new Map([[7, 3], [12, 8]])).usersInDepartments([8]); // → [12]
 */
export function directoryFromAssignments(assignments: Iterable<readonly [userId: number, departmentId: number]>): OrgDirectory {
  const byDepartment = new Map<number, number[]>();
  for (const [userId, departmentId] of assignments) {
    const users = byDepartment.get(departmentId);
    if (users) users.push(userId);
    else byDepartment.set(departmentId, [userId]);
  }
  return {
    usersInDepartments(departmentIds) {
      return [...new Set(departmentIds)].flatMap((d) => byDepartment.get(d) ?? []);
    },
  };
}

/** One entity permission of a role the subject holds, with its JSON pointer in `roles`. */
export interface HeldPermission {
  role: Role;
  permission: EntityPermission;
  /** JSON pointer of the permission in the roles array given, e.g. `/2/permissions/0`. */
  at: string;
}

/** The permissions on one entity of every role the subject holds. */
export function heldPermissions(roles: readonly Role[], subject: Subject, entityKey: string): HeldPermission[] {
  const held = new Set(subject.roleKeys);
  const out: HeldPermission[] = [];
  roles.forEach((role, r) => {
    if (!held.has(role.key)) return;
    role.permissions.forEach((permission, p) => {
      if (permission.entity === entityKey) out.push({ role, permission, at: `/${r}/permissions/${p}` });
    });
  });
  return out;
}
