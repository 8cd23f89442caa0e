import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../database/index.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { OutboundPolicy, OutboundRefusedError } from '../outbound/outbound-policy.ts';
import { RecordWriter } from '../records/record-writer.ts';
import { deliverNotification } from './deliver-notification.ts';
import { Notifications } from './notifications.ts';
import { openCrmFixture, type CrmFixture } from './notifications.fixture.ts';

async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, seconds = 40): Promise<T> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`not within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** What the robot receiver saw: one entry per request, with its verdict. */
interface RobotHit {
  path: string;
  query: URLSearchParams;
  rawQuery: string;
  body: unknown;
  verdict: string;
}

const dingtalkSecret = 'SECf0a1b2c3d4e5f60718293a4b5c6d7e8f9+/=test';

describe(`e-mail and group robots (${testDatabaseKind()})`, () => {
  let crm: CrmFixture;
  let jobs: JobQueue;
  let notifications: Notifications;
  let smtp: SMTPServer;
  let smtpPort: number;
  const mails: ParsedMail[] = [];
  let receiver: Server;
  let receiverPort: number;
  const hits: RobotHit[] = [];
  let leadId: number;

  beforeAll(async () => {
    crm = await openCrmFixture();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('bounce@')) return callback(Object.assign(new Error('550 mailbox unavailable'), { responseCode: 550 }));
        callback();
      },
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            mails.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;

    // A receiver that speaks like the robots: it checks the message format (and 钉钉's signature) and answers errcode.
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://receiver');
        let body: unknown;
        let verdict = 'ok';
        try {
          body = JSON.parse(raw);
        } catch {
          verdict = 'not json';
        }
        const message = body as { msgtype?: string; markdown?: { content?: unknown; title?: unknown; text?: unknown }; text?: { content?: unknown } };
        if (req.headers['content-type'] !== 'application/json; charset=utf-8') verdict = 'wrong content type';
        else if (url.pathname === '/wecom/send') {
          const keys = Object.keys(message ?? {}).sort().join(',');
          if (url.searchParams.get('key') !== 'wecom-key') verdict = 'invalid webhook url';
          else if (message.msgtype === 'markdown' && keys === 'markdown,msgtype' && typeof message.markdown?.content === 'string' && Object.keys(message.markdown).length === 1) verdict = 'ok';
          else if (message.msgtype === 'text' && keys === 'msgtype,text' && typeof message.text?.content === 'string') verdict = 'ok';
          else verdict = 'bad wecom message';
        } else if (url.pathname === '/robot/send') {
          const timestamp = url.searchParams.get('timestamp') ?? '';
          const expected = createHmac('sha256', dingtalkSecret).update(`${timestamp}\n${dingtalkSecret}`).digest('base64');
          if (url.searchParams.get('access_token') !== 'ding-token') verdict = 'token missing';
          else if (!/^\d{13}$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > 3_600_000) verdict = 'timestamp invalid';
          else if (!url.search.includes(`sign=${encodeURIComponent(expected)}`)) verdict = 'sign not match';
          else if (message.msgtype === 'markdown' && typeof message.markdown?.title === 'string' && typeof message.markdown?.text === 'string') verdict = 'ok';
          else if (message.msgtype === 'text' && typeof message.text?.content === 'string') verdict = 'ok';
          else verdict = 'bad dingtalk message';
        } else verdict = 'unknown path';
        hits.push({ path: url.pathname, query: url.searchParams, rawQuery: url.search, body, verdict });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(verdict === 'ok' ? { errcode: 0, errmsg: 'ok' } : { errcode: verdict === 'sign not match' ? 310000 : 40008, errmsg: verdict }));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverPort = (receiver.address() as AddressInfo).port;

    jobs = await JobQueue.start(crm.runtime.database, { pollingIntervalSeconds: 0.5 });
    notifications = await Notifications.open(crm.runtime, crm.identity.directory, {
      jobs,
      mail: { url: `smtp://127.0.0.1:${smtpPort}`, from: '销售管理 <crm@example.com>' },
      outbound: new OutboundPolicy([`127.0.0.1:${receiverPort}`]),
      publicUrl: 'https://crm.example.com',
      retry: { limit: 1, delaySeconds: 1 },
    });
    const lead = await crm.runtime.records.create('crm', 'lead', { name: '星辰科技', discount: 35, amount: 120000, owner_id: crm.users.rep, helper: crm.users.otherRep }, { userId: crm.users.rep });
    leadId = Number(lead.id);
  }, 180_000);

  afterAll(async () => {
    await jobs?.stop();
    notifications?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    receiver?.close();
    await crm?.close();
  });

  it('sends e-mail over SMTP in UTF-8, each recipient seeing only what they may read', async () => {
    const { users } = crm;
    await deliverNotification(
      crm.runtime.database.db,
      { app: 'crm', record: { entity: 'lead', id: leadId }, recipients: [{ type: 'manager' }, { type: 'field', field: 'helper' }], subject: '折扣审批：{{name}}', body: '{{name}} 申请折扣 {{discount}}%，请在今天处理。', channels: ['inApp', 'email'] },
      notifications,
    );
    await eventually(() => mails.length >= 2);
    const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address;
    const manager = mails.find((m) => to(m) === 'li@example.com')!;
    expect(manager.subject).toBe('折扣审批：星辰科技');
    expect(manager.from?.value[0]).toMatchObject({ address: 'crm@example.com', name: '销售管理' });
    expect(manager.text).toContain('星辰科技 申请折扣 35%，请在今天处理。');
    expect(manager.text).toContain(`https://crm.example.com/apps/crm/records/lead/${leadId}`);
    expect(manager.html).toContain('星辰科技 申请折扣 35%');
    // The other rep may not read this lead: no values, no link.
    const helper = mails.find((m) => to(m) === 'zhao.min@example.com')!;
    expect(helper.subject).toBe('折扣审批：');
    expect(helper.text).not.toContain('星辰');
    expect(helper.text).not.toContain('/records/');
    const deliveries = await notifications.deliveries.list({ app: 'crm' });
    await eventually(async () => (await notifications.deliveries.list({ app: 'crm' })).filter((d) => d.channel === 'email').every((d) => d.state === 'sent'));
    expect(deliveries.filter((d) => d.channel === 'email').map((d) => d.recipientId).sort()).toEqual([users.manager, users.otherRep].sort());
  }, 60_000);

  it('a refusing SMTP server fails the delivery (retried, then failed, with its error), never the record write', async () => {
    const { users } = crm;
    await crm.identity.directory.updateUser(users.director, { email: 'bounce@example.com' });
    // The record write and the notification in one transaction, as the outbox does it.
    const model = await crm.runtime.apps.model('crm');
    const { lead, report } = await crm.runtime.database.db.transaction().execute(async (trx) => {
      const created = await new RecordWriter(crm.runtime.database, trx).create(model, 'lead', { name: '星辰科技二期', owner_id: users.rep }, { userId: users.rep });
      const report = await deliverNotification(trx, { app: 'crm', record: { entity: 'lead', id: Number(created.id) }, recipients: [{ type: 'role', role: 'director' }], body: '{{name}} 已成交', channels: ['inApp', 'email'] }, notifications);
      return { lead: Number(created.id), report };
    });
    expect(report.inbox).toBe(1);
    const [id] = report.queued;
    const failed = await eventually(async () => {
      const delivery = await notifications.deliveries.get(id!);
      return delivery.state === 'failed' ? delivery : undefined;
    });
    expect(failed.attempts).toBe(2);
    expect(failed.lastError).toMatch(/550/);
    expect((await notifications.deliveries.list({ state: 'failed' })).map((d) => d.id)).toContain(id);
    expect(await crm.runtime.records.get('crm', 'lead', lead)).toMatchObject({ name: '星辰科技二期' });
    expect((await notifications.inbox.list(users.director)).items[0]?.body).toBe('星辰科技二期 已成交');
  }, 60_000);

  it('posts to 企业微信 and to a signed 钉钉 robot in their formats, as the robot\'s viewer reads the record', async () => {
    const { users } = crm;
    const wecom = await notifications.robots.create('crm', { name: '华东销售群', kind: 'wecom', url: `http://127.0.0.1:${receiverPort}/wecom/send?key=wecom-key`, viewAs: users.manager });
    const ding = await notifications.robots.create('crm', { name: '钉钉销售群', kind: 'dingtalk', url: `http://127.0.0.1:${receiverPort}/robot/send?access_token=ding-token`, secret: dingtalkSecret, viewAs: users.rep });
    expect(ding).toMatchObject({ hasSecret: true, format: 'markdown' });
    expect(JSON.stringify(await notifications.robots.list('crm'))).not.toContain(dingtalkSecret);
    await crm.runtime.records.update('crm', 'lead', leadId, { name: '星辰科技 [点这里](http://evil.example)' }, { userId: 1 });
    const report = await deliverNotification(crm.runtime.database.db, { app: 'crm', record: { entity: 'lead', id: leadId }, recipients: [{ type: 'manager' }], subject: '新线索', body: '**{{name}}** 折扣 {{discount}}%', channels: ['wecom', 'dingtalk'] }, notifications);
    expect(report.queued).toHaveLength(2);
    await eventually(() => hits.length >= 2);
    await eventually(async () => (await Promise.all(report.queued.map((id) => notifications.deliveries.get(id)))).every((d) => d.state === 'sent'));
    expect(hits.map((h) => h.verdict)).toEqual(['ok', 'ok']);
    const wecomHit = hits.find((h) => h.path === '/wecom/send')!;
    expect(wecomHit.body).toEqual({
      msgtype: 'markdown',
      markdown: { content: `**新线索**\n**星辰科技 \\[点这里\\]\\(http://evil.example\\)** 折扣 35%\n[查看记录](https://crm.example.com/apps/crm/records/lead/${leadId})` },
    });
    // The 钉钉 robot shows the record as the rep (its owner) reads it: the discount is hidden from reps.
    const dingHit = hits.find((h) => h.path === '/robot/send')!;
    expect(dingHit.body).toMatchObject({ msgtype: 'markdown', markdown: { title: '新线索', text: expect.stringContaining('折扣 %') } });
    expect(dingHit.rawQuery).toMatch(/&timestamp=\d{13}&sign=[^&]*%[0-9A-F]{2}/);
    await notifications.robots.update('crm', wecom.id, { active: false });
    await notifications.robots.update('crm', ding.id, { active: false });
  }, 60_000);

  it('a robot that answers an error fails its delivery, visibly; an administrator retries it once fixed', async () => {
    const { users } = crm;
    const robot = await notifications.robots.create('crm', { name: '签名错误', kind: 'dingtalk', url: `http://127.0.0.1:${receiverPort}/robot/send?access_token=ding-token`, secret: 'SECwrong', format: 'text', viewAs: users.director });
    const report = await deliverNotification(crm.runtime.database.db, { app: 'crm', record: { entity: 'lead', id: leadId }, recipients: [{ type: 'userId', id: users.director }], body: '{{name}}', channels: ['inApp', 'dingtalk'] }, notifications);
    const [id] = report.queued;
    const failed = await eventually(async () => {
      const d = await notifications.deliveries.get(id!);
      return d.state === 'failed' ? d : undefined;
    });
    expect(failed).toMatchObject({ channel: 'dingtalk', robotId: robot.id, attempts: 2, lastError: expect.stringContaining('310000') });
    await notifications.robots.update('crm', robot.id, { secret: dingtalkSecret });
    await notifications.deliveries.retry(id!);
    await eventually(async () => (await notifications.deliveries.get(id!)).state === 'sent');
    expect(hits.at(-1)).toMatchObject({ verdict: 'ok', body: { msgtype: 'text', text: { content: expect.stringContaining('星辰科技') } } });
    await expect(notifications.deliveries.retry(id!)).rejects.toMatchObject({ code: 'delivery.notFailed' });
  }, 60_000);

  it('refuses a robot at a loopback address that is not allow-listed, naming /url', async () => {
    const { users } = crm;
    await expect(notifications.robots.create('crm', { name: 'x', kind: 'wecom', url: `http://127.0.0.1:${receiverPort + 1}/wecom/send?key=k`, viewAs: users.manager })).rejects.toMatchObject({ code: 'outbound.refused', problems: [{ path: '/url' }] });
    await expect(notifications.robots.create('crm', { name: 'x', kind: 'wecom', url: 'http://169.254.169.254/latest/meta-data/', viewAs: users.manager })).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(notifications.robots.create('crm', { name: 'x', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', viewAs: users.leaver })).rejects.toMatchObject({ code: 'robot.invalid', problems: [{ path: '/viewAs' }] });
  });
});
