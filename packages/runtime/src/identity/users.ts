/**
 * Users as the admin endpoints and the CLI see them, and the writes behind the Directory's user
 * methods. Each function runs inside the Directory's change transaction (`trx`).
 */
import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import { IdentityError, invalidReference, notFound } from './errors.ts';
import type { IdentityTables, UsersTable } from './identity-tables.ts';
import { loginKey } from './login-throttle.ts';
import { checkPasswordPolicy, hashPassword } from './passwords.ts';

type Trx = Transaction<IdentityTables>;

/** A user as the API shows it: never the password hash. */
export interface User {
  id: number;
  login: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: string;
  active: boolean;
  isAdmin: boolean;
  departmentId: number | null;
  managerId: number | null;
  /** Whether a password is set (a user without one cannot log in). */
  hasPassword: boolean;
  passwordChangedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewUser {
  login: string;
  name: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  locale?: string | undefined;
  /** Checked against the policy and stored as an argon2id hash; unset: the user cannot log in yet. */
  password?: string | undefined;
  isAdmin?: boolean | undefined;
  active?: boolean | undefined;
  departmentId?: number | null | undefined;
  managerId?: number | null | undefined;
}

/** The fields to change; `undefined` leaves a field as it is, `null` clears it. */
export interface UserChanges {
  login?: string | undefined;
  name?: string | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  locale?: string | undefined;
  active?: boolean | undefined;
  isAdmin?: boolean | undefined;
  departmentId?: number | null | undefined;
  managerId?: number | null | undefined;
}

export interface UserFilter {
  active?: boolean | undefined;
  departmentId?: number | undefined;
  /** Only these users. */
  ids?: readonly number[] | undefined;
  /** Part of the login, name or e-mail, any letter case. */
  search?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** Letters (any script), digits and `. _ @ + -`; 1 to 64 characters. */
export const loginPattern = /^[\p{L}\p{N}._@+-]{1,64}$/u;

const userColumns = [
  'id', 'login', 'name', 'email', 'phone', 'locale', 'active', 'is_admin', 'department_id', 'manager_id',
  'password_hash', 'password_changed_at', 'created_at', 'updated_at',
] as const;

type UserRow = Pick<Selectable<UsersTable>, (typeof userColumns)[number]>;

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    login: row.login,
    name: row.name,
    email: row.email,
    phone: row.phone,
    locale: row.locale,
    active: row.active,
    isAdmin: row.is_admin,
    departmentId: row.department_id,
    managerId: row.manager_id,
    hasPassword: row.password_hash !== null,
    passwordChangedAt: row.password_changed_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function checkLogin(login: string, path = '/login'): void {
  if (!loginPattern.test(login)) {
    const message = 'must be 1 to 64 letters, digits or . _ @ + -';
    throw new IdentityError('user.invalid', `Invalid login: ${message}`, [{ path, code: 'user.invalid', message }]);
  }
}

function checkName(name: string | undefined, path = '/name'): void {
  if (name !== undefined && (name.trim() === '' || name.length > 200)) {
    throw new IdentityError('user.invalid', 'A name must have 1 to 200 characters', [{ path, code: 'user.invalid', message: 'must have 1 to 200 characters' }]);
  }
}

export async function readUser(trx: Trx, id: number): Promise<User> {
  const row = await trx.selectFrom('pipewright.users').select(userColumns).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('user', id);
  return toUser(row);
}

export async function listUsers(db: Kysely<IdentityTables>, filter: UserFilter = {}): Promise<User[]> {
  let query = db.selectFrom('pipewright.users').select(userColumns).orderBy(sql`lower(login)`).orderBy('id');
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  if (filter.departmentId !== undefined) query = query.where('department_id', '=', filter.departmentId);
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    query = query.where('id', 'in', [...filter.ids]);
  }
  if (filter.search) {
    const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb(sql`lower(login)`, 'like', pattern), eb(sql`lower(name)`, 'like', pattern), eb(sql`lower(email)`, 'like', pattern)]));
  }
  const rows = await query.limit(filter.limit ?? 1000).offset(filter.offset ?? 0).execute();
  return rows.map(toUser);
}

