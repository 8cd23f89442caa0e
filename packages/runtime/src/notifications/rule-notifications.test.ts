import type { AppBundle } from '@pipewright/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Automation } from '../automation/automation.ts';
import { testDatabaseKind } from '../database/index.ts';
import { Notifications } from './notifications.ts';
import { crmBundle, openCrmFixture, type CrmFixture } from './notifications.fixture.ts';
import { ruleNotifications } from './rule-notifications.ts';

describe(`a rule's notify effect (${testDatabaseKind()})`, () => {
  let crm: CrmFixture;
  let notifications: Notifications;
  let automation: Automation;
  beforeAll(async () => {
    crm = await openCrmFixture();
    const bundle: AppBundle = structuredClone(crmBundle);
    bundle.app.version = '1.1.0';
    bundle.rules = [
      {
        key: 'big_leads',
        label: { 'zh-CN': '大额线索', en: 'Big leads' },
        version: 1,
        entity: 'lead',
        triggers: ['create'],
        rules: [
          {
            key: 'tell_owner_and_manager',
            priority: 1,
            conditions: { field: 'amount', op: 'gt', value: 100000 },
            actions: [{ type: 'notify', notification: { recipients: [{ type: 'field', field: 'owner_id' }, { type: 'manager', of: 'owner' }], subject: '大额线索：{{name}}', body: '{{name}} 金额 {{money amount}}，折扣 {{discount}}%' } }],
          },
        ],
      },
    ] as NonNullable<AppBundle['rules']>;
    await crm.runtime.apps.publish(bundle, { actor: 1 });
    notifications = await Notifications.open(crm.runtime, crm.identity.directory);
    automation = await crm.runtime.startAutomation({ deliver: ruleNotifications(notifications), sweepIntervalMs: 200 });
  }, 180_000);
  afterAll(async () => {
    notifications?.close();
    await crm?.close();
  });

  it('notifies the owner and the manager of a big lead once, each with what they may read, and logs it', async () => {
    const { users } = crm;
    const lead = await crm.runtime.records.create('crm', 'lead', { name: '华东电网', amount: 500000, discount: 12, owner_id: users.rep }, { userId: users.rep });
    await crm.runtime.records.create('crm', 'lead', { name: '小单', amount: 100, owner_id: users.rep }, { userId: users.rep });
    await automation.settled();
    const repInbox = (await notifications.inbox.list(users.rep)).items;
    expect(repInbox).toEqual([expect.objectContaining({ title: '大额线索：华东电网', body: '华东电网 金额 ¥500,000.00，折扣 %', source: 'rule:big_leads/tell_owner_and_manager', record: { app: 'crm', entity: 'lead', id: lead.id } })]);
    const managerInbox = (await notifications.inbox.list(users.manager)).items;
    expect(managerInbox).toEqual([expect.objectContaining({ body: '华东电网 金额 ¥500,000.00，折扣 12%' })]);
    const [run] = (await automation.log('crm', { recordId: lead.id as number })).filter((r) => r.ruleset === 'big_leads');
    expect(run?.effects[0]?.result).toBe('notified 2 (inbox 2, queued 0)');
  });
});
