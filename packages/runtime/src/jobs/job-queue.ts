/**
 * Durable jobs in the app's own database: pg-boss 10 over the runtime's {@link Database}, through
 * its `db` option (`executeSql`), on PostgreSQL and on PGlite alike. Jobs survive restarts, are
 * retried with a delay that can grow (backoff), land in a dead-letter queue when they run out of
 * retries, and are claimed with `SKIP LOCKED`, so several server processes on one PostgreSQL
 * share the work without running a job twice.
 *
 * A job can be sent in the caller's transaction (`send(…, { trx })`): it exists only if the write
 * that caused it commits. An idempotency key makes sending the same job twice a no-op: the job's
 * id is derived from the key, and pg-boss inserts a job whose id exists as nothing.
 */
import { createHash } from 'node:crypto';
import { PipewrightError } from '@pipewright/engines';
import type { Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { Database } from '../database/database.ts';
import { sqlExecutor } from '../database/execute-sql.ts';

/** How one queue's jobs are retried. */
export interface QueueDefinition {
  name: string;
  /** Retries after the first attempt (default 2). */
  retryLimit?: number;
  /** Seconds before a retry (default 0); with `retryBackoff` the first delay, doubling each time. */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** A job running longer than this fails (and is retried); default 15 minutes. */
  expireInSeconds?: number;
  /** Where jobs go when their retries are used up; a queue of its own, created alongside. */
  deadLetter?: string;
}

export interface SendOptions {
  /** Send in this transaction: the job exists only if the transaction commits. */
  trx?: Kysely<never> | Kysely<Record<string, Record<string, unknown>>>;
  /** Sending a second job with the same key to the same queue does nothing and returns null. */
  idempotencyKey?: string;
  /** Do not run before this moment. */
  startAfter?: Date;
}

/** What a worker is handed. */
export interface Job<T> {
  id: string;
  name: string;
  data: T;
}

/** A job as the queue holds it. */
export interface JobRecord {
  id: string;
  name: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  retryCount: number;
  data: unknown;
  output: unknown;
}

/** A queue name pg-boss would refuse, or a queue that was never defined. */
export class JobQueueError extends PipewrightError {
  constructor(code: 'jobs.unknownQueue' | 'jobs.invalid', message: string) {
    super(code, message);
    this.name = 'JobQueueError';
  }
}

export interface JobQueueOptions {
  /** The schema pg-boss keeps its tables in (default `pgboss`). */
  schema?: string;
  /** How often an idle worker looks for jobs, in seconds (default 2; at least 0.5). */
  pollingIntervalSeconds?: number;
}

/**
 * The job queue of a runtime.
 *
 * ```ts
 * const jobs = await JobQueue.start(database)
 * await jobs.defineQueue({ name: 'lead-reminder', retryLimit: 3, retryDelaySeconds: 30, retryBackoff: true, deadLetter: 'lead-reminder-failed' })
 * await jobs.work<{ lead: number }>('lead-reminder', async (job) => remind(job.data.lead))
 * await database.db.transaction().execute(async (trx) => {
 *   const lead = await records.create(…, { trx })
 *   await jobs.send('lead-reminder', { lead: lead.id }, { trx, idempotencyKey: `lead-reminder:${lead.id}`, startAfter: inThreeDays })
 * })
 * await jobs.stop()
 * ```
 */
export class JobQueue {
  readonly #boss: PgBoss;
  readonly #queues = new Set<string>();
  readonly #polling: number;

  private constructor(boss: PgBoss, polling: number) {
    this.#boss = boss;
    this.#polling = polling;
  }

  /** Installs pg-boss's tables when missing (or migrates them), and starts its maintenance. */
  static async start(database: Database, options: JobQueueOptions = {}): Promise<JobQueue> {
    const boss = new PgBoss({
      db: { executeSql: (text, values) => database.executeSql(text, values) },
      schema: options.schema ?? 'pgboss',
      // pg-boss's own cron scheduler is not used.
      schedule: false,
    });
    boss.on('error', () => undefined); // maintenance errors are retried by pg-boss on its next round
    await boss.start();
    return new JobQueue(boss, Math.max(0.5, options.pollingIntervalSeconds ?? 2));
  }

  /** Creates the queue (and its dead-letter queue) unless it exists. Safe to call on every start. */
  async defineQueue(definition: QueueDefinition): Promise<void> {
    if (definition.deadLetter) {
      await this.#boss.createQueue(definition.deadLetter, { name: definition.deadLetter, policy: 'standard' });
      this.#queues.add(definition.deadLetter);
    }
    await this.#boss.createQueue(definition.name, {
      name: definition.name,
      policy: 'standard',
      retryLimit: definition.retryLimit ?? 2,
      retryDelay: definition.retryDelaySeconds ?? 0,
      retryBackoff: definition.retryBackoff ?? false,
      expireInSeconds: definition.expireInSeconds ?? 15 * 60,
      ...(definition.deadLetter ? { deadLetter: definition.deadLetter } : {}),
    });
    this.#queues.add(definition.name);
  }

  /** Sends a job; its id, or null when a job with the same idempotency key was sent before. */
  async send(name: string, data: object, options: SendOptions = {}): Promise<string | null> {
    this.#known(name);
    return this.#boss.send(name, data, {
      ...(options.trx ? { db: sqlExecutor(options.trx as Kysely<unknown>) as PgBoss.Db } : {}),
      ...(options.idempotencyKey ? { id: jobIdOf(name, options.idempotencyKey) } : {}),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
    });
  }

  /**
   * Runs `handler` for each job of the queue, one at a time per worker. A handler that throws
   * fails the attempt: the job is retried, and after its last retry goes to the dead letters.
   */
  async work<T>(name: string, handler: (job: Job<T>) => Promise<unknown>): Promise<string> {
    this.#known(name);
    return this.#boss.work<T>(name, { batchSize: 1, pollingIntervalSeconds: this.#polling }, async ([job]) => {
      if (job) return handler({ id: job.id, name: job.name, data: job.data });
      return undefined;
    });
  }

  /**
   * Wakes a worker of this process (`work` answered its id) to look for jobs now instead of at
   * its next poll: after sending a job it should run, or after finishing one while more wait.
   */
  notify(workerId: string): void {
    this.#boss.notifyWorker(workerId);
  }

  /** Stops one worker of this process (`work` answered its id), waiting for its running job. */
  async offWork(workerId: string): Promise<void> {
    await this.#boss.offWork({ id: workerId });
  }

  /** The job as the queue holds it now, or null. */
  async job(name: string, id: string): Promise<JobRecord | null> {
    const job = await this.#boss.getJobById(name, id, { includeArchive: true });
    if (!job) return null;
    return { id: job.id, name: job.name, state: job.state, retryCount: job.retryCount, data: job.data, output: job.output };
  }

  /** Puts a failed job back in its queue for another try (an administrator's retry). */
  async retry(name: string, id: string): Promise<void> {
    this.#known(name);
    await this.#boss.retry(name, id);
  }

  /** Stops the workers, waiting up to `timeoutMs` for running jobs; the database stays open. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.#boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
  }

  #known(name: string): void {
    if (!this.#queues.has(name)) throw new JobQueueError('jobs.unknownQueue', `There is no job queue "${name}": define it first (defineQueue).`);
  }
}

/**
 * The job id an idempotency key stands for in a queue: a UUID (version 5 layout) of the SHA-1 of
 * queue and key, so the same key always names the same job.
 */
export function jobIdOf(queue: string, key: string): string {
  const hex = createHash('sha1').update(`${queue}\u0000${key}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
