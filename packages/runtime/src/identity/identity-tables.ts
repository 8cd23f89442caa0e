/**
 * The identity tables of the `pipewright` schema as kysely sees them (created by the platform
 * migration `0002-identity`). `bigint` ids arrive as numbers, `timestamptz` as `Date`.
 *
 * @example
 * const db = identityDb(database);
 * const user = await db.selectFrom('pipewright.users').select(['id', 'login']).where('id', '=', 7).executeTakeFirst();
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Database } from '../database/index.ts';

type Timestamp = ColumnType<Date, Date | undefined, Date>;
type NullableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;

export interface UsersTable {
  id: Generated<number>;
  login: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: Generated<string>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  password_hash: string | null;
  password_changed_at: NullableTimestamp;
  is_admin: Generated<boolean>;
  manager_id: number | null;
  department_id: number | null;
}

export interface DepartmentsTable {
  id: Generated<number>;
  name: string;
  code: string | null;
  parent_id: number | null;
  manager_id: number | null;
  position: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TeamsTable {
  id: Generated<number>;
  name: string;
  code: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TeamMembersTable {
  team_id: number;
  user_id: number;
}

export interface SessionsTable {
  /** sha256 of the token, hex: the token itself is never stored. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
  revoked_at: NullableTimestamp;
  user_agent: string | null;
  ip: string | null;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  prefix: string;
  /** sha256 of the whole key, hex. */
  secret_hash: string;
  app: string;
  role_key: string;
  created_by: number;
  created_at: Timestamp;
  expires_at: Date | null;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

/** Failed logins of one login (lower case, known or not) from one address (IPv6: its /64). */
export interface LoginFailuresTable {
  login_key: string;
  address: string;
  /** Failures in a row; a success deletes the row. */
  failures: number;
  last_failure_at: Date;
  /** No attempt from this address for this login is checked before then. */
  next_attempt_at: Date;
}

/** Failed logins from one address in its current window, whatever the login. */
export interface LoginAddressesTable {
  address: string;
  window_start: Date;
  failures: number;
}

export interface UserRolesTable {
  user_id: number;
  app: string;
  role_key: string;
}

export interface IdentityTables {
  'pipewright.users': UsersTable;
  'pipewright.departments': DepartmentsTable;
  'pipewright.teams': TeamsTable;
  'pipewright.team_members': TeamMembersTable;
  'pipewright.sessions': SessionsTable;
  'pipewright.api_keys': ApiKeysTable;
  'pipewright.user_roles': UserRolesTable;
  'pipewright.login_failures': LoginFailuresTable;
  'pipewright.login_addresses': LoginAddressesTable;
}

export type IdentityDb = Kysely<IdentityTables>;

/** The database's query builder typed for the identity tables. */
export function identityDb(database: Database): IdentityDb {
  return database.db as unknown as IdentityDb;
}
