import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { goodPassword, openIdentityFixture, type IdentityFixture } from './identity.fixture.ts';
import type { Directory } from './directory.ts';

let fixture: IdentityFixture;
let directory: Directory;

beforeAll(async () => {
  fixture = await openIdentityFixture();
  directory = fixture.identity.directory;
});
afterAll(() => fixture.close());

/** Counts the SQL statements kysely sends while `work` runs. */
async function countQueries(work: () => Promise<unknown>): Promise<number> {
  const executor = fixture.runtime.database.db.getExecutor();
  const spy = vi.spyOn(executor, 'executeQuery');
  try {
    await work();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe('Directory', () => {
  it('builds subjects with the department tree, manager chain, teams and roles', async () => {
    const head = await directory.createDepartment({ name: '销售中心', code: 'SALES' });
    const east = await directory.createDepartment({ name: '华东销售部', parentId: head.id });
    const shanghai = await directory.createDepartment({ name: '上海组', parentId: east.id });
    const director = await directory.createUser({ login: 'zhao.min', name: '赵敏', departmentId: head.id });
    await directory.updateDepartment(head.id, { managerId: director.id });
    const manager = await directory.createUser({ login: 'li.na', name: '李娜', departmentId: east.id });
    await directory.updateDepartment(east.id, { managerId: manager.id });
    const rep = await directory.createUser({ login: 'wang.lei', name: '王磊', password: goodPassword, departmentId: shanghai.id, email: 'wang.lei@example.cn' });
    const team = await directory.createTeam({ name: '大客户组', memberIds: [rep.id, manager.id] });
    expect(await directory.setRoles(rep.id, 'sales', ['sales_rep', 'sales_rep'])).toEqual(['sales_rep']);

    expect(rep).toMatchObject({ login: 'wang.lei', hasPassword: true, isAdmin: false, active: true, departmentId: shanghai.id });
    expect(JSON.stringify(rep)).not.toMatch(/argon2/);
    expect(await directory.subject(rep.id)).toEqual({
      userId: rep.id,
      login: 'wang.lei',
      name: '王磊',
      isAdmin: false,
      active: true,
      departmentId: shanghai.id,
      departmentTree: [shanghai.id],
      managerChain: [manager.id, director.id],
      teamIds: [team.id],
      rolesByApp: { sales: ['sales_rep'] },
    });
    expect((await directory.subject(manager.id))?.departmentTree).toEqual([east.id, shanghai.id]);
    expect((await directory.subject(director.id))?.departmentTree).toEqual([head.id, east.id, shanghai.id]);
    expect((await directory.usersInDepartments([east.id, shanghai.id])).sort()).toEqual([manager.id, rep.id].sort());
    expect(await directory.subject(99_999)).toBeUndefined();
  });

  it('answers a cached subject and the org chart without any SQL', async () => {
    const user = await directory.createUser({ login: 'cache.me', name: 'Cache' });
    await directory.subject(user.id);
    await directory.orgChart();
    expect(await countQueries(async () => {
      for (let i = 0; i < 100; i++) await directory.subject(user.id);
      await directory.usersInDepartments([1, 2, 3]);
      await directory.departmentTree(1);
    })).toBe(0);
    // A change drops the cache: the next read goes to the database again.
    await directory.updateUser(user.id, { name: 'Cached again' });
    expect(await countQueries(() => directory.subject(user.id))).toBeGreaterThan(0);
    expect((await directory.subject(user.id))?.name).toBe('Cached again');
  });

  it('gives every request the same frozen subject', async () => {
    const user = await directory.createUser({ login: 'frozen', name: 'Frozen' });
    const subject = await directory.subject(user.id);
    expect(Object.isFrozen(subject)).toBe(true);
    expect(() => (subject!.departmentTree as number[]).push(1)).toThrow();
  });

  it('refuses moving a department below itself or its descendants', async () => {
    const a = await directory.createDepartment({ name: 'A' });
    const b = await directory.createDepartment({ name: 'B', parentId: a.id });
    const c = await directory.createDepartment({ name: 'C', parentId: b.id });
    await expect(directory.updateDepartment(a.id, { parentId: c.id })).rejects.toMatchObject({ code: 'department.cycle', problems: [{ path: '/parentId' }] });
    await expect(directory.updateDepartment(a.id, { parentId: a.id })).rejects.toMatchObject({ code: 'department.cycle' });
    await expect(directory.updateDepartment(b.id, { parentId: 12_345 })).rejects.toMatchObject({ code: 'identity.invalidReference', problems: [{ path: '/parentId' }] });
    // Moving sideways is fine, and the trees follow.
    await directory.updateDepartment(c.id, { parentId: a.id });
    expect(await directory.departmentTree(a.id)).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    expect(await directory.departmentTree(b.id)).toEqual([b.id]);
  });

  it('deletes only empty departments', async () => {
    const parent = await directory.createDepartment({ name: 'Parent' });
    const child = await directory.createDepartment({ name: 'Child', parentId: parent.id });
    const member = await directory.createUser({ login: 'member', name: 'Member', departmentId: child.id });
    await expect(directory.deleteDepartment(parent.id)).rejects.toMatchObject({ code: 'department.notEmpty' });
    await expect(directory.deleteDepartment(child.id)).rejects.toMatchObject({ code: 'department.notEmpty' });
    await directory.updateUser(member.id, { departmentId: null });
    await directory.deleteDepartment(child.id);
    await directory.deleteDepartment(parent.id);
    await expect(directory.getDepartment(parent.id)).rejects.toMatchObject({ code: 'department.notFound' });
  });

  it('refuses a taken login or code, whatever the letter case', async () => {
    await directory.createUser({ login: 'Zhang.Wei', name: '张伟' });
    await expect(directory.createUser({ login: 'zhang.wei', name: '张伟 2' })).rejects.toMatchObject({ code: 'user.loginTaken', problems: [{ path: '/login' }] });
    await directory.createDepartment({ name: 'X', code: 'DUP' });
    await expect(directory.createDepartment({ name: 'Y', code: 'DUP' })).rejects.toMatchObject({ code: 'department.codeTaken' });
    expect(await directory.findUserId('ZHANG.WEI')).toBeGreaterThan(0);
  });

  it('refuses weak passwords and malformed logins with the path of the input', async () => {
    await expect(directory.createUser({ login: 'weak.one', name: 'Weak', password: 'weak.one' })).rejects.toMatchObject({ code: 'password.tooWeak', problems: [{ path: '/password' }] });
    await expect(directory.createUser({ login: 'has space', name: 'Bad' })).rejects.toMatchObject({ code: 'user.invalid', problems: [{ path: '/login' }] });
    expect(await directory.findUserId('weak.one')).toBeUndefined();
  });

  it('refuses manager cycles', async () => {
    const a = await directory.createUser({ login: 'boss.a', name: 'A' });
    const b = await directory.createUser({ login: 'boss.b', name: 'B', managerId: a.id });
    await expect(directory.updateUser(a.id, { managerId: b.id })).rejects.toMatchObject({ code: 'user.managerCycle', problems: [{ path: '/managerId' }] });
    await expect(directory.updateUser(a.id, { managerId: a.id })).rejects.toMatchObject({ code: 'user.managerCycle' });
  });

  it('checks role keys against the app and refuses apps that are not installed', async () => {
    const user = await directory.createUser({ login: 'roles', name: 'Roles' });
    await expect(directory.setRoles(user.id, 'sales', ['sales_rep', 'pope'])).rejects.toMatchObject({ code: 'role.unknown', problems: [{ path: '/roles/1' }] });
    await expect(directory.setRoles(user.id, 'nope', ['sales_rep'])).rejects.toMatchObject({ code: 'app.notFound' });
    await directory.grantRole(user.id, 'sales', 'sales_manager');
    await directory.grantRole(user.id, 'sales', 'sales_rep');
    expect((await directory.subject(user.id))?.rolesByApp).toEqual({ sales: ['sales_manager', 'sales_rep'] });
    await directory.revokeRole(user.id, 'sales', 'sales_manager');
    expect((await directory.subject(user.id))?.rolesByApp).toEqual({ sales: ['sales_rep'] });
  });

  it('keeps one active administrator at least', async () => {
    const admin = await fixture.identity.ensureAdmin({ password: 'first admin password' });
    await expect(directory.updateUser(admin.userId, { isAdmin: false })).rejects.toMatchObject({ code: 'user.lastAdmin' });
    await expect(directory.deactivateUser(admin.userId)).rejects.toMatchObject({ code: 'user.lastAdmin' });
    const second = await directory.createUser({ login: 'second.admin', name: 'Second', isAdmin: true });
    await directory.updateUser(admin.userId, { isAdmin: false });
    expect((await directory.subject(admin.userId))?.isAdmin).toBe(false);
    await directory.updateUser(admin.userId, { isAdmin: true });
    await directory.updateUser(second.id, { active: false });
  });

  it('edits teams and their members', async () => {
    const a = await directory.createUser({ login: 'team.a', name: 'A' });
    const team = await directory.createTeam({ name: '投标组', code: 'BID' });
    expect((await directory.updateTeam(team.id, { memberIds: [a.id] })).memberIds).toEqual([a.id]);
    expect((await directory.subject(a.id))?.teamIds).toEqual([team.id]);
    await expect(directory.updateTeam(team.id, { memberIds: [a.id, 424_242] })).rejects.toMatchObject({ code: 'identity.invalidReference', problems: [{ path: '/memberIds/1' }] });
    await directory.deleteTeam(team.id);
    expect((await directory.subject(a.id))?.teamIds).toEqual([]);
    await expect(directory.deleteTeam(team.id)).rejects.toMatchObject({ code: 'team.notFound' });
  });
});

describe('ensureAdmin', () => {
  it('creates the administrator once, with a generated password shown only that time', async () => {
    const other = await openIdentityFixture();
    try {
      const first = await other.identity.ensureAdmin();
      expect(first.created).toBe(true);
      expect(first.generatedPassword).toMatch(/^[A-Za-z2-9]{20}$/);
      const again = await other.identity.ensureAdmin();
      expect(again).toEqual({ userId: first.userId, created: false });
      const { user } = await other.identity.sessions.login('admin', first.generatedPassword!);
      expect(user).toMatchObject({ login: 'admin', isAdmin: true });
    } finally {
      await other.close();
    }
  });

  it('takes PIPEWRIGHT_ADMIN_PASSWORD when given, and refuses a weak one', async () => {
    const other = await openIdentityFixture();
    try {
      await expect(other.identity.ensureAdmin({ password: 'admin' })).rejects.toMatchObject({ code: 'password.tooWeak' });
      // The placeholder admin of earlier versions (no password) gets the password.
      await other.runtime.database.executeSql(`INSERT INTO pipewright.users (login, name) VALUES ('admin', 'Old admin')`);
      const result = await other.identity.ensureAdmin({ password: 'given admin password' });
      expect(result).toMatchObject({ created: true, generatedPassword: undefined });
      expect((await other.identity.sessions.login('admin', 'given admin password')).user.isAdmin).toBe(true);
    } finally {
      await other.close();
    }
  });
});
