/**
 * Each user's in-app inbox: the notifications addressed to them, newest first, a page at a time
 * by keyset (`before`: the id of the last notification of the previous page), with the count of
 * unread ones; marking one or all read. A user reads and marks only their own: another user's
 * notification reads as not found (404 `notification.notFound`), whether it exists or not.
 *
 * @example
 * const inbox = new Inbox(database);
 * const page = await inbox.list(7, { limit: 20 });        // { items, unread: 3, next: '118' }
 * await inbox.list(7, { limit: 20, before: Number(page.next) });
 * await inbox.markRead(7, page.items[0].id);
 * await inbox.markAllRead(7);                             // how many were unread
 */
import { PipewrightError } from '@pipewright/engines';
import { sql, type Kysely } from 'kysely';
import type { Database, DynamicTables } from '../database/index.ts';

export interface RecordLink {
  app: string;
  entity: string;
  id: number;
}

export interface InboxNotification {
  id: number;
  app: string;
  title: string;
  body: string;
  /** The record it is about; null when the recipient may not open it. */
  record: RecordLink | null;
  /** What sent it (a rule, a workflow step), for the reader's context. */
  source: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface InboxPage {
  items: InboxNotification[];
  /** Unread notifications of the user in all (not only on this page). */
  unread: number;
  /** `before` of the next page; null on the last page. */
  next: string | null;
}

export interface InboxQuery {
  /** 1–100 (default 20). */
  limit?: number | undefined;
  /** Only notifications older than this one (its id). */
  before?: number | undefined;
  /** Only unread ones. */
  unread?: boolean | undefined;
}

/** 404 `notification.notFound`: no such notification for this user. */
export class NotificationNotFoundError extends PipewrightError {
  constructor(id: number) {
    super('notification.notFound', `There is no notification ${id}`, [{ path: '/id', code: 'notification.notFound', message: 'is not a notification of yours' }]);
    this.name = 'NotificationNotFoundError';
  }
}

interface Row {
  id: number | string;
  app: string;
  entity: string | null;
  record_id: number | string | null;
  title: string;
  body: string;
  source: string | null;
  created_at: Date;
  read_at: Date | null;
}

export const maxInboxPage = 100;

export class Inbox {
  private readonly db: Kysely<DynamicTables>;

  constructor(database: Database) {
    this.db = database.db;
  }

  async list(userId: number, query: InboxQuery = {}): Promise<InboxPage> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 20), 1), maxInboxPage);
    const { rows } = await sql<Row>`
      SELECT id, app, entity, record_id, title, body, source, created_at, read_at FROM pipewright.notifications
       WHERE recipient_id = ${userId}
         ${query.before !== undefined ? sql`AND id < ${query.before}` : sql``}
         ${query.unread ? sql`AND read_at IS NULL` : sql``}
       ORDER BY id DESC LIMIT ${limit + 1}`.execute(this.db);
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map(toNotification);
    return { items, unread: await this.unreadCount(userId), next: more ? String(items[items.length - 1]!.id) : null };
  }

  async unreadCount(userId: number): Promise<number> {
    const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM pipewright.notifications WHERE recipient_id = ${userId} AND read_at IS NULL`.execute(this.db);
    return Number(rows[0]?.n ?? 0);
  }

  /** Marks one notification read (again: no change) and answers it. */
  async markRead(userId: number, id: number): Promise<InboxNotification> {
    const { rows } = await sql<Row>`
      UPDATE pipewright.notifications SET read_at = COALESCE(read_at, now())
       WHERE id = ${id} AND recipient_id = ${userId}
       RETURNING id, app, entity, record_id, title, body, source, created_at, read_at`.execute(this.db);
    if (!rows[0]) throw new NotificationNotFoundError(id);
    return toNotification(rows[0]);
  }

  /** Marks every unread notification of the user read (those of one app, when given); answers how many. */
  async markAllRead(userId: number, app?: string): Promise<number> {
    const result = await sql`
      UPDATE pipewright.notifications SET read_at = now()
       WHERE recipient_id = ${userId} AND read_at IS NULL ${app !== undefined ? sql`AND app = ${app}` : sql``}`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }
}

function toNotification(row: Row): InboxNotification {
  return {
    id: Number(row.id),
    app: row.app,
    title: row.title,
    body: row.body,
    record: row.entity !== null && row.record_id !== null ? { app: row.app, entity: row.entity, id: Number(row.record_id) } : null,
    source: row.source,
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at === null ? null : new Date(row.read_at).toISOString(),
  };
}
