/**
 * The default roles of a sales app, as plain `Role` metadata the CRM template ships and IT edits
 * in the studio like any other role. Entities are recognised by key (see `defaultRoleEntityGroups`);
 * any other entity is treated as sales data (leads, accounts, opportunities, quotes, activities …).
 *
 * | role             | sales data                                | special entities                                              |
 * | ---------------- | ----------------------------------------- | ------------------------------------------------------------- |
 * | admin            | everything, all records                   | everything                                                    |
 * | sales_director   | create/read/update/export/print/report/transfer/share all | reference data: read                          |
 * | sales_manager    | all but import, own department tree       | reference data: read                                          |
 * | sales_rep        | create/read/update/print/report/share own | reference data: read                                          |
 * | marketing        | read and report all                       | leads and campaigns: everything, all records                  |
 * | finance          | read/export/print/report all              | contracts, orders, payments, invoices: also create and update |
 * | customer_service | —                                         | accounts, contacts: read all; cases: create/read/update own   |
 *
 * Nobody but admin deletes outside their department tree, and only admin and marketing import.
 * Reps share their own records but do not hand them over; managers move records within their
 * department tree (transfer needs the scope on the record before and after the change).
 *
 * @example
 * const bundle = { ...crm, roles: defaultRoles(new Catalog(crm)) };
 */
import type { Catalog, DataScope, EntityPermission, Label, PermissionAction, Role } from '@pipewright/metadata';
import { permissionActions } from './scope.ts';

/** Entity keys the default roles treat specially. */
export const defaultRoleEntityGroups = {
  /** Lead capture and campaigns: marketing owns them. */
  marketing: ['lead', 'campaign'],
  /** Money after the deal: finance may change them. */
  finance: ['contract', 'order', 'sales_order', 'payment', 'payment_plan', 'payment_record', 'receipt', 'invoice'],
  /** Customers: customer service reads them. */
  customers: ['account', 'contact'],
  /** Service cases: customer service works its own. */
  service: ['case', 'service_case', 'ticket'],
  /** Catalogue data every role reads and only admin writes. */
  reference: ['product', 'product_category', 'price_book', 'price_list'],
} as const satisfies Record<string, readonly string[]>;

export const defaultRoleKeys = ['admin', 'sales_director', 'sales_manager', 'sales_rep', 'marketing', 'finance', 'customer_service'] as const;

type Actions = EntityPermission['actions'];

const grant = (actions: readonly PermissionAction[], scope: Exclude<DataScope, undefined>): Actions =>
  Object.fromEntries(actions.map((a) => [a, scope]));

const readOnly: PermissionAction[] = ['read', 'print', 'runReport'];
const l = (zh: string, en: string): Label => ({ 'zh-CN': zh, en });
const isIn = (group: readonly string[], key: string) => group.includes(key);

/** For each entity of the catalog, the actions a role gets on it (entities with none are left out). */
function role(key: string, label: Label, description: Label, catalog: Catalog, actionsFor: (entity: string) => Actions): Role {
  const permissions: EntityPermission[] = [];
  for (const entity of catalog.entities.keys()) {
    const actions = actionsFor(entity);
    if (Object.keys(actions).length > 0) permissions.push({ entity, actions });
  }
  return { key, label, version: 1, description, permissions };
}

export function defaultRoles(catalog: Catalog): Role[] {
  const g = defaultRoleEntityGroups;
  const reference = (entity: string) => isIn(g.reference, entity);
  return [
    role('admin', l('管理员', 'Administrator'), l('应用内全部数据与操作', 'Every action on every record of the app'), catalog, () => grant(permissionActions, 'all')),
    role('sales_director', l('销售总监', 'Sales director'), l('查看和修改全部销售数据', 'Reads and updates all sales data'), catalog, (entity) =>
      reference(entity) ? grant(readOnly, 'all') : grant(['create', 'read', 'update', 'export', 'print', 'runReport', 'transfer', 'share'], 'all'),
    ),
    role('sales_manager', l('销售经理', 'Sales manager'), l('本部门及下级部门的数据', 'Records of their department and its sub-departments'), catalog, (entity) =>
      reference(entity) ? grant(readOnly, 'all') : grant(['create', 'read', 'update', 'delete', 'export', 'print', 'runReport', 'transfer', 'share'], 'departmentTree'),
    ),
    role('sales_rep', l('销售代表', 'Sales rep'), l('本人负责的数据', 'Records they own'), catalog, (entity) =>
      reference(entity) ? grant(readOnly, 'all') : grant(['create', 'read', 'update', 'print', 'runReport', 'share'], 'own'),
    ),
    role('marketing', l('市场', 'Marketing'), l('管理线索与活动，查看其余数据', 'Runs leads and campaigns, reads the rest'), catalog, (entity) =>
      isIn(g.marketing, entity) ? grant(permissionActions, 'all') : grant(['read', 'runReport'], 'all'),
    ),
    role('finance', l('财务', 'Finance'), l('查看全部数据，维护合同与回款', 'Reads everything, maintains contracts and payments'), catalog, (entity) =>
      isIn(g.finance, entity) ? grant(['create', 'read', 'update', 'export', 'print', 'runReport'], 'all') : grant(['read', 'export', 'print', 'runReport'], 'all'),
    ),
    role('customer_service', l('客服', 'Customer service'), l('查看客户与联系人，处理本人工单', 'Reads accounts and contacts, works their own cases'), catalog, (entity) =>
      isIn(g.service, entity)
        ? grant(['create', 'read', 'update', 'print', 'runReport'], 'own')
        : isIn(g.customers, entity) || reference(entity)
          ? grant(['read', 'print'], 'all')
          : {},
    ),
  ];
}
