/**
 * The directory: users, departments, teams and app roles, with the subject of each user and the
 * org chart cached in-process. One per process. Every change runs in one transaction under the
 * organisation lock and announces itself on `pipewright_directory_changed`, so every instance
 * drops its caches; between changes, `subject()` and `orgChart()` cost no SQL round trip.
 *
 * @example
 * const directory = identity.directory;
 * const sales = await directory.createDepartment({ name: '华东销售部' });
 * const rep = await directory.createUser({ login: 'wang.lei', name: '王磊', password: 'correct horse battery', departmentId: sales.id });
 * await directory.setRoles(rep.id, 'crm', ['sales_rep']);
 * const subject = await directory.subject(rep.id); // { userId, departmentTree: [sales.id], rolesByApp: { crm: ['sales_rep'] }, … }
 */
import { sql, type Transaction } from 'kysely';
import type { AppStore } from '../apps/app-store.ts';
import { AppNotFoundError } from '../apps/errors.ts';
import { DatabaseError, type Database } from '../database/index.ts';
import { BoundedCache } from './bounded-cache.ts';
import type { Announce, ChangeFeed, IdentityChange } from './change-feed.ts';
import { changeDepartment, insertDepartment, removeDepartment, type Department, type DepartmentChanges, type NewDepartment } from './departments.ts';
import { IdentityError, notFound } from './errors.ts';
import { identityDb, type IdentityDb, type IdentityTables } from './identity-tables.ts';
import { OrgChart, type DepartmentNode } from './org-chart.ts';
import { revokeUserSessions } from './sessions.ts';
import { freezeSubject, type Subject } from './subject.ts';
import { changeTeam, insertTeam, listTeams, readTeam, removeTeam, type NewTeam, type Team, type TeamChanges } from './teams.ts';
import { changeUser, insertUser, listUsers, readUser, replaceRoles, storePassword, type NewUser, type User, type UserChanges, type UserFilter } from './users.ts';

/** Advisory lock serialising changes to the organisation (users, departments, teams, roles). */
const organisationLock = 7254002;

export interface DirectoryOptions {
  /** When given, role keys are checked against the installed app's roles. */
  apps?: AppStore | undefined;
  /** Most subjects kept (default 50,000). */
  maxSubjects?: number | undefined;
}

export class Directory {
  private readonly db: IdentityDb;
  private readonly org = new BoundedCache<'org', OrgChart>({ maxEntries: 1 });
  private readonly subjects: BoundedCache<number, Subject | null>;
  /** SQL round trips spent on cache misses, for tests and metrics. */
  loads = 0;

  constructor(private readonly database: Database, private readonly feed: ChangeFeed, private readonly options: DirectoryOptions = {}) {
    this.db = identityDb(database);
    this.subjects = new BoundedCache({ maxEntries: options.maxSubjects ?? 50_000 });
    feed.subscribe((change) => {
      if (change === null || change.kind === 'directory') this.invalidate();
    });
  }

  /** Drops every cached subject and the org chart (another instance changed something). */
  invalidate(): void {
    this.org.clear();
    this.subjects.clear();
  }

  /** The organisation as plain data, cached until the next change. */
  orgChart(): Promise<OrgChart> {
    return this.org.load('org', async () => {
      this.loads += 2;
      const departments = await this.db.selectFrom('pipewright.departments').select(['id', 'name', 'code', 'parent_id', 'manager_id', 'position']).execute();
      const users = await this.db.selectFrom('pipewright.users').select(['id', 'department_id', 'manager_id']).execute();
      return new OrgChart(
        departments.map((d) => ({ id: d.id, name: d.name, code: d.code, parentId: d.parent_id, managerId: d.manager_id, position: d.position })),
        users.map((u) => ({ id: u.id, departmentId: u.department_id, managerId: u.manager_id })),
      );
    });
  }

  /**
   * The org chart this instance holds now, without loading: undefined right after a change, until
   * someone calls `orgChart()`. Unlike `orgChart()`, never a snapshot a change has made stale.
   */
  currentOrgChart(): OrgChart | undefined {
    return this.org.get('org');
  }