export async function insertUser(trx: Trx, input: NewUser): Promise<number> {
  checkLogin(input.login);
  checkName(input.name);
  if (input.password !== undefined) checkPasswordPolicy(input.password, input.login);
  await checkReferences(trx, undefined, input);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const row = await trx
    .insertInto('pipewright.users')
    .values({
      login: input.login,
      name: input.name.trim(),
      email: input.email ?? null,
      phone: input.phone ?? null,
      ...(input.locale ? { locale: input.locale } : {}),
      active: input.active ?? true,
      is_admin: input.isAdmin ?? false,
      department_id: input.departmentId ?? null,
      manager_id: input.managerId ?? null,
      password_hash: passwordHash,
      password_changed_at: passwordHash ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function changeUser(trx: Trx, id: number, changes: UserChanges): Promise<{ deactivated: boolean }> {
  const current = await trx.selectFrom('pipewright.users').select(['id', 'active', 'is_admin']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!current) throw notFound('user', id);
  if (changes.login !== undefined) checkLogin(changes.login);
  checkName(changes.name);
  await checkReferences(trx, id, changes);
  const losesAdmin = current.is_admin && current.active && (changes.isAdmin === false || changes.active === false);
  if (losesAdmin) await checkAnotherAdmin(trx, id);
  const values: Updateable<UsersTable> = {};
  if (changes.login !== undefined) values.login = changes.login;
  if (changes.name !== undefined) values.name = changes.name.trim();
  if (changes.email !== undefined) values.email = changes.email;
  if (changes.phone !== undefined) values.phone = changes.phone;
  if (changes.locale !== undefined) values.locale = changes.locale;
  if (changes.active !== undefined) values.active = changes.active;
  if (changes.isAdmin !== undefined) values.is_admin = changes.isAdmin;
  if (changes.departmentId !== undefined) values.department_id = changes.departmentId;
  if (changes.managerId !== undefined) values.manager_id = changes.managerId;
  await trx.updateTable('pipewright.users').set({ ...values, updated_at: new Date() }).where('id', '=', id).execute();
  return { deactivated: current.active && changes.active === false };
}

/**
 * Sets a new password (admin reset) and forgets the login's failed attempts from every address.
 * The caller revokes the user's sessions.
 */
export async function storePassword(trx: Trx, id: number, password: string): Promise<void> {
  const user = await trx.selectFrom('pipewright.users').select(['login']).where('id', '=', id).executeTakeFirst();
  if (!user) throw notFound('user', id);
  checkPasswordPolicy(password, user.login);
  const now = new Date();
  await trx
    .updateTable('pipewright.users')
    .set({ password_hash: await hashPassword(password), password_changed_at: now, updated_at: now })
    .where('id', '=', id)
    .execute();
  await trx.deleteFrom('pipewright.login_failures').where('login_key', '=', loginKey(user.login)).execute();
}

/** Replaces the user's roles in `app`. */
export async function replaceRoles(trx: Trx, userId: number, app: string, roleKeys: readonly string[]): Promise<void> {
  const user = await trx.selectFrom('pipewright.users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('user', userId);
  await trx.deleteFrom('pipewright.user_roles').where('user_id', '=', userId).where('app', '=', app).execute();
  const unique = [...new Set(roleKeys)];
  if (unique.length > 0) await trx.insertInto('pipewright.user_roles').values(unique.map((role_key) => ({ user_id: userId, app, role_key }))).execute();
}

async function checkReferences(trx: Trx, userId: number | undefined, input: { departmentId?: number | null | undefined; managerId?: number | null | undefined }): Promise<void> {
  if (input.departmentId !== undefined && input.departmentId !== null) {
    const found = await trx.selectFrom('pipewright.departments').select('id').where('id', '=', input.departmentId).executeTakeFirst();
    if (!found) throw invalidReference('/departmentId', `No department ${input.departmentId}`);
  }
  if (input.managerId !== undefined && input.managerId !== null) {
    if (input.managerId === userId) throw new IdentityError('user.managerCycle', 'A user cannot be their own manager', [{ path: '/managerId', code: 'user.managerCycle', message: 'is the user itself' }]);
    const found = await trx.selectFrom('pipewright.users').select('id').where('id', '=', input.managerId).executeTakeFirst();
    if (!found) throw invalidReference('/managerId', `No user ${input.managerId}`);
    if (userId !== undefined) {
      const chain = await sql<{ id: number }>`
        WITH RECURSIVE up (id, manager_id, depth) AS (
          SELECT id, manager_id, 0 FROM pipewright.users WHERE id = ${input.managerId}
          UNION ALL
          SELECT u.id, u.manager_id, up.depth + 1 FROM pipewright.users u JOIN up ON u.id = up.manager_id WHERE up.depth < 10000
        )
        SELECT id FROM up WHERE id = ${userId} LIMIT 1`.execute(trx);
      if (chain.rows.length > 0) {
        throw new IdentityError('user.managerCycle', `User ${input.managerId} reports to user ${userId}: they cannot be their manager`, [
          { path: '/managerId', code: 'user.managerCycle', message: 'reports to this user' },
        ]);
      }
    }
  }
}

async function checkAnotherAdmin(trx: Trx, userId: number): Promise<void> {
  const other = await trx.selectFrom('pipewright.users').select('id').where('is_admin', '=', true).where('active', '=', true).where('id', '<>', userId).limit(1).executeTakeFirst();
  if (!other) throw new IdentityError('user.lastAdmin', 'This is the last active administrator: make another user administrator first');
}
