import { Catalog, type Role } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { PipewrightError } from '../errors.ts';
import { matchesFilter } from '../filter/evaluate.ts';
import { compileAccess } from './access.ts';
import { catalog, context, role, user, visible } from './permissions.fixture.ts';
import { scopeWithShares, sharesAt } from './shares.ts';

const read = (roles: Role[], subject = user(20, ...roles.map((r) => r.key)), action: 'read' | 'update' | 'delete' = 'read') =>
  compileAccess(roles, catalog, subject, 'opportunity', action, context);

describe('compileAccess: data scopes', () => {
  it('denies everything when no role grants the action', () => {
    const access = read([role('viewer', 'account', { read: 'all' })]);
    expect(access.allowed).toBe(false);
    expect(access.scope).toEqual({ kind: 'constant', value: false });
    expect(access.includeShared).toBe(false);
  });

  it('treats an explicit none like no grant', () => {
    expect(read([role('r', 'opportunity', { read: 'none', update: 'all' })]).allowed).toBe(false);
  });

  it('ignores roles the user does not hold', () => {
    const access = read([role('director', 'opportunity', { read: 'all' })], user(20, 'sales_rep'));
    expect(access.allowed).toBe(false);
  });

  it('own: the records the user owns', () => {
    expect(visible(read([role('rep', 'opportunity', { read: 'own' })]).scope)).toEqual([20]);
  });

  it('department: records owned by anyone in the user’s own department only', () => {
    expect(visible(read([role('m', 'opportunity', { read: 'department' })], user(30, 'm')).scope)).toEqual([30, 31]);
    expect(visible(read([role('m', 'opportunity', { read: 'department' })]).scope)).toEqual([20]);
  });

  it('departmentTree: records owned in the user’s department and all below it, as one owner_id IN list', () => {
    const access = read([role('m', 'opportunity', { read: 'departmentTree' })]);
    expect(visible(access.scope)).toEqual([20, 30, 31]);
    expect(access.scope).toMatchObject({ kind: 'in', path: { column: 'owner_id' }, values: [20, 30, 31] });
    expect(visible(read([role('m', 'opportunity', { read: 'departmentTree' })], user(10, 'm')).scope)).toEqual([10, 20, 30, 31, 40]);
  });

  it('department scopes give nothing to a user without department, but the action stays allowed', () => {
    const access = read([role('m', 'opportunity', { read: 'departmentTree' })], user(50, 'm'));
    expect(access.allowed).toBe(true);
    expect(visible(access.scope)).toEqual([]);
  });

  it('all: constant true, and shares are not needed', () => {
    const access = read([role('rep', 'opportunity', { read: 'own' }), role('boss', 'opportunity', { read: 'all' })]);
    expect(access.scope).toEqual({ kind: 'constant', value: true });
    expect(access.includeShared).toBe(false);
  });

  it('unions the scopes of several roles', () => {
    const roles = [
      role('rep', 'opportunity', { read: 'own' }),
      role('west', 'opportunity', { read: { filter: { field: 'stage', op: 'eq', value: 'won' } } }),
    ];
    expect(visible(read(roles).scope)).toEqual([20, 40]);
  });

  it('binds custom filters with the subject’s variables', () => {
    const mine = role('mine', 'opportunity', { read: { filter: { field: 'team', op: 'in', value: { var: 'currentUserDepartmentTree' } } } });
    expect(visible(read([mine]).scope)).toEqual([20, 30, 31]);
    const owner = role('owner', 'opportunity', { read: { filter: { field: 'owner_id', op: 'eq', value: { var: 'currentUser' } } } });
    expect(visible(read([owner], user(40, 'owner')).scope)).toEqual([40]);
  });

  it('a custom filter needing a variable the user has no value for grants nothing (fail closed)', () => {
    const notMine = role('x', 'opportunity', { read: { filter: { not: { field: 'team', op: 'eq', value: { var: 'currentUserDepartment' } } } } });
    const access = read([notMine], user(50, 'x'));
    expect(access.allowed).toBe(true);
    expect(visible(access.scope)).toEqual([]);
  });

  it('refuses a role filter that does not bind, naming the role and the path', () => {
    const broken = role('broken', 'opportunity', { read: { filter: { field: 'budget', op: 'eq', value: 1 } } });
    try {
      read([role('rep', 'opportunity', { read: 'own' }), broken]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PipewrightError);
      expect((error as PipewrightError).code).toBe('permission.invalidScope');
      expect((error as PipewrightError).problems[0]).toMatchObject({ path: '/1/permissions/0/actions/read/filter/field', code: 'filter.unknownField' });
    }
  });

  it('marks scopes that read the clock', () => {
    const thisMonth = role('m', 'opportunity', { read: { filter: { field: 'close_date', op: 'within', value: { period: 'thisMonth' } } } });
    expect(read([thisMonth]).timeDependent).toBe(true);
    expect(read([role('rep', 'opportunity', { read: 'own' })]).timeDependent).toBe(false);
  });

  it('gives a platform admin everything', () => {
    const access = compileAccess([], catalog, { ...user(50), isAdmin: true }, 'opportunity', 'delete', context);
    expect(access).toMatchObject({ allowed: true, scope: { kind: 'constant', value: true } });
    expect(access.fields.amount).toBe('editable');
  });

  it('refuses an unknown entity', () => {
    expect(() => compileAccess([], catalog, user(20), 'invoice', 'read', context)).toThrow(/invoice/);
  });
});

