import type { AppBundle } from '@pipewright/metadata';
import { directoryFromAssignments, RecordValidationError, type Subject } from '@pipewright/engines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import { addPeople, openTestRuntime } from '../testing/runtime-fixture.ts';
import { PermissionDeniedError } from './permission-error.ts';

const l = (en: string) => ({ 'zh-CN': en, en });
const bundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'acl', name: l('ACL'), version: '1.0.0' },
  entities: [
    {
      key: 'account',
      label: l('Account'),
      version: 1,
      fields: [
        { key: 'name', label: l('Name'), type: 'text' },
        { key: 'deals', label: l('Deals'), type: 'relation', kind: 'oneToMany', target: 'deal', inverse: 'account' },
      ],
    },
    {
      key: 'deal',
      label: l('Deal'),
      version: 1,
      fields: [
        { key: 'name', label: l('Name'), type: 'text' },
        { key: 'amount', label: l('Amount'), type: 'number' },
        { key: 'margin', label: l('Margin'), type: 'number' },
        { key: 'account', label: l('Account'), type: 'relation', kind: 'manyToOne', target: 'account' },
        { key: 'source', label: l('Source'), type: 'text', readOnly: true },
        { key: 'technician', label: l('Technician'), type: 'user' },
        { key: 'team', label: l('Team'), type: 'department' },
        {
          key: 'lines',
          label: l('Lines'),
          type: 'lineItems',
          fields: [
            { key: 'qty', label: l('Qty'), type: 'number' },
            { key: 'inspector', label: l('Inspector'), type: 'user' },
          ],
        },
      ],
    },
  ],
  roles: [
    {
      key: 'rep',
      label: l('Rep'),
      version: 1,
      permissions: [
        { entity: 'deal', actions: { create: 'own', read: 'own', update: 'own', delete: 'own', share: 'own' }, fields: { margin: 'hidden', amount: 'readOnly' } },
        { entity: 'account', actions: { read: 'own', create: 'own' }, fields: { deals: 'hidden' } },
      ],
    },
    {
      key: 'manager',
      label: l('Manager'),
      version: 1,
      permissions: [{ entity: 'deal', actions: { read: 'departmentTree', update: 'departmentTree', transfer: 'departmentTree', share: 'departmentTree' } }, { entity: 'account', actions: { read: 'departmentTree' } }],
    },
    // Edits only small deals: a change may not make a deal large.
    { key: 'capped', label: l('Capped'), version: 1, permissions: [{ entity: 'deal', actions: { read: 'all', update: { filter: { field: 'amount', op: 'lt', value: 1000 } } } }] },
    // May hand their own deals to anyone, but not share them.
    { key: 'giver', label: l('Giver'), version: 1, permissions: [{ entity: 'deal', actions: { read: 'own', update: 'own', transfer: 'all' } }] },
  ],
};

// Departments: 10 (sales) > 11 (east). Users: 1 admin, 2 manager of sales, 3 and 4 reps in east.
const departmentOf = new Map([[2, 10], [3, 11], [4, 11]]);
const subject = (userId: number, roleKeys: string[]): Subject => ({
  userId,
  departmentId: departmentOf.get(userId),
  departmentTree: departmentOf.get(userId) === 10 ? [10, 11] : departmentOf.get(userId) === 11 ? [11] : [],
  roleKeys,
});
const actor = (userId: number, roles: string[]) => ({ userId, permissions: { subject: subject(userId, roles) } });
const manager = actor(2, ['manager']);
const rep = actor(3, ['rep']);
const otherRep = actor(4, ['rep']);
const admin = { userId: 1 };

let runtime: Runtime;
beforeAll(async () => {
  runtime = await openTestRuntime(bundle);
  runtime.policy.useDirectory(directoryFromAssignments(departmentOf));
  // Users 1–7 and 9 exist, 8 has left; departments 10 and 11 exist.
  await addPeople(runtime, { users: [1, 2, 3, 4, 5, 6, 7, 9], inactive: [8], departments: [10, 11] });
});
afterAll(() => runtime.close());

