/**
 * Delivering one notification about one record: recipients resolved, the templates filled for
 * each recipient over the record as that recipient reads it, an inbox row each, and e-mails and
 * group-robot messages queued as durable jobs, all in the caller's transaction (`db`). See
 * index.ts for the contract.
 */
import type { Entity } from '@pipewright/metadata';
import { compileNotificationTemplate, PipewrightError, type NotificationTemplate, type PrintHelperContext } from '@pipewright/engines';
import { sql, type Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { DynamicTables } from '../database/index.ts';
import { rolesIn } from '../identity/subject.ts';
import { RecordGuard } from '../permissions/record-guard.ts';
import { getRecord } from '../records/record-reader.ts';
import { RecordNotFoundError } from '../records/errors.ts';
import type { NewDelivery } from './deliveries.ts';
import type { Notifications } from './notifications.ts';
import { resolveRecipients, type NotificationRecipient } from './recipients.ts';
import { escapeMarkdown, type RobotKind } from './robot-messages.ts';

export type NotificationChannel = 'inApp' | 'email' | 'sms' | 'wecom' | 'dingtalk';

export interface NotificationRequest {
  /** The installed app the record belongs to. */
  app: string;
  /** The record the notification is about. */
  record: { entity: string; id: number };
  /** Who receives it (at most 50). */
  recipients: readonly NotificationRecipient[];
  /** Also receive it, the same way (at most 50). */
  cc?: readonly NotificationRecipient[] | undefined;
  /** Handlebars over the record: the inbox title and e-mail subject (default: the body's first line). */
  subject?: string | undefined;
  /** Handlebars over the record. */
  body: string;
  /** Default `['inApp']`. `email` needs `PIPEWRIGHT_SMTP_URL`; `wecom` / `dingtalk` post to the app's robots of that kind. */
  channels?: readonly NotificationChannel[] | undefined;
  /** The user who caused it, for `{ type: 'manager', of: 'initiator' }`. */
  initiator?: number | undefined;
  /** What sent it, shown with it (`rule:lead_rules/remind_owner`). */
  source?: string | undefined;
  /** Delivering again with the same key writes and sends nothing twice (an outbox retry). */
  key?: string | undefined;
}

export interface NotificationReport {
  /** Users notified, in order. */
  recipients: number[];
  /** Inbox rows written (none twice for the same key). */
  inbox: number;
  /** Ids of the e-mail and robot deliveries queued. */
  queued: number[];
  /** Participants that named nobody, at their JSON path (`/recipients/1`). */
  unresolved: { path: string; reason: string }[];
  /** Channels that were asked for but could not be used here, and why. */
  skipped: { channel: NotificationChannel; reason: string }[];
}

/** A recipient's view of the record: what they may read, or nothing. */
interface ReaderView {
  record: Record<string, unknown> | undefined;
  locale: string;
}

const maxTitle = 200;

export async function deliverNotification(db: Kysely<DynamicTables>, request: NotificationRequest, notifications: Notifications): Promise<NotificationReport> {
  const model = await notifications.apps.model(request.app);
  const entity = model.entity(request.record.entity);
  checkRequest(request);
  const body = compileNotificationTemplate(request.body, '/body');
  const subject = request.subject === undefined ? undefined : compileNotificationTemplate(request.subject, '/subject');
  const channels = new Set(request.channels ?? ['inApp']);
  const stored = await getRecord(db, model, entity.key, request.record.id, { includeDeleted: true });
  const deleted = stored.deleted_at !== null && stored.deleted_at !== undefined;
  const org = await notifications.orgChart();
  const participants = [...request.recipients, ...(request.cc ?? [])];
  const resolved = await resolveRecipients(db, org, { app: request.app, entity, record: stored, initiator: request.initiator }, participants);
  const report: NotificationReport = {
    recipients: resolved.userIds,
    inbox: 0,
    queued: [],
    unresolved: resolved.unresolved.map((u) => ({ path: u.index < request.recipients.length ? `/recipients/${u.index}` : `/cc/${u.index - request.recipients.length}`, reason: u.reason })),
    skipped: [],
  };
  const templates = { body, subject };
  const expandable = relationsIn(entity, [...body.fields(), ...(subject?.fields() ?? [])]);
  const views = new Map<number, ReaderView>();
  const viewOf = async (userId: number) => {
    let view = views.get(userId);
    if (!view) views.set(userId, (view = await readerView(db, notifications, model, entity, request.record.id, userId, expandable)));
    return view;
  };
  const link = (view: ReaderView) => (view.record && !deleted ? { app: request.app, entity: entity.key, id: request.record.id } : null);
  const deliveries: NewDelivery[] = [];
  const users = await contactsOf(db, resolved.userIds);
  const emailUsable = channels.has('email') && notifications.mailer !== undefined && notifications.deliveries.enabled;
  if (channels.has('email') && !emailUsable) report.skipped.push({ channel: 'email', reason: notifications.mailer ? 'no job queue runs on this server' : 'PIPEWRIGHT_SMTP_URL is not set' });
  if (channels.has('sms')) report.skipped.push({ channel: 'sms', reason: 'text messages are not supported yet' });

  for (const userId of resolved.userIds) {
    const view = await viewOf(userId);
    const text = fill(templates, view, undefined);
    const target = link(view);
    if (channels.has('inApp')) {
      const result = await sql`
        INSERT INTO pipewright.notifications (recipient_id, app, entity, record_id, title, body, source, delivery_key)
        VALUES (${userId}, ${request.app}, ${target?.entity ?? null}, ${target?.id ?? null}, ${text.title}, ${text.body}, ${request.source ?? null}, ${request.key ?? null})
        ON CONFLICT DO NOTHING`.execute(db);
      report.inbox += Number(result.numAffectedRows ?? 0);
    }
    const email = users.get(userId)?.email;
    if (emailUsable && email) {
      deliveries.push({ app: request.app, channel: 'email', recipientId: userId, address: email, subject: text.title, body: text.body, link: target ? notifications.recordUrl(target) : undefined, source: request.source, key: request.key });
    }
  }

  const kinds = (['wecom', 'dingtalk'] as const).filter((k) => channels.has(k));
  if (kinds.length > 0 && !notifications.deliveries.enabled) kinds.forEach((channel) => report.skipped.push({ channel, reason: 'no job queue runs on this server' }));
  else {
    for (const robot of await notifications.robots.endpoints(db, request.app, kinds)) {
      const view = await viewOf(robot.viewAs);
      const text = fill(templates, view, robot.format === 'markdown' ? escapeMarkdown : undefined);
      const target = link(view);
      deliveries.push({ app: request.app, channel: robot.kind as RobotKind, robotId: robot.id, subject: text.title, body: text.body, link: target ? notifications.recordUrl(target) : undefined, source: request.source, key: request.key });
    }
  }
  report.queued = await notifications.deliveries.queue(db, deliveries);
  return report;
}

function checkRequest(request: NotificationRequest): void {
  const problems: { path: string; code: string; message: string }[] = [];
  if (!Number.isSafeInteger(request.record.id) || request.record.id < 1) problems.push({ path: '/record/id', code: 'notification.invalid', message: 'must be a record id' });
  if (request.recipients.length === 0 || request.recipients.length > 50) problems.push({ path: '/recipients', code: 'notification.invalid', message: 'needs 1 to 50 recipients' });
  if ((request.cc?.length ?? 0) > 50) problems.push({ path: '/cc', code: 'notification.invalid', message: 'at most 50' });
  if (problems.length > 0) throw new PipewrightError('notification.invalid', `Invalid notification: ${problems[0]!.path} ${problems[0]!.message}`, problems);
}

function fill(templates: { body: NotificationTemplate; subject: NotificationTemplate | undefined }, view: ReaderView, escapeValue: ((text: string) => string) | undefined): { title: string; body: string } {
  const record = view.record ?? {};
  const context: Partial<PrintHelperContext> = { locale: view.locale };
  const body = templates.body.fill(record, { context, escapeValue }).trim();
  const title = templates.subject ? templates.subject.fill(record, { context, escapeValue }).trim() : (body.split('\n', 1)[0] ?? '');
  return { title: [...title].slice(0, maxTitle).join('') || '通知', body };
}

/** The many-to-one fields among the template's paths, whose related record the template reads. */
function relationsIn(entity: Entity, heads: readonly string[]): string[] {
  return [...new Set(heads)].filter((head) => entity.fields.some((f) => f.key === head && f.type === 'relation' && f.kind === 'manyToOne'));
}

/**
 * The record as `userId` reads it: nothing when their roles do not let them read it (no link, no
 * values), else only the fields their roles show, related records only where they may read them.
 */
async function readerView(db: Kysely<DynamicTables>, notifications: Notifications, model: AppModel, entity: Entity, id: number, userId: number, expandable: readonly string[]): Promise<ReaderView> {
  const who = await notifications.directory.subject(userId);
  const locale = (await contactsOf(db, [userId])).get(userId)?.locale ?? 'zh-CN';
  if (!who || !who.active) return { record: undefined, locale };
  const permissions = {
    subject: { userId: who.userId, departmentId: who.departmentId, departmentTree: who.departmentTree, teamIds: who.teamIds, roleKeys: rolesIn(who, model.key), isAdmin: who.isAdmin },
  };
  const guard = new RecordGuard(notifications.policy, model, permissions).for(entity.key);
  const access = guard.access(entity.key, 'read');
  if (access && !access.allowed) return { record: undefined, locale };
  const restriction = guard.restriction('read');
  const readable = restriction ? new Set(restriction.fields(entity.key)) : undefined;
  const expand = expandable.filter((key) => !readable || readable.has(key));
  try {
    return { record: await getRecord(db, model, entity.key, id, { includeDeleted: true, expand, restriction }), locale };
  } catch (error) {
    if (error instanceof RecordNotFoundError) return { record: undefined, locale };
    throw error;
  }
}

async function contactsOf(db: Kysely<DynamicTables>, ids: readonly number[]): Promise<Map<number, { email: string | null; locale: string }>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ id: number | string; email: string | null; locale: string }>`SELECT id, email, locale FROM pipewright.users WHERE id IN (${sql.join([...ids])})`.execute(db);
  return new Map(rows.map((r) => [Number(r.id), { email: r.email, locale: r.locale }]));
}