  /**
   * Who user `userId` is, for permission checks: cached, so a request costs no round trip.
   * Undefined for an unknown user; inactive users come back with `active: false`.
   */
  async subject(userId: number): Promise<Subject | undefined> {
    const subject = await this.subjects.load(userId, async () => {
      const org = await this.orgChart();
      this.loads += 1;
      const { rows } = await sql<{ id: number; login: string; name: string; is_admin: boolean; active: boolean; department_id: number | null; team_ids: number[]; roles: Record<string, string[]> }>`
        SELECT u.id, u.login, u.name, u.is_admin, u.active, u.department_id,
               ARRAY(SELECT m.team_id FROM pipewright.team_members m WHERE m.user_id = u.id ORDER BY m.team_id) AS team_ids,
               COALESCE((SELECT jsonb_object_agg(r.app, r.roles) FROM (
                 SELECT app, jsonb_agg(role_key ORDER BY role_key) AS roles FROM pipewright.user_roles WHERE user_id = u.id GROUP BY app
               ) r), '{}'::jsonb) AS roles
          FROM pipewright.users u WHERE u.id = ${userId}`.execute(this.db);
      const row = rows[0];
      if (!row) return null;
      const departmentId = row.department_id ?? undefined;
      return freezeSubject({
        userId: row.id,
        login: row.login,
        name: row.name,
        isAdmin: row.is_admin,
        active: row.active,
        departmentId,
        departmentTree: departmentId === undefined ? [] : org.departmentTree(departmentId),
        managerChain: org.managerChain(row.id),
        teamIds: row.team_ids.map(Number),
        rolesByApp: row.roles,
      });
    });
    return subject ?? undefined;
  }

  /** `id` and every department below it. */
  async departmentTree(id: number): Promise<readonly number[]> {
    return (await this.orgChart()).departmentTree(id);
  }

  /** The users of these departments, inactive ones included. */
  async usersInDepartments(ids: readonly number[]): Promise<number[]> {
    return (await this.orgChart()).usersInDepartments(ids);
  }

  // ---- users ----

  listUsers(filter: UserFilter = {}): Promise<User[]> {
    return listUsers(this.db, filter);
  }

  async getUser(id: number): Promise<User> {
    return this.db.transaction().execute((trx) => readUser(trx, id));
  }

  /** The id of the user with this login (any letter case), or undefined. */
  async findUserId(login: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('pipewright.users').select('id').where(sql`lower(login)`, '=', login.toLowerCase()).executeTakeFirst();
    return row?.id;
  }

  /** Creates a user; a password is checked against the policy and stored hashed. */
  async createUser(input: NewUser): Promise<User> {
    return this.change(async (trx) => readUser(trx, await insertUser(trx, input)));
  }

  /** Changes a user; deactivating one also ends their sessions. */
  async updateUser(id: number, changes: UserChanges): Promise<User> {
    return this.change(async (trx, announce) => {
      const { deactivated } = await changeUser(trx, id, changes);
      if (deactivated) await revokeUserSessions(trx, announce, id);
      return readUser(trx, id);
    });
  }

  deactivateUser(id: number): Promise<User> {
    return this.updateUser(id, { active: false });
  }

  /** Sets a password as an administrator: clears a lockout and ends every session of the user. */
  async setPassword(id: number, password: string): Promise<void> {
    await this.change(async (trx, announce) => {
      await storePassword(trx, id, password);
      await revokeUserSessions(trx, announce, id);
    });
  }

  /** Replaces the roles of a user in an app (an empty list takes every role away). */
  async setRoles(userId: number, app: string, roleKeys: readonly string[]): Promise<readonly string[]> {
    await this.checkRoles(app, roleKeys);
    await this.change(async (trx) => replaceRoles(trx, userId, app, roleKeys));
    return [...new Set(roleKeys)].sort();
  }

  async grantRole(userId: number, app: string, roleKey: string): Promise<void> {
    const current = (await this.subject(userId))?.rolesByApp[app] ?? [];
    await this.setRoles(userId, app, [...current, roleKey]);
  }

  async revokeRole(userId: number, app: string, roleKey: string): Promise<void> {
    const current = (await this.subject(userId))?.rolesByApp[app] ?? [];
    await this.setRoles(userId, app, current.filter((r) => r !== roleKey));
  }

  // ---- departments ----

  /** Every department as a forest (children by position, then name). */
  async departmentForest(): Promise<DepartmentNode[]> {
    return (await this.orgChart()).forest();
  }

