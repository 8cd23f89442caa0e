import { Catalog, validateBundle, validateDocument, type AppBundle, type Entity, type PermissionAction } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { matchesFilter } from '../filter/evaluate.ts';
import { compileAccess } from './access.ts';
import { defaultRoleKeys, defaultRoles } from './default-roles.ts';
import { directoryFromAssignments, type AccessContext, type Subject } from './subject.ts';

const l = (en: string) => ({ 'zh-CN': en, en });
const entity = (key: string): Entity => ({ key, label: l(key), version: 1, fields: [{ key: 'name', label: l('Name'), type: 'text' }] });
const crm: AppBundle = {
  formatVersion: 1,
  app: { key: 'crm', name: l('CRM'), version: '1.0.0' },
  entities: ['lead', 'account', 'contact', 'opportunity', 'product', 'contract', 'payment', 'case'].map(entity),
};
const catalog = new Catalog(crm);
const roles = defaultRoles(catalog);

// Department 1 with sub-department 2; the manager (1) heads 1, reps 2 and 3 sit in 2, rep 4 elsewhere (3).
const context: AccessContext = { now: new Date('2024-03-15T00:00:00Z'), directory: directoryFromAssignments([[1, 1], [2, 2], [3, 2], [4, 3]]) };
const trees: Record<number, number[]> = { 1: [1, 2], 2: [2], 3: [3] };
const departments: Record<number, number> = { 1: 1, 2: 2, 3: 2, 4: 3 };
const as = (userId: number, roleKey: string): Subject => ({ userId, departmentId: departments[userId], departmentTree: trees[departments[userId]!] ?? [], roleKeys: [roleKey] });
const records = [1, 2, 3, 4].map((owner) => ({ id: owner, owner_id: owner, name: `r${owner}` }));

/** Owners of the records a user reaches with an action, or 'denied'. */
function reach(userId: number, roleKey: string, entityKey: string, action: PermissionAction = 'read'): number[] | 'denied' {
  const access = compileAccess(roles, catalog, as(userId, roleKey), entityKey, action, context);
  return access.allowed ? records.filter((r) => matchesFilter(access.scope, r)).map((r) => r.owner_id) : 'denied';
}

describe('defaultRoles', () => {
  it('are valid role documents, and valid in a bundle (references checked)', () => {
    expect(roles.map((r) => r.key)).toEqual([...defaultRoleKeys]);
    for (const role of roles) expect(validateDocument('role', role).errors).toEqual([]);
    expect(validateBundle({ ...crm, roles }).errors).toEqual([]);
  });

  it('admin, director: everything; the director cannot delete or import', () => {
    expect(reach(9, 'admin', 'payment', 'delete')).toEqual([1, 2, 3, 4]);
    expect(reach(9, 'sales_director', 'opportunity', 'update')).toEqual([1, 2, 3, 4]);
    expect(reach(9, 'sales_director', 'opportunity', 'delete')).toBe('denied');
    expect(reach(9, 'sales_director', 'lead', 'import')).toBe('denied');
  });

  it('sales manager: own department and sub-departments', () => {
    expect(reach(1, 'sales_manager', 'opportunity')).toEqual([1, 2, 3]);
    expect(reach(2, 'sales_manager', 'opportunity', 'delete')).toEqual([2, 3]);
  });

  it('sales rep: own records, may create, reads the product catalogue', () => {
    expect(reach(2, 'sales_rep', 'opportunity')).toEqual([2]);
    expect(reach(2, 'sales_rep', 'account', 'create')).toEqual([2]);
    expect(reach(2, 'sales_rep', 'opportunity', 'export')).toBe('denied');
    expect(reach(2, 'sales_rep', 'product')).toEqual([1, 2, 3, 4]);
    expect(reach(2, 'sales_rep', 'product', 'update')).toBe('denied');
    const fields = compileAccess(roles, catalog, as(2, 'sales_rep'), 'product', 'read', context).fields;
    expect(fields.name).toBe('readOnly');
  });

  it('marketing: all leads, read-only elsewhere', () => {
    expect(reach(4, 'marketing', 'lead', 'import')).toEqual([1, 2, 3, 4]);
    expect(reach(4, 'marketing', 'opportunity')).toEqual([1, 2, 3, 4]);
    expect(reach(4, 'marketing', 'opportunity', 'update')).toBe('denied');
  });

  it('finance: reads everything, updates contracts and payments only', () => {
    expect(reach(4, 'finance', 'opportunity')).toEqual([1, 2, 3, 4]);
    expect(reach(4, 'finance', 'payment', 'update')).toEqual([1, 2, 3, 4]);
    expect(reach(4, 'finance', 'contract', 'update')).toEqual([1, 2, 3, 4]);
    expect(reach(4, 'finance', 'opportunity', 'update')).toBe('denied');
  });

  it('customer service: reads accounts and contacts, works own cases, sees no opportunities', () => {
    expect(reach(3, 'customer_service', 'account')).toEqual([1, 2, 3, 4]);
    expect(reach(3, 'customer_service', 'contact', 'update')).toBe('denied');
    expect(reach(3, 'customer_service', 'case', 'update')).toEqual([3]);
    expect(reach(3, 'customer_service', 'opportunity')).toBe('denied');
    expect(compileAccess(roles, catalog, as(3, 'customer_service'), 'opportunity', 'read', context).fields.name).toBe('hidden');
  });
});
