import { describe, expect, it } from 'vitest';
import { compileAccess } from './access.ts';
import { catalog, context, role, user } from './permissions.fixture.ts';
import { checkFilterFields, type RelatedAccess } from './query-check.ts';
import { checkWrite } from './write-check.ts';

const rep = role('rep', 'opportunity', { read: 'own', update: 'own' }, { margin: 'hidden', amount: 'readOnly' });
/** The rep, who also reads all accounts except their credit limit. */
const roles = [{ ...rep, permissions: [...rep.permissions, { entity: 'account', actions: { read: 'all' as const }, fields: { credit_limit: 'hidden' as const } }] }];
const subject = user(20, 'rep');
const read = compileAccess(roles, catalog, subject, 'opportunity', 'read', context);
const related: RelatedAccess = { catalog, readAccess: (entity) => compileAccess(roles, catalog, subject, entity, 'read', context) };

describe('checkFilterFields', () => {
  it('refuses a hidden field anywhere in a filter, naming its path', () => {
    const filter = { and: [{ field: 'stage', op: 'eq' as const, value: 'open' }, { not: { or: [{ field: 'margin', op: 'gt' as const, value: 0.3 }] } }] };
    expect(checkFilterFields({ filter }, read)).toEqual([{ path: '/filter/and/1/not/or/0/field', code: 'permission.fieldHidden', message: expect.stringContaining('margin') }]);
  });

  it('refuses hidden fields in sort and in the field list, and allows read-only and system columns', () => {
    const problems = checkFilterFields({ sort: [{ field: 'amount' }, { field: 'margin' }, { field: 'created_at' }], fields: ['name', 'margin', 'owner_id'] }, read);
    expect(problems.map((p) => p.path)).toEqual(['/sort/1/field', '/fields/1']);
  });

  it('leaves unknown fields to query validation', () => {
    expect(checkFilterFields({ filter: { field: 'budget', op: 'eq', value: 1 } }, read)).toEqual([]);
  });

  it('checks every hop of a path through a relation', () => {
    expect(checkFilterFields({ filter: { field: 'account.industry', op: 'eq', value: 'retail' } }, read, related)).toEqual([]);
    expect(checkFilterFields({ filter: { field: 'account.credit_limit', op: 'gt', value: 1 } }, read, related).map((p) => p.path)).toEqual(['/filter/field']);
    expect(checkFilterFields({ sort: [{ field: 'account.owner_id' }] }, read, related)).toEqual([]);
  });

  it('refuses paths into an entity the user cannot read, and any relation path when related access is not given', () => {
    const noAccounts: RelatedAccess = { catalog, readAccess: (entity) => compileAccess([rep], catalog, subject, entity, 'read', context) };
    expect(checkFilterFields({ filter: { field: 'account.name', op: 'eq', value: 'x' } }, read, noAccounts)).toHaveLength(1);
    expect(checkFilterFields({ expand: ['account'] }, read, noAccounts)).toHaveLength(1);
    expect(checkFilterFields({ expand: ['account'] }, read, related)).toEqual([]);
    expect(checkFilterFields({ expand: ['account'] }, read)).toHaveLength(1);
    expect(checkFilterFields({ filter: { field: 'account.name', op: 'eq', value: 'x' } }, read)).toHaveLength(1);
  });
});

describe('checkWrite', () => {
  const update = compileAccess(roles, catalog, subject, 'opportunity', 'update', context);
  const before = { id: 20, owner_id: 20, name: 'A', amount: 100, margin: 0.2 };

  it('allows editable fields and the owner (a row-level matter)', () => {
    expect(checkWrite(update, { name: 'B', stage: 'won', owner_id: 30 }, before)).toEqual([]);
  });

  it('refuses a changed read-only field, with its path and code', () => {
    expect(checkWrite(update, { name: 'B', amount: 200 }, before)).toEqual([{ path: '/amount', code: 'permission.fieldReadOnly', message: 'is read-only for your roles' }]);
    expect(checkWrite(update, { amount: 100 })).toHaveLength(1);
  });

  it('lets an unchanged read-only field through (forms send whole records)', () => {
    expect(checkWrite(update, { name: 'B', amount: 100 }, before)).toEqual([]);
  });

  it('refuses a hidden field whatever its value, so writes cannot probe it', () => {
    expect(checkWrite(update, { margin: 0.2 }, before)).toEqual([{ path: '/margin', code: 'permission.fieldReadOnly', message: 'is read-only for your roles' }]);
  });

  it('ignores keys that are no field, including Object.prototype names', () => {
    expect(checkWrite(update, JSON.parse('{"constructor": 1, "__proto__": 2, "toString": 3}') as Record<string, unknown>, before)).toEqual([]);
  });

  it('refuses the whole write when the action is not allowed', () => {
    const deleteAccess = compileAccess(roles, catalog, subject, 'opportunity', 'delete', context);
    expect(checkWrite(deleteAccess, { name: 'B' })).toEqual([{ path: '', code: 'permission.actionDenied', message: 'you may not delete opportunity records' }]);
  });
});