  async getDepartment(id: number): Promise<Department> {
    const department = (await this.orgChart()).department(id);
    if (!department) throw notFound('department', id);
    return department;
  }

  async createDepartment(input: NewDepartment): Promise<Department> {
    const id = await this.change((trx) => insertDepartment(trx, input));
    return this.getDepartment(id);
  }

  /** Renames, moves (`parentId`), sets the manager or the position; moves below itself are refused. */
  async updateDepartment(id: number, changes: DepartmentChanges): Promise<Department> {
    await this.change((trx) => changeDepartment(trx, id, changes));
    return this.getDepartment(id);
  }

  /** Deletes an empty department that no record names (`department.notEmpty` otherwise). */
  async deleteDepartment(id: number): Promise<void> {
    const apps = this.options.apps ? await this.options.apps.installedBundles() : [];
    await this.change((trx) => removeDepartment(trx, id, apps));
  }

  // ---- teams ----

  listTeams(): Promise<Team[]> {
    return listTeams(this.db);
  }

  getTeam(id: number): Promise<Team> {
    return readTeam(this.db, id);
  }

  async createTeam(input: NewTeam): Promise<Team> {
    return this.change(async (trx) => readTeam(trx, await insertTeam(trx, input)));
  }

  async updateTeam(id: number, changes: TeamChanges): Promise<Team> {
    return this.change(async (trx) => {
      await changeTeam(trx, id, changes);
      return readTeam(trx, id);
    });
  }

  async deleteTeam(id: number): Promise<void> {
    await this.change((trx) => removeTeam(trx, id));
  }

  // ---- the shell ----

  /**
   * Runs a change in one transaction under the organisation lock, announces it (and whatever
   * `work` announces) to every instance, and after the commit drops this instance's caches at
   * once. Unique violations become typed errors.
   */
  async change<T>(work: (trx: Transaction<IdentityTables>, announce: Announce) => Promise<T>): Promise<T> {
    const announced: IdentityChange[] = [{ kind: 'directory' }];
    try {
      return await this.db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(${organisationLock})`.execute(trx);
        const value = await work(trx, async (change) => {
          announced.push(change);
          await this.feed.announce(trx, change);
        });
        await this.feed.announce(trx, { kind: 'directory' });
        return value;
      });
    } catch (error) {
      throw uniqueViolation(error) ?? error;
    } finally {
      // Also after a failure: a cache filled while the transaction ran may hold what it rolled back.
      for (const change of announced) this.feed.dispatch(change);
    }
  }

  /**
   * Throws unless `app` is installed and (when the Directory knows the AppStore) defines every
   * role key; `path` names the input the keys came from (`/roles`, or `/role` for one key).
   */
  async checkRoles(app: string, roleKeys: readonly string[], path = '/roles'): Promise<void> {
    if (this.options.apps) {
      const model = await this.options.apps.model(app);
      const known = new Set((model.bundle.roles ?? []).map((r) => r.key));
      const index = roleKeys.findIndex((r) => !known.has(r));
      if (index >= 0) {
        const message = `"${roleKeys[index]}" is not a role of the app "${app}"`;
        throw new IdentityError('role.unknown', message, [{ path: path === '/roles' ? `/roles/${index}` : path, code: 'role.unknown', message: 'is not a role of the app' }]);
      }
      return;
    }
    const { rows } = await this.database.executeSql('SELECT 1 FROM pipewright.apps WHERE key = $1', [app]);
    if (rows.length === 0) throw new AppNotFoundError(app);
  }
}

const uniqueConstraints: Readonly<Record<string, { code: string; path: string; message: string }>> = {
  users_login_key: { code: 'user.loginTaken', path: '/login', message: 'is used by another user' },
  departments_code_key: { code: 'department.codeTaken', path: '/code', message: 'is used by another department' },
  teams_code_key: { code: 'team.codeTaken', path: '/code', message: 'is used by another team' },
};

function uniqueViolation(error: unknown): IdentityError | undefined {
  if (!(error instanceof DatabaseError) || error.condition !== 'unique_violation' || !error.constraint) return undefined;
  const known = uniqueConstraints[error.constraint];
  if (!known) return undefined;
  return new IdentityError(known.code, `The ${known.path.slice(1)} ${known.message}`, [{ path: known.path, code: known.code, message: known.message }]);
}
