/**
 * A runtime with a small CRM (leads with a hidden discount, accounts) and an organisation, for
 * the notification tests: 华东销售部 managed by 李经理 (manager), with reps 王磊 and 赵敏; 孙总
 * (director) holds the director role; 周工 (outsider) holds a role that reads no leads.
 */
import type { AppBundle } from '@pipewright/metadata';
import { openIdentity, type Identity } from '../identity/identity.ts';
import type { Runtime } from '../runtime.ts';
import { openTestRuntime } from '../testing/runtime-fixture.ts';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export const crmBundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'crm', name: l('销售管理', 'CRM'), version: '1.0.0' },
  entities: [
    { key: 'account', label: l('客户', 'Account'), version: 1, fields: [{ key: 'name', label: l('名称', 'Name'), type: 'text' }, { key: 'credit', label: l('信用额度', 'Credit'), type: 'number' }] },
    {
      key: 'lead',
      label: l('线索', 'Lead'),
      version: 1,
      fields: [
        { key: 'name', label: l('名称', 'Name'), type: 'text', required: true },
        { key: 'discount', label: l('折扣', 'Discount'), type: 'number' },
        { key: 'amount', label: l('金额', 'Amount'), type: 'currency', currency: 'CNY' },
        { key: 'account', label: l('客户', 'Account'), type: 'relation', kind: 'manyToOne', target: 'account' },
        { key: 'helper', label: l('协办', 'Helper'), type: 'user' },
      ],
    },
  ],
  roles: [
    { key: 'rep', label: l('销售代表', 'Rep'), version: 1, permissions: [{ entity: 'lead', actions: { read: 'own', update: 'own', create: 'own' }, fields: { discount: 'hidden' } }, { entity: 'account', actions: { read: 'own' } }] },
    { key: 'manager', label: l('销售经理', 'Manager'), version: 1, permissions: [{ entity: 'lead', actions: { read: 'departmentTree' } }, { entity: 'account', actions: { read: 'all' } }] },
    { key: 'director', label: l('总监', 'Director'), version: 1, permissions: [{ entity: 'lead', actions: { read: 'all' } }, { entity: 'account', actions: { read: 'all' } }] },
    { key: 'outsider', label: l('外部', 'Outsider'), version: 1, permissions: [{ entity: 'account', actions: { read: 'all' } }] },
  ],
};

export interface CrmFixture {
  runtime: Runtime;
  identity: Identity;
  users: { manager: number; rep: number; otherRep: number; director: number; outsider: number; leaver: number };
  close(): Promise<void>;
}

export async function openCrmFixture(): Promise<CrmFixture> {
  const runtime = await openTestRuntime(crmBundle);
  const identity = await openIdentity(runtime.database, { apps: runtime.apps });
  const directory = identity.directory;
  const manager = await directory.createUser({ login: 'li.jingli', name: '李经理', email: 'li@example.com' });
  const east = await directory.createDepartment({ name: '华东销售部', managerId: manager.id });
  await directory.updateUser(manager.id, { departmentId: east.id });
  const rep = await directory.createUser({ login: 'wang.lei', name: '王磊', email: 'wang.lei@example.com', departmentId: east.id });
  const otherRep = await directory.createUser({ login: 'zhao.min', name: '赵敏', email: 'zhao.min@example.com', departmentId: east.id, locale: 'en' });
  const director = await directory.createUser({ login: 'sun.zong', name: '孙总', email: 'sun@example.com' });
  const outsider = await directory.createUser({ login: 'zhou.gong', name: '周工', email: 'zhou@example.com' });
  const leaver = await directory.createUser({ login: 'left', name: '已离职', email: 'left@example.com', departmentId: east.id });
  await directory.setRoles(manager.id, 'crm', ['manager']);
  await directory.setRoles(rep.id, 'crm', ['rep']);
  await directory.setRoles(otherRep.id, 'crm', ['rep']);
  await directory.setRoles(director.id, 'crm', ['director']);
  await directory.setRoles(outsider.id, 'crm', ['outsider']);
  await directory.setRoles(leaver.id, 'crm', ['rep']);
  await directory.deactivateUser(leaver.id);
  return {
    runtime,
    identity,
    users: { manager: manager.id, rep: rep.id, otherRep: otherRep.id, director: director.id, outsider: outsider.id, leaver: leaver.id },
    async close() {
      await identity.close();
      await runtime.close();
    },
  };
}
