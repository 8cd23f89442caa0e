/**
 * The rules' `callWebhook` effect: an outbox of webhook calls on the durable job queue.
 *
 * A run does not call the outside system inside its transaction (that would hold the record's
 * lock for as long as the endpoint takes, and a rolled-back run could not take the call back).
 * It checks the URL's form against the outbound policy (a literal private, loopback or
 * link-local address is refused at once, and the log says so) and queues one job per event,
 * rule and action in the run's transaction, so a committed run has its call queued and a
 * rolled-back one has none. The worker sends it with `sendOutbound` (the SSRF policy again,
 * after DNS, and for each redirect, decision 086) and an `Idempotency-Key` header that stays the
 * same across retries; a 4xx/5xx answer or a failed connection is retried with backoff (3
 * retries) before the dead-letter queue. A refusal after DNS is not retried: it is logged.
 *
 * @example
 * const webhooks = await Webhooks.start(jobs, OutboundPolicy.fromEnvironment(process.env), logError);
 * await webhooks.queue(trx, { event, effect, index: 0 }); // 'queued POST https://erp.example.com/hook'
 */
import type { RuleEffect } from '@pipewright/engines';
import type { Kysely } from 'kysely';
import type { DynamicTables } from '../database/index.ts';
import type { Job, JobQueue } from '../jobs/job-queue.ts';
import { OutboundRefusedError, type OutboundPolicy } from '../outbound/outbound-policy.ts';
import { sendOutbound } from '../outbound/outbound-request.ts';
import type { RecordEvent } from './record-events.ts';

export const webhookQueue = 'automation-webhooks';
const deadLetters = 'automation-webhooks-failed';

type WebhookEffect = Extract<RuleEffect, { kind: 'callWebhook' }>;

interface WebhookCall {
  url: string;
  method: 'POST' | 'PUT' | 'PATCH';
  body: unknown;
  key: string;
  app: string;
  entity: string;
  recordId: number;
  ruleset: string;
  rule: string;
}

export class Webhooks {
  readonly #jobs: JobQueue;
  readonly #policy: OutboundPolicy;
  readonly #logError: (message: string, details: Record<string, unknown>) => void;
  #worker: string | undefined;

  private constructor(jobs: JobQueue, policy: OutboundPolicy, logError: (message: string, details: Record<string, unknown>) => void) {
    this.#jobs = jobs;
    this.#policy = policy;
    this.#logError = logError;
  }

  /** Defines the queue and, unless `worker` is false, starts this process's worker. */
  static async start(jobs: JobQueue, policy: OutboundPolicy, logError: (message: string, details: Record<string, unknown>) => void, worker = true): Promise<Webhooks> {
    await jobs.defineQueue({ name: webhookQueue, retryLimit: 3, retryDelaySeconds: 2, retryBackoff: true, deadLetter: deadLetters });
    const webhooks = new Webhooks(jobs, policy, logError);
    if (worker) webhooks.#worker = await jobs.work<WebhookCall>(webhookQueue, (job) => webhooks.#send(job));
    return webhooks;
  }

  /** Queues the call in `trx` (the run's transaction); answers the line for the automation log. */
  async queue(trx: Kysely<DynamicTables>, input: { event: RecordEvent; effect: WebhookEffect; index: number }): Promise<string> {
    const { event, effect, index } = input;
    try {
      this.#policy.checkUrl(effect.url);
    } catch (error) {
      if (error instanceof OutboundRefusedError) return `refused: ${error.message}`;
      throw error;
    }
    const key = `event:${event.id}/${effect.ruleset}/${effect.rule}/${index}`;
    const call: WebhookCall = { url: effect.url, method: effect.method, body: effect.body ?? null, key, app: event.app, entity: event.entity, recordId: event.recordId, ruleset: effect.ruleset, rule: effect.rule };
    await this.#jobs.send(webhookQueue, call, { trx, idempotencyKey: key });
    if (this.#worker) this.#jobs.notify(this.#worker);
    return `queued ${effect.method} ${new URL(effect.url).origin}${new URL(effect.url).pathname}`;
  }

  async stop(): Promise<void> {
    if (this.#worker) await this.#jobs.offWork(this.#worker).catch(() => undefined);
  }

  async #send(job: Job<WebhookCall>): Promise<void> {
    const call = job.data;
    const details = { app: call.app, entity: call.entity, record: call.recordId, ruleset: call.ruleset, rule: call.rule, url: call.url };
    try {
      const answer = await sendOutbound(this.#policy, {
        url: call.url,
        method: call.method,
        json: call.body,
        headers: { 'idempotency-key': call.key, 'x-pipewright-ruleset': `${call.ruleset}/${call.rule}`, 'x-pipewright-record': `${call.app}/${call.entity}/${call.recordId}` },
      });
      if (answer.status >= 400) throw new Error(`${call.url} answered ${answer.status}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#logError('automation webhook failed', { ...details, error: message });
      // A refused address will not become allowed by trying again.
      if (error instanceof OutboundRefusedError) return;
      throw error;
    }
  }
}
