/**
 * People a write names must exist: user fields, department fields, `owner_id` and the same fields
 * in line items. Single-valued columns also have foreign keys to the platform's users and
 * departments (decision 042); multi-valued ones are arrays, which no foreign key covers, so this
 * check is what holds them, for every caller, trusted ones included. It costs one query per batch
 * for users and one for departments, and names the path of each bad value. For outside callers
 * (`activeOnly`), a user newly assigned (a value the record did not hold before) must also be
 * active; a value kept from before passes, so a leaver's records can still be edited until they
 * are transferred.
 *
 * @example
 * await checkPeople(db, entity, [{ values: { owner_id: 99, technician: 7 }, lineItems: {} }], (i) => `/${i}`);
 * // RecordValidationError: [{ path: '/0/owner_id', code: 'record.unknownUser', message: 'refers to a user that does not exist' }]
 */
import type { Entity, Field } from '@pipewright/metadata';
import { RecordValidationError, type Problem } from '@pipewright/engines';
import { sql, type Kysely } from 'kysely';
import type { DynamicTables } from '../database/index.ts';

/** The values a write stores (prepared input) and, for an update, the record before it. */
export interface PeopleInWrite {
  values: Readonly<Record<string, unknown>>;
  lineItems: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
  before?: Readonly<Record<string, unknown>> | undefined;
}

interface Named {
  id: number;
  path: string;
  /** Not held by the record before the write: an inactive user may not be assigned. */
  assigned: boolean;
}

/** Throws `RecordValidationError` (HTTP 400) naming every path whose user or department does not exist. */
export async function checkPeople(db: Kysely<DynamicTables>, entity: Entity, writes: readonly PeopleInWrite[], prefix: (i: number) => string, options: { activeOnly: boolean } = { activeOnly: true }): Promise<void> {
  const users: Named[] = [];
  const departments: Named[] = [];
  const note = (kind: 'user' | 'department', value: unknown, path: string, held: (id: number) => boolean) => {
    const ids = Array.isArray(value) ? value : [value];
    for (const id of ids) if (typeof id === 'number') (kind === 'user' ? users : departments).push({ id, path, assigned: options.activeOnly && !held(id) });
  };
  const person = (field: Field): 'user' | 'department' | undefined => (field.type === 'user' || field.type === 'department' ? field.type : undefined);

  writes.forEach((write, i) => {
    const at = prefix(i);
    const before = write.before;
    const heldIn = (value: unknown) => (id: number) => (Array.isArray(value) ? value.includes(id) : value === id);
    if (Object.hasOwn(write.values, 'owner_id')) note('user', write.values.owner_id, `${at}/owner_id`, heldIn(before?.owner_id));
    for (const field of entity.fields) {
      const kind = person(field);
      if (kind && Object.hasOwn(write.values, field.key)) note(kind, write.values[field.key], `${at}/${field.key}`, heldIn(before?.[field.key]));
      if (field.type !== 'lineItems' || !Object.hasOwn(write.lineItems, field.key)) continue;
      const previous = Array.isArray(before?.[field.key]) ? (before[field.key] as Record<string, unknown>[]) : [];
      write.lineItems[field.key]!.forEach((line, n) => {
        for (const child of field.fields) {
          const childKind = person(child);
          if (!childKind || !Object.hasOwn(line, child.key)) continue;
          const held = (id: number) => previous.some((p) => heldIn(p[child.key])(id));
          note(childKind, line[child.key], `${at}/${field.key}/${n}/${child.key}`, held);
        }
      });
    }
  });

  await verifyPeople(db, users, departments);
}

/** One query for the users and one for the departments named; a problem per bad path. */
async function verifyPeople(db: Kysely<DynamicTables>, users: readonly Named[], departments: readonly Named[]): Promise<void> {
  const problems: Problem[] = [];
  if (users.length > 0) {
    const { rows } = await sql<{ id: number; active: boolean }>`
      SELECT id, active FROM pipewright.users WHERE id IN (${sql.join([...new Set(users.map((u) => u.id))])})`.execute(db);
    const active = new Map(rows.map((r) => [Number(r.id), r.active]));
    for (const user of users) {
      if (!active.has(user.id)) problems.push({ path: user.path, code: 'record.unknownUser', message: 'refers to a user that does not exist' });
      else if (user.assigned && !active.get(user.id)) problems.push({ path: user.path, code: 'record.inactiveUser', message: 'refers to a user who is no longer active' });
    }
  }
  if (departments.length > 0) {
    const { rows } = await sql<{ id: number }>`
      SELECT id FROM pipewright.departments WHERE id IN (${sql.join([...new Set(departments.map((d) => d.id))])})`.execute(db);
    const known = new Set(rows.map((r) => Number(r.id)));
    for (const department of departments) {
      if (!known.has(department.id)) problems.push({ path: department.path, code: 'record.unknownDepartment', message: 'refers to a department that does not exist' });
    }
  }
  if (problems.length > 0) throw new RecordValidationError(problems);
}

/**
 * The same check for the target of a share or a transfer: a user that exists and is active, or a
 * department that exists.
 */
export async function checkPeopleTarget(db: Kysely<DynamicTables>, target: { userId?: number | undefined; departmentId?: number | undefined }, paths: { userId: string; departmentId: string }): Promise<void> {
  const users = target.userId === undefined ? [] : [{ id: target.userId, path: paths.userId, assigned: true }];
  const departments = target.departmentId === undefined ? [] : [{ id: target.departmentId, path: paths.departmentId, assigned: true }];
  await verifyPeople(db, users, departments);
}