describe('permissions on writes', () => {
  it('lets a rep create only records they own, and not write read-only or hidden fields', async () => {
    const mine = await runtime.records.create('acl', 'deal', { name: 'mine' }, rep);
    expect(mine.owner_id).toBe(3);
    expect(mine).not.toHaveProperty('margin');
    await expect(runtime.records.create('acl', 'deal', { name: 'for someone else', owner_id: 4 }, rep)).rejects.toBeInstanceOf(PermissionDeniedError);
    const hidden = await runtime.records.create('acl', 'deal', { name: 'x', margin: 5 }, rep).catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(PermissionDeniedError);
    expect((hidden as PermissionDeniedError).problems[0]!.path).toBe('/margin');
    await expect(runtime.records.update('acl', 'deal', mine.id as number, { amount: 10 }, rep)).rejects.toBeInstanceOf(PermissionDeniedError);
    expect((await runtime.records.update('acl', 'deal', mine.id as number, { name: 'renamed' }, rep)).name).toBe('renamed');
  });

  it("treats another rep's record as not found, for reads and writes alike", async () => {
    const theirs = await runtime.records.create('acl', 'deal', { name: 'theirs' }, otherRep);
    const id = theirs.id as number;
    await expect(runtime.records.get('acl', 'deal', id, {}, rep)).rejects.toMatchObject({ code: 'record.notFound' });
    await expect(runtime.records.update('acl', 'deal', id, { name: 'mine now' }, rep)).rejects.toMatchObject({ code: 'record.notFound' });
    await expect(runtime.records.delete('acl', 'deal', [id], rep)).rejects.toMatchObject({ code: 'record.notFound' });
    await expect(runtime.records.history('acl', 'deal', id, rep)).rejects.toMatchObject({ code: 'record.notFound' });
  });

  it('refuses to attach a record the actor cannot see, exactly as a missing one', async () => {
    const hiddenAccount = await runtime.records.create('acl', 'account', { name: 'Hidden' }, actor(4, ['rep']));
    const invisible = await runtime.records.create('acl', 'deal', { name: 'attach', account: hiddenAccount.id }, rep).catch((e: unknown) => e);
    const missing = await runtime.records.create('acl', 'deal', { name: 'attach', account: 987654 }, rep).catch((e: unknown) => e);
    expect(invisible).toBeInstanceOf(RecordValidationError);
    expect(missing).toBeInstanceOf(RecordValidationError);
    expect((invisible as RecordValidationError).problems).toEqual((missing as RecordValidationError).problems);
  });

  it('refuses the related list behind a hidden relation field', async () => {
    const account = await runtime.records.create('acl', 'account', { name: 'Mine' }, rep);
    await expect(runtime.records.related('acl', 'account', account.id as number, 'deals', {}, rep)).rejects.toMatchObject({ code: 'permission.denied', problems: [{ code: 'permission.fieldHidden' }] });
    expect((await runtime.records.related('acl', 'account', account.id as number, 'deals', {}, { userId: 1 })).items).toEqual([]);
  });

  it('refuses filters and sorts on hidden fields', async () => {
    await expect(runtime.records.list('acl', 'deal', { filter: { field: 'margin', op: 'gt', value: 0 } }, rep)).rejects.toMatchObject({ code: 'permission.denied' });
    await expect(runtime.records.list('acl', 'deal', { sort: [{ field: 'margin' }] }, rep)).rejects.toMatchObject({ code: 'permission.denied' });
    await expect(runtime.records.list('acl', 'deal', { fields: ['margin'] }, rep)).rejects.toMatchObject({ code: 'permission.denied' });
  });

  it('lets a manager see and edit the records of the reps below', async () => {
    const deal = await runtime.records.create('acl', 'deal', { name: 'east deal' }, otherRep);
    const seen = await runtime.records.list('acl', 'deal', { filter: { field: 'id', op: 'eq', value: deal.id as number } }, manager);
    expect(seen.items).toHaveLength(1);
    expect((await runtime.records.update('acl', 'deal', deal.id as number, { amount: 99 }, manager)).amount).toBe(99);
    await expect(runtime.records.delete('acl', 'deal', [deal.id as number], manager)).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it('shares a record for reading or editing, and stops sharing it', async () => {
    const deal = await runtime.records.create('acl', 'deal', { name: 'shared' }, otherRep);
    const id = deal.id as number;
    await expect(runtime.records.share('acl', 'deal', id, { userId: 3, access: 'read' }, rep)).rejects.toMatchObject({ code: 'record.notFound' });
    await runtime.records.share('acl', 'deal', id, { userId: 3, access: 'read' }, otherRep);
    expect((await runtime.records.get('acl', 'deal', id, {}, rep)).name).toBe('shared');
    await expect(runtime.records.update('acl', 'deal', id, { name: 'edited' }, rep)).rejects.toBeInstanceOf(PermissionDeniedError);
    await runtime.records.share('acl', 'deal', id, { userId: 3, access: 'edit' }, otherRep);
    expect((await runtime.records.update('acl', 'deal', id, { name: 'edited' }, rep)).name).toBe('edited');
    expect(await runtime.records.shares('acl', 'deal', id, otherRep)).toEqual([{ userId: 3, departmentId: null, access: 'edit' }]);
    await runtime.records.unshare('acl', 'deal', id, { userId: 3 }, otherRep);
    await expect(runtime.records.get('acl', 'deal', id, {}, rep)).rejects.toMatchObject({ code: 'record.notFound' });
  });

  it("transfers a leaving rep's records to another rep in one step, keeping history", async () => {
    const leaving = actor(5, ['rep']);
    const a = await runtime.records.create('acl', 'deal', { name: 'leaver 1' }, leaving);
    await runtime.records.create('acl', 'deal', { name: 'leaver 2' }, leaving);
    await runtime.records.create('acl', 'account', { name: 'leaver account' }, leaving);
    await expect(runtime.records.transferOwnership('acl', 5, 3, rep)).rejects.toBeInstanceOf(PermissionDeniedError);
    const moved = await runtime.records.transferOwnership('acl', 5, 3, admin);
    expect(moved).toEqual({ account: 1, deal: 2 });
    const now = await runtime.records.get('acl', 'deal', a.id as number, {}, rep);
    expect(now.owner_id).toBe(3);
    const history = await runtime.records.history('acl', 'deal', a.id as number, rep);
    expect(history.map((h) => h.action)).toEqual(['transfer', 'create']);
    expect(history[0]!.changes).toEqual({ owner_id: { from: 5, to: 3 } });
    expect(history[1]!.changes.owner_id).toEqual({ to: 5 });
  });
});

describe('changing a record so that it leaves the reach of the actor', () => {
  const stored = async (id: number) => runtime.records.get('acl', 'deal', id, {}, { userId: 1 });

  it('refuses a rep giving their record to another user: the owner needs the transfer permission', async () => {
    const deal = await runtime.records.create('acl', 'deal', { name: 'keep me' }, rep);
    const refused = await runtime.records.update('acl', 'deal', deal.id as number, { owner_id: 4 }, rep).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermissionDeniedError);
    expect((refused as PermissionDeniedError).problems).toEqual([expect.objectContaining({ path: '/owner_id', code: 'permission.transferDenied' })]);
    expect((await stored(deal.id as number)).owner_id).toBe(3);
  });

  it('checks the record after the change against the update scope, and rolls the change back', async () => {
    const deal = await runtime.records.create('acl', 'deal', { name: 'small', amount: 10 }, { userId: 1 });
    const capped = actor(6, ['capped']);
    expect((await runtime.records.update('acl', 'deal', deal.id as number, { amount: 500 }, capped)).amount).toBe(500);
    await expect(runtime.records.update('acl', 'deal', deal.id as number, { amount: 5000, name: 'large' }, capped)).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(await stored(deal.id as number)).toMatchObject({ amount: 500, name: 'small' });
    expect((await runtime.records.history('acl', 'deal', deal.id as number)).map((h) => h.action)).toEqual(['update', 'create']);
  });

  it('lets a manager move records within their department tree, not out of it', async () => {
    const deal = await runtime.records.create('acl', 'deal', { name: 'east' }, rep);
    expect((await runtime.records.update('acl', 'deal', deal.id as number, { owner_id: 4 }, manager)).owner_id).toBe(4);
    const out = await runtime.records.update('acl', 'deal', deal.id as number, { owner_id: 9 }, manager).catch((e: unknown) => e);
    expect(out).toBeInstanceOf(PermissionDeniedError);
    expect((out as PermissionDeniedError).problems[0]).toMatchObject({ path: '/owner_id', code: 'permission.transferDenied' });
    expect((await stored(deal.id as number)).owner_id).toBe(4);
  });

  it('lets a role with transfer on all hand its own records to anyone', async () => {
    const giver = actor(7, ['giver']);
    const deal = await runtime.records.create('acl', 'deal', { name: 'given' }, { userId: 1, permissions: undefined });
    await runtime.records.transferOwnership('acl', 1, 7, { userId: 1 }, ['deal']);
    expect((await runtime.records.update('acl', 'deal', deal.id as number, { owner_id: 9 }, giver)).owner_id).toBe(9);
    await expect(runtime.records.update('acl', 'deal', deal.id as number, { owner_id: 7 }, giver)).rejects.toMatchObject({ code: 'record.notFound' });
  });

  it('applies the same rule to bulk transfers and shares', async () => {
    const leaver = actor(5, ['rep']);
    await runtime.records.create('acl', 'deal', { name: 'bulk' }, leaver);
    const managerOf5 = { userId: 2, permissions: { subject: { userId: 2, departmentId: 10, departmentTree: [10, 11], roleKeys: ['manager'] } } };
    // User 5 is in no department: outside the manager's tree, so nothing of theirs moves.
    await expect(runtime.records.transferOwnership('acl', 5, 4, managerOf5, ['deal'])).rejects.toBeInstanceOf(PermissionDeniedError);
    const east = await runtime.records.create('acl', 'deal', { name: 'bulk east' }, otherRep);
    await expect(runtime.records.transferOwnership('acl', 4, 9, manager, ['deal'])).rejects.toBeInstanceOf(PermissionDeniedError);
    expect((await stored(east.id as number)).owner_id).toBe(4);
    expect(await runtime.records.transferOwnership('acl', 4, 3, manager, ['deal'])).toEqual({ deal: expect.any(Number) });
    expect((await stored(east.id as number)).owner_id).toBe(3);
    // Sharing needs the share permission: the giver may transfer but not share.
    const given = await runtime.records.create('acl', 'deal', { name: 'not shared' }, { userId: 1 });
    await runtime.records.transferOwnership('acl', 1, 7, { userId: 1 }, ['deal']);
    await expect(runtime.records.share('acl', 'deal', given.id as number, { userId: 3, access: 'read' }, actor(7, ['giver']))).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

describe('fields marked read-only in the entity', () => {
  it('refuses them from a rep on create and update, naming the path; admins and trusted callers may write them', async () => {
    const refused = await runtime.records.create('acl', 'deal', { name: 'x', source: 'web' }, rep).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermissionDeniedError);
    expect((refused as PermissionDeniedError).problems).toEqual([expect.objectContaining({ path: '/source', code: 'permission.fieldReadOnly' })]);
    const deal = await runtime.records.create('acl', 'deal', { name: 'x', source: 'import' }, { userId: 1 });
    await runtime.records.transferOwnership('acl', 1, 3, { userId: 1 }, ['deal']);
    await expect(runtime.records.update('acl', 'deal', deal.id as number, { source: 'web' }, rep)).rejects.toMatchObject({ problems: [expect.objectContaining({ path: '/source' })] });
    expect((await runtime.records.update('acl', 'deal', deal.id as number, { source: 'import', name: 'y' }, rep)).name).toBe('y');
    const admin = { userId: 1, permissions: { subject: { userId: 1, departmentTree: [], roleKeys: [], isAdmin: true } } };
    expect((await runtime.records.update('acl', 'deal', deal.id as number, { source: 'web' }, admin)).source).toBe('web');
  });
});

describe('users and departments a write names must exist', () => {
  const admin = { userId: 1, permissions: { subject: { userId: 1, departmentTree: [], roleKeys: [], isAdmin: true } } };
  const problemsOf = async (write: Promise<unknown>) => {
    const error = await write.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordValidationError);
    return (error as RecordValidationError).problems.map((p) => `${p.path} ${p.code}`);
  };

  it('refuses unknown users and departments in fields, line items and the owner, one path each', async () => {
    const body = { name: 'ghosts', owner_id: 999, technician: 998, team: 777, lines: [{ qty: 1, inspector: 3 }, { qty: 2 }, { qty: 3, inspector: 997 }] };
    expect(await problemsOf(runtime.records.create('acl', 'deal', body, admin))).toEqual([
      '/owner_id record.unknownUser',
      '/technician record.unknownUser',
      '/lines/2/inspector record.unknownUser',
      '/team record.unknownDepartment',
    ]);
    expect(await problemsOf(runtime.records.createMany('acl', 'deal', [{ name: 'ok' }, { name: 'bad', technician: 996 }], admin))).toEqual(['/1/technician record.unknownUser']);
  });

  it('refuses assigning a user who has left, but keeps one already assigned', async () => {
    expect(await problemsOf(runtime.records.create('acl', 'deal', { name: 'leaver', technician: 8 }, rep))).toEqual(['/technician record.inactiveUser']);
    const deal = await runtime.records.create('acl', 'deal', { name: 'leaver', technician: 8, team: 11 }, { userId: 1 });
    expect((await runtime.records.update('acl', 'deal', deal.id as number, { technician: 8, name: 'renamed' }, admin)).name).toBe('renamed');
    expect(await problemsOf(runtime.records.update('acl', 'deal', deal.id as number, { owner_id: 8 }, admin))).toEqual(['/owner_id record.inactiveUser']);
  });

  it('refuses share and transfer targets that do not exist or have left', async () => {
    const deal = await runtime.records.create('acl', 'deal', { name: 'share me' }, rep);
    expect(await problemsOf(runtime.records.share('acl', 'deal', deal.id as number, { userId: 999, access: 'read' }, rep))).toEqual(['/userId record.unknownUser']);
    expect(await problemsOf(runtime.records.share('acl', 'deal', deal.id as number, { userId: 8, access: 'read' }, rep))).toEqual(['/userId record.inactiveUser']);
    expect(await problemsOf(runtime.records.share('acl', 'deal', deal.id as number, { departmentId: 777, access: 'read' }, rep))).toEqual(['/departmentId record.unknownDepartment']);
    expect(await problemsOf(runtime.records.transferOwnership('acl', 3, 999, admin))).toEqual(['/toUserId record.unknownUser']);
  });
});