describe('compileAccess: shares', () => {
  const rep = role('rep', 'opportunity', { read: 'own', update: 'own', delete: 'own' });

  it('lets read or edit shares widen reading, only edit shares widen update, and none widen delete', () => {
    expect(read([rep]).includeShared).toBe('read');
    expect(read([rep], undefined, 'update').includeShared).toBe('edit');
    expect(read([rep], undefined, 'delete').includeShared).toBe(false);
    expect(sharesAt('read', 'read')).toBe(true);
    expect(sharesAt('read', 'edit')).toBe(false);
    expect(sharesAt('edit', 'edit')).toBe(true);
    expect(sharesAt('edit', false)).toBe(false);
  });

  it('does not let shares reach users whose roles do not grant the action', () => {
    expect(read([role('other', 'account', { read: 'all' })]).includeShared).toBe(false);
  });

  it('ORs shared record ids into the scope', () => {
    const access = read([rep]);
    expect(visible(scopeWithShares(access, [40, 0]))).toEqual([20, 40, 0]);
    expect(visible(scopeWithShares({ ...access, includeShared: false }, [40]))).toEqual([20]);
  });
});

describe('compileAccess: scopes by a user field other than the owner', () => {
  const l = (en: string) => ({ 'zh-CN': en, en });
  const tickets = new Catalog({
    formatVersion: 1,
    app: { key: 'service', name: l('Service'), version: '1.0.0' },
    entities: [
      {
        key: 'ticket',
        label: l('Ticket'),
        version: 1,
        fields: [
          { key: 'title', label: l('Title'), type: 'text' },
          { key: 'technician', label: l('Technician'), type: 'user' },
          { key: 'watchers', label: l('Watchers'), type: 'user', multiple: true },
        ],
      },
    ],
  });
  // Technician of each ticket; owners are all the dispatcher, user 10.
  const rows = [20, 30, 31, 40, 50, null].map((technician, i) => ({ id: i + 1, owner_id: 10, technician }));
  const seen = (scope: { user: string; scope: 'own' | 'department' | 'departmentTree' }, userId: number) => {
    const access = compileAccess([role('tech', 'ticket', { read: scope })], tickets, user(userId, 'tech'), 'ticket', 'read', context);
    return rows.filter((r) => matchesFilter(access.scope, r)).map((r) => r.technician);
  };

  it('own, department and departmentTree read the named user instead of the owner', () => {
    expect(seen({ user: 'technician', scope: 'own' }, 30)).toEqual([30]);
    expect(seen({ user: 'technician', scope: 'department' }, 30)).toEqual([30, 31]);
    expect(seen({ user: 'technician', scope: 'departmentTree' }, 20)).toEqual([20, 30, 31]);
    expect(seen({ user: 'technician', scope: 'departmentTree' }, 50)).toEqual([]); // no department: nothing
  });

  it('compiles to one IN list on the field, OR-ed with owner scopes of other roles', () => {
    const access = compileAccess(
      [role('tech', 'ticket', { read: { user: 'technician', scope: 'own' } }), role('dispatcher', 'ticket', { read: 'own' })],
      tickets,
      user(30, 'tech', 'dispatcher'),
      'ticket',
      'read',
      context,
    );
    expect(access.scope).toMatchObject({ kind: 'or', items: [{ kind: 'in', path: { column: 'owner_id' }, values: [30] }, { kind: 'in', path: { column: 'technician' }, values: [30] }] });
  });

  it('refuses a field that is not a single-user field as broken metadata', () => {
    expect(() => compileAccess([role('tech', 'ticket', { read: { user: 'watchers', scope: 'own' } })], tickets, user(30, 'tech'), 'ticket', 'read', context)).toThrow(PipewrightError);
  });
});
