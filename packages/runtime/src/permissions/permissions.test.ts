import type { AppBundle } from '@pipewright/metadata';
import { directoryFromAssignments, RecordValidationError, type Subject } from '@pipewright/engines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import { openTestRuntime } from '../testing/runtime-fixture.ts';
import { PermissionDeniedError } from './permission-error.ts';

const l = (en: string) => ({ 'zh-CN': en, en });
const bundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'acl', name: l('ACL'), version: '1.0.0' },
  entities: [
    { key: 'account', label: l('Account'), version: 1, fields: [{ key: 'name', label: l('Name'), type: 'text' }] },
    {
      key: 'deal',
      label: l('Deal'),
      version: 1,
      fields: [
        { key: 'name', label: l('Name'), type: 'text' },
        { key: 'amount', label: l('Amount'), type: 'number' },
        { key: 'margin', label: l('Margin'), type: 'number' },
        { key: 'account', label: l('Account'), type: 'relation', kind: 'manyToOne', target: 'account' },
      ],
    },
  ],
  roles: [
    {
      key: 'rep',
      label: l('Rep'),
      version: 1,
      permissions: [
        { entity: 'deal', actions: { create: 'own', read: 'own', update: 'own', delete: 'own' }, fields: { margin: 'hidden', amount: 'readOnly' } },
        { entity: 'account', actions: { read: 'own', create: 'own' } },
      ],
    },
    { key: 'manager', label: l('Manager'), version: 1, permissions: [{ entity: 'deal', actions: { read: 'departmentTree', update: 'departmentTree' } }, { entity: 'account', actions: { read: 'departmentTree' } }] },
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
