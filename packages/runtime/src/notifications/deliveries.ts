/**
 * E-mails and group-robot messages waiting to go out, as rows of
 * `pipewright.notification_deliveries` with a durable job each (queue `notification-send`). The
 * row and its job are written in the caller's transaction, so a rolled-back record write sends
 * nothing, and the send itself runs later in a worker, so a failing SMTP server or robot endpoint
 * never fails the write. Each attempt is counted and its error kept on the row (`attempts`,
 * `lastError`); after its retries (with doubling delays) the job lands in the dead letters and
 * the row turns `failed`, for an administrator to read and retry. A row already `sent` is never
 * sent again (a job delivered twice sends once).
 *
 * @example
 * await deliveries.queue(trx, [{ app: 'crm', channel: 'email', recipientId: 12, address: 'wang.lei@example.com', subject, body }]);
 * await deliveries.list({ state: 'failed' });   // [{ id, channel, attempts: 6, lastError: 'connect ECONNREFUSED 127.0.0.1:2525', … }]
 * await deliveries.retry(41);
 */
import { PipewrightError } from '@pipewright/engines';
import { sql, type Kysely } from 'kysely';
import type { Database, DynamicTables } from '../database/index.ts';
import type { JobQueue } from '../jobs/job-queue.ts';

export type DeliveryChannel = 'email' | 'wecom' | 'dingtalk';
export type DeliveryState = 'queued' | 'sent' | 'failed';

export interface NewDelivery {
  app: string;
  channel: DeliveryChannel;
  recipientId?: number | undefined;
  robotId?: number | undefined;
  address?: string | undefined;
  subject: string;
  body: string;
  /** The record's address in the studio, when the reader may open it. */
  link?: string | undefined;
  source?: string | undefined;
  key?: string | undefined;
}

export interface Delivery {
  id: number;
  app: string;
  channel: DeliveryChannel;
  recipientId: number | null;
  robotId: number | null;
  address: string | null;
  subject: string;
  body: string;
  link: string | null;
  source: string | null;
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

/** How sends are retried. */
export interface DeliveryRetry {
  /** Retries after the first attempt (default 5). */
  limit?: number | undefined;
  /** Seconds before the first retry, doubling after each (default 30). */
  delaySeconds?: number | undefined;
}

export const deliveryQueue = 'notification-send';
export const deadDeliveryQueue = 'notification-send-failed';

/** Sends one delivery; throws to fail the attempt. */
export type DeliverySender = (delivery: Delivery, db: Kysely<DynamicTables>) => Promise<void>;

export class DeliveryNotFoundError extends PipewrightError {
  constructor(id: number) {
    super('delivery.notFound', `There is no notification delivery ${id}`, [{ path: '/id', code: 'delivery.notFound', message: 'is not a delivery' }]);
    this.name = 'DeliveryNotFoundError';
  }
}

interface Row {
  id: number | string;
  app: string;
  channel: DeliveryChannel;
  recipient_id: number | string | null;
  robot_id: number | string | null;
  address: string | null;
  subject: string;
  body: string;
  link: string | null;
  source: string | null;
  state: DeliveryState;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

export class Deliveries {
  private readonly db: Kysely<DynamicTables>;

  constructor(database: Database, private readonly jobs: JobQueue | undefined) {
    this.db = database.db;
  }

  /** Whether sends can be queued at all (a job queue is running). */
  get enabled(): boolean {
    return this.jobs !== undefined;
  }

  /** Defines the queues and starts the worker and the dead-letter worker. */
  async start(send: DeliverySender, retry: DeliveryRetry = {}): Promise<void> {
    const jobs = this.jobs;
    if (!jobs) return;
    await jobs.defineQueue({ name: deliveryQueue, retryLimit: retry.limit ?? 5, retryDelaySeconds: retry.delaySeconds ?? 30, retryBackoff: true, deadLetter: deadDeliveryQueue, expireInSeconds: 120 });
    await jobs.work<{ delivery: number }>(deliveryQueue, async (job) => this.attempt(job.data.delivery, send));
    await jobs.work<{ delivery: number }>(deadDeliveryQueue, async (job) => {
      await sql`UPDATE pipewright.notification_deliveries SET state = 'failed', updated_at = now() WHERE id = ${job.data.delivery} AND state = 'queued'`.execute(this.db);
    });
  }

