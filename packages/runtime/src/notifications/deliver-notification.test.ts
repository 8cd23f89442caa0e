import { NotificationTemplateError } from '@pipewright/engines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../database/index.ts';
import { RecordNotFoundError } from '../records/errors.ts';
import { deliverNotification } from './deliver-notification.ts';
import { NotificationNotFoundError } from './inbox.ts';
import { Notifications } from './notifications.ts';
import { openCrmFixture, type CrmFixture } from './notifications.fixture.ts';

describe(`deliverNotification and the inbox (${testDatabaseKind()})`, () => {
  let crm: CrmFixture;
  let notifications: Notifications;
  let leadId: number;
  beforeAll(async () => {
    crm = await openCrmFixture();
    notifications = await Notifications.open(crm.runtime, crm.identity.directory);
    const account = await crm.runtime.records.create('crm', 'account', { name: '星辰集团', credit: 500000, owner_id: crm.users.director }, { userId: crm.users.director });
    const lead = await crm.runtime.records.create('crm', 'lead', { name: '星辰科技', discount: 35, amount: 120000, account: account.id, owner_id: crm.users.rep, helper: crm.users.otherRep }, { userId: crm.users.rep });
    leadId = Number(lead.id);
  }, 120_000);
  afterAll(async () => {
    notifications?.close();
    await crm?.close();
  });

  const inboxOf = async (userId: number) => (await notifications.inbox.list(userId, { limit: 100 })).items;

  it('reaches the owner, the owner\'s manager, role holders and user fields, each with the record as they may read it', async () => {
    const { users } = crm;
    const report = await deliverNotification(
      crm.runtime.database.db,
      {
        app: 'crm',
        record: { entity: 'lead', id: leadId },
        recipients: [{ type: 'field', field: 'owner_id' }, { type: 'manager', of: 'owner' }, { type: 'role', role: 'director' }, { type: 'field', field: 'helper' }, { type: 'user', user: 'zhou.gong' }, { type: 'user', user: 'nobody' }, { type: 'role', role: 'rep' }],
        subject: '{{name}} 需要审批',
        body: '{{name}}（{{account.name}}）折扣 {{discount}}%，金额 {{money amount}}',
        source: 'rule:lead_rules/discount',
      },
      notifications,
    );
    // The deactivated rep holds the rep role too: not notified. Each user once.
    expect(report.recipients).toEqual([users.rep, users.manager, users.director, users.otherRep, users.outsider]);
    expect(report.unresolved).toEqual([{ path: '/recipients/5', reason: 'there is no user "nobody"' }]);
    expect(report.inbox).toBe(5);

    const [owner] = await inboxOf(users.rep);
    // The rep owns the lead, but the discount is hidden from reps; the account is not theirs.
    expect(owner).toMatchObject({ title: '星辰科技 需要审批', body: '星辰科技（）折扣 %，金额 ¥120,000.00', record: { app: 'crm', entity: 'lead', id: leadId }, source: 'rule:lead_rules/discount', readAt: null });
    const [manager] = await inboxOf(users.manager);
    expect(manager).toMatchObject({ body: '星辰科技（星辰集团）折扣 35%，金额 ¥120,000.00', record: { id: leadId } });
    const [director] = await inboxOf(users.director);
    expect(director?.body).toBe('星辰科技（星辰集团）折扣 35%，金额 ¥120,000.00');
    // Another rep (in the helper field) may not read someone else's lead; the outsider's role reads no leads.
    for (const userId of [users.otherRep, users.outsider]) {
      const [item] = await inboxOf(userId);
      expect(item).toMatchObject({ title: '需要审批', body: '（）折扣 %，金额', record: null });
      expect(JSON.stringify(item)).not.toContain('星辰');
    }
    expect(await inboxOf(users.leaver)).toEqual([]);
  });

  it('writes nothing when the caller\'s transaction rolls back, and nothing twice for the same key', async () => {
    const { users } = crm;
    const before = await notifications.inbox.unreadCount(users.manager);
    const request = { app: 'crm', record: { entity: 'lead', id: leadId }, recipients: [{ type: 'manager' as const }], body: '三天未跟进：{{name}}', key: 'reminder:lead:1' };
    const refused = new Error('the write was refused');
    await expect(
      crm.runtime.database.db.transaction().execute(async (trx) => {
        await deliverNotification(trx, request, notifications);
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(await notifications.inbox.unreadCount(users.manager)).toBe(before);
    await crm.runtime.database.db.transaction().execute((trx) => deliverNotification(trx, request, notifications));
    const again = await deliverNotification(crm.runtime.database.db, request, notifications);
    expect(again.inbox).toBe(0);
    expect(await notifications.inbox.unreadCount(users.manager)).toBe(before + 1);
  });

  it('refuses bad input at its path and writes nothing', async () => {
    const { users } = crm;
    const before = await notifications.inbox.unreadCount(users.director);
    const base = { app: 'crm', record: { entity: 'lead', id: leadId }, recipients: [{ type: 'role' as const, role: 'director' }], body: '{{name}}' };
    await expect(deliverNotification(crm.runtime.database.db, { ...base, body: '{{#if name}}没有结束' }, notifications)).rejects.toMatchObject({ code: 'notification.invalid', problems: [{ path: '/body' }] });
    await expect(deliverNotification(crm.runtime.database.db, { ...base, subject: '{{qrcode name}}' }, notifications)).rejects.toBeInstanceOf(NotificationTemplateError);
    await expect(deliverNotification(crm.runtime.database.db, { ...base, record: { entity: 'lead', id: 999_999 } }, notifications)).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(deliverNotification(crm.runtime.database.db, { ...base, record: { entity: 'nope', id: leadId } }, notifications)).rejects.toMatchObject({ code: 'entity.notFound' });
    await expect(deliverNotification(crm.runtime.database.db, { ...base, recipients: [] }, notifications)).rejects.toMatchObject({ problems: [{ path: '/recipients' }] });
    expect(await notifications.inbox.unreadCount(users.director)).toBe(before);
  });

  it('pages an inbox newest first by keyset, counts unread, and marks read only the recipient\'s own', async () => {
    const { users } = crm;
    for (let i = 1; i <= 5; i++) {
      await deliverNotification(crm.runtime.database.db, { app: 'crm', record: { entity: 'lead', id: leadId }, recipients: [{ type: 'userId', id: users.outsider }], body: `第 ${i} 条` }, notifications);
    }
    const first = await notifications.inbox.list(users.outsider, { limit: 2 });
    expect(first.items.map((n) => n.body)).toEqual(['第 5 条', '第 4 条']);
    expect(first.unread).toBe(6);
    const second = await notifications.inbox.list(users.outsider, { limit: 2, before: Number(first.next) });
    expect(second.items.map((n) => n.body)).toEqual(['第 3 条', '第 2 条']);
    const last = await notifications.inbox.list(users.outsider, { limit: 2, before: Number((await notifications.inbox.list(users.outsider, { limit: 4 })).next) });
    expect(last.next).toBeNull();
    expect(last.items).toHaveLength(2);

    const mine = first.items[0]!;
    await expect(notifications.inbox.markRead(users.director, mine.id)).rejects.toBeInstanceOf(NotificationNotFoundError);
    expect((await notifications.inbox.markRead(users.outsider, mine.id)).readAt).not.toBeNull();
    expect(await notifications.inbox.unreadCount(users.outsider)).toBe(5);
    expect((await notifications.inbox.list(users.outsider, { unread: true, limit: 100 })).items.map((n) => n.id)).not.toContain(mine.id);
    expect(await notifications.inbox.markAllRead(users.outsider)).toBe(5);
    expect(await notifications.inbox.unreadCount(users.outsider)).toBe(0);
  });
});