  /** Writes the deliveries and their jobs in `db` (the caller's transaction); answers their ids. */
  async queue(db: Kysely<DynamicTables>, items: readonly NewDelivery[]): Promise<number[]> {
    const jobs = this.jobs;
    if (!jobs || items.length === 0) return [];
    const ids: number[] = [];
    for (const item of items) {
      const { rows } = await sql<{ id: number | string }>`
        INSERT INTO pipewright.notification_deliveries (app, channel, recipient_id, robot_id, address, subject, body, link, source, delivery_key)
        VALUES (${item.app}, ${item.channel}, ${item.recipientId ?? null}, ${item.robotId ?? null}, ${item.address ?? null}, ${item.subject}, ${item.body}, ${item.link ?? null}, ${item.source ?? null}, ${item.key ?? null})
        ON CONFLICT DO NOTHING RETURNING id`.execute(db);
      if (!rows[0]) continue; // queued before under the same key
      const id = Number(rows[0].id);
      await jobs.send(deliveryQueue, { delivery: id }, { trx: db, idempotencyKey: `delivery:${id}` });
      ids.push(id);
    }
    return ids;
  }

  async list(filter: { state?: DeliveryState | undefined; app?: string | undefined; limit?: number | undefined; before?: number | undefined } = {}): Promise<Delivery[]> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
    const { rows } = await sql<Row>`
      SELECT * FROM pipewright.notification_deliveries WHERE TRUE
        ${filter.state ? sql`AND state = ${filter.state}` : sql``}
        ${filter.app ? sql`AND app = ${filter.app}` : sql``}
        ${filter.before !== undefined ? sql`AND id < ${filter.before}` : sql``}
       ORDER BY id DESC LIMIT ${limit}`.execute(this.db);
    return rows.map(toDelivery);
  }

  async get(id: number): Promise<Delivery> {
    const { rows } = await sql<Row>`SELECT * FROM pipewright.notification_deliveries WHERE id = ${id}`.execute(this.db);
    if (!rows[0]) throw new DeliveryNotFoundError(id);
    return toDelivery(rows[0]);
  }

  /** Sends a failed delivery again, with a fresh set of retries (an administrator's retry). */
  async retry(id: number): Promise<Delivery> {
    await this.get(id); // 404 when there is none
    const jobs = this.jobs;
    if (!jobs) throw new PipewrightError('delivery.disabled', 'Notifications are not sent from this server (no job queue)');
    await this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: number }>`UPDATE pipewright.notification_deliveries SET state = 'queued', updated_at = now() WHERE id = ${id} AND state = 'failed' RETURNING id`.execute(trx);
      if (!rows[0]) {
        throw new PipewrightError('delivery.notFailed', `Delivery ${id} has not failed: only failed deliveries are retried`, [{ path: '/id', code: 'delivery.notFailed', message: 'has not failed' }]);
      }
      await jobs.send(deliveryQueue, { delivery: id }, { trx });
    });
    return this.get(id);
  }

  private async attempt(id: number, send: DeliverySender): Promise<void> {
    const { rows } = await sql<Row>`SELECT * FROM pipewright.notification_deliveries WHERE id = ${id}`.execute(this.db);
    const row = rows[0];
    if (!row || row.state === 'sent') return;
    try {
      await send(toDelivery(row), this.db);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await sql`UPDATE pipewright.notification_deliveries SET attempts = attempts + 1, last_error = ${message.slice(0, 2000)}, updated_at = now() WHERE id = ${id}`.execute(this.db);
      throw error;
    }
    await sql`UPDATE pipewright.notification_deliveries SET state = 'sent', attempts = attempts + 1, sent_at = now(), updated_at = now() WHERE id = ${id}`.execute(this.db);
  }
}

function toDelivery(row: Row): Delivery {
  const id = (v: number | string | null) => (v === null ? null : Number(v));
  const at = (v: Date | null) => (v === null ? null : new Date(v).toISOString());
  return {
    id: Number(row.id),
    app: row.app,
    channel: row.channel,
    recipientId: id(row.recipient_id),
    robotId: id(row.robot_id),
    address: row.address,
    subject: row.subject,
    body: row.body,
    link: row.link,
    source: row.source,
    state: row.state,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    sentAt: at(row.sent_at),
  };
}
