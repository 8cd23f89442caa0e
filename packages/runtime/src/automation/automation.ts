/**
 * Automation after commit: the dispatcher moves committed record events from the outbox to
 * durable jobs, and the worker runs the app's rulesets on each event and applies their effects.
 *
 * - **Dispatch.** A sweep claims undispatched events with `FOR UPDATE SKIP LOCKED`, sends one
 *   pg-boss job for the batch in the same transaction (idempotency key: the batch's events) and
 *   marks them dispatched. A crash between a write's commit and its dispatch loses nothing: the
 *   next sweep (every second, in every server process, and right after each write) finds the row.
 * - **Exactly once per (event, ruleset).** A ruleset's effects are applied in one transaction
 *   with its row in `pipewright.automation_runs` (unique per event and ruleset): a retried or
 *   duplicated job finds the run done and applies nothing; a failed run rolls back whole and is
 *   recorded as failed for the log, and the job is retried with backoff.
 * - **Turns.** Assignments lock the app's round-robin turn for the entity (see
 *   `assignment-pool.ts`), so concurrent events are assigned one after another.
 * - **Loops.** Writes made by automation carry the depth of their cause; an event at the depth
 *   limit whose rulesets would act again is stopped with a logged error and nothing applied.
 *
 * @example
 * const automation = await Automation.start(database, apps);
 * records.onWrite.add(() => automation.kick());
 * await automation.settled(); // tests: every event so far has run
 */
import { evaluateRuleset, systemClock, type Clock, type CompiledRuleset, type LoadSnapshot } from '@pipewright/engines';
import { sql, type Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { AppStore } from '../apps/app-store.ts';
import type { Database, DynamicTables } from '../database/index.ts';
import { JobQueue, type Job } from '../jobs/job-queue.ts';
import { readMany, type RecordData } from '../records/record-writer.ts';
import { applyEffects, type AppliedEffect, type NotificationDelivery } from './apply-effects.ts';
import { hasAutomation, rulesetsFor } from './app-rulesets.ts';
import { assignmentSnapshot, saveTurn } from './assignment-pool.ts';
import { eventFacts } from './event-facts.ts';
import { readRecordEvent, type RecordEvent, type RecordEventKind } from './record-events.ts';
import { TimerFiring } from './timer-firing.ts';
import { webhookQueue, Webhooks } from './webhooks.ts';
import { OutboundPolicy } from '../outbound/outbound-policy.ts';

type Executor = Kysely<DynamicTables>;

export const automationQueue = 'automation-events';
const deadLetters = 'automation-events-failed';

export interface AutomationOptions {
  /** Events caused by automation deeper than this are not acted on (default 5). */
  maxDepth?: number;
  /** How often the dispatcher sweeps the outbox, in ms (default 1000). */
  sweepIntervalMs?: number;
  /** How often an idle worker polls for jobs, in seconds (default 0.5). */
  pollingIntervalSeconds?: number;
  /** Delivers `notify` effects; without it they are logged as not delivered. */
  deliver?: NotificationDelivery;
  /** Where errors are logged (default: console.error). */
  logError?: (message: string, details: Record<string, unknown>) => void;
  /** The process's job queue, shared with other workers; default: one of its own (stopped with automation). */
  jobs?: JobQueue;
  /** Start no worker (a process that only dispatches); default false. */
  dispatchOnly?: boolean;
  /** Starts the workflows a record event triggers (`create`, `update`, `fieldChange` triggers). */
  workflows?: WorkflowStarter;
  /** Where "now" comes from for timers, schedules and derived facts (tests move a `ManualClock`); default the machine's. */
  clock?: Clock;
  /** Timers fired at once by this process (default: 4 on PostgreSQL, 1 on PGlite). */
  timerConcurrency?: number;
  /** Where `callWebhook` may send (default: `PIPEWRIGHT_WEBHOOK_ALLOW` of the environment, decision 086). */
  outbound?: OutboundPolicy;
}

/** What automation needs of workflows: which an event starts, and starting them once per event. */
export interface WorkflowStarter {
  /** Whether the event starts any workflow of the app (dispatch makes no job otherwise). */
  triggeredBy(model: AppModel, event: { entity: string; kind: RecordEventKind; changed: string[] | null }): boolean;
  /** Starts each workflow the event triggers, at most once per (event, workflow); answers errors of those that failed. */
  startFor(event: RecordEvent): Promise<string[]>;
}

/** One entry of the automation log. */
export interface AutomationRun {
  id: number;
  eventId: number;
  event: string;
  entity: string;
  recordId: number;
  ruleset: string;
  status: 'done' | 'failed';
  matched: string[];
  effects: AppliedEffect[];
  error: string | null;
  attempts: number;
  createdAt: string;
  finishedAt: string;
}

interface EventBatch {
  events: number[];
}

const batchSize = 200;

export class Automation {
  readonly #database: Database;
  readonly #apps: AppStore;
  readonly #jobs: JobQueue;
  readonly #options: AutomationOptions;
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  #worker: string | undefined;
  #soon: NodeJS.Timeout | undefined;
  readonly #clock: Clock;
  readonly #timers: TimerFiring;
  #firing: Promise<void> | undefined;
  #schedulesSyncedAt = 0;
  #webhooks: Webhooks | undefined;

  private constructor(database: Database, apps: AppStore, jobs: JobQueue, options: AutomationOptions) {
    this.#database = database;
    this.#apps = apps;
    this.#jobs = jobs;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#timers = new TimerFiring(database, apps, this.#clock, {
      run: (trx, model, event, ruleset, now) => this.#runRuleset(trx, model, event, ruleset, now),
      failed: (db, event, ruleset, error) => this.#record(db, event, ruleset, { status: 'failed', matched: [], effects: [], error }),
      logError: (message, details) => this.#logError(message, details),
    });
  }

  /** Starts the job queue, the worker and the dispatcher's sweeps. */
  static async start(database: Database, apps: AppStore, options: AutomationOptions = {}): Promise<Automation> {
    const jobs = options.jobs ?? (await JobQueue.start(database, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5 }));
    await jobs.defineQueue({ name: automationQueue, retryLimit: 3, retryDelaySeconds: 2, retryBackoff: true, deadLetter: deadLetters });
    const automation = new Automation(database, apps, jobs, options);
    automation.#webhooks = await Webhooks.start(jobs, options.outbound ?? OutboundPolicy.fromEnvironment(process.env), (message, details) => automation.#logError(message, details), !options.dispatchOnly);
    if (!options.dispatchOnly) automation.#worker = await jobs.work<EventBatch>(automationQueue, (job) => automation.#handle(job));
    const interval = options.sweepIntervalMs ?? 1000;
    automation.#timer = setInterval(() => {
      automation.kick();
      if (!options.dispatchOnly) void automation.#fireTimers();
    }, interval);
    automation.#timer.unref();
    automation.kick();
    if (!options.dispatchOnly) await automation.#timers.syncApps();
    automation.#schedulesSyncedAt = Date.now();
    return automation;
  }

  /**
   * Sweeps the outbox soon (after a write commits): within a few milliseconds, so a burst of
   * writes goes out as one job; sweeps never overlap within a process.
   */
  kick(): void {
    if (this.#stopped || this.#soon) return;
    this.#soon = setTimeout(() => {
      this.#soon = undefined;
      this.#sweep();
    }, 5);
  }

  #sweep(): void {
    if (this.#stopped) return;
    if (this.#sweeping) {
      this.#again = true;
      return;
    }
    this.#sweeping = (async () => {
      try {
        do {
          this.#again = false;
          while ((await this.dispatch()) === batchSize);
        } while (this.#again && !this.#stopped);
      } catch (error) {
        if (!this.#stopped) this.#logError('automation dispatch failed', { error: String(error) });
      } finally {
        this.#sweeping = undefined;
      }
    })();
  }

  /**
   * Fires what is due: the schedules' occurrences, then the timers (see `timer-firing.ts`);
   * rounds never overlap within a process. Schedules and timer rulesets are matched to the apps every 30 s (`syncApps`).
   */
  #fireTimers(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#firing ??= (async () => {
      try {
        if (Date.now() - this.#schedulesSyncedAt > 30_000) {
          this.#schedulesSyncedAt = Date.now();
          await this.#timers.syncApps();
        }
        await this.#timers.startOccurrences();
        const concurrency = this.#options.timerConcurrency ?? (this.#database.kind === 'postgres' ? 4 : 1);
        await this.#timers.fireDue(concurrency);
      } catch (error) {
        if (!this.#stopped) this.#logError('automation timers failed', { error: String(error) });
      } finally {
        this.#firing = undefined;
      }
    })();
    return this.#firing;
  }

  /**
   * Matches schedules and timers to the installed apps now (after a publish, instead of within
   * 30 s): new schedules start, and the records of a new or changed timer ruleset get their timers.
   */
  async syncApps(): Promise<void> {
    this.#schedulesSyncedAt = Date.now();
    await this.#timers.syncApps();
  }

  /** Moves one batch of committed events to a job; answers how many events it claimed. */
  async dispatch(): Promise<number> {
    return this.#database.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: number | string; app: string; entity: string; kind: RecordEventKind; changed: string[] | null }>`
        SELECT id, app, entity, kind, changed FROM pipewright.record_events WHERE dispatched_at IS NULL ORDER BY id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`.execute(trx);
      if (rows.length === 0) return 0;
      // Only events that run a ruleset become work (an automation's own owner change usually runs none).
      const acting: number[] = [];
      for (const row of rows) if (await this.#triggers(row)) acting.push(Number(row.id));
      if (acting.length > 0) {
        await this.#jobs.send(automationQueue, { events: acting } satisfies EventBatch, { trx, idempotencyKey: `events:${acting[0]}-${acting.at(-1)}:${acting.length}` });
      }
      await sql`UPDATE pipewright.record_events SET dispatched_at = now() WHERE id IN (${sql.join(rows.map((r) => Number(r.id)))})`.execute(trx);
      return acting.length > 0 ? -rows.length : rows.length;
    }).then((claimed) => {
      // The job is committed now: wake this process's worker rather than wait for its poll.
      if (claimed < 0) this.#wake();
      return Math.abs(claimed);
    });
  }

  /**
   * Resolves once every event committed so far has been dispatched and run (or has failed for
   * good); for tests and benchmarks.
   */
  async settled(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      this.#sweep();
      await this.#sweeping;
      if (!this.#options.dispatchOnly) await this.#fireTimers();
      const due = this.#options.dispatchOnly ? 0 : await this.#timers.due();
      const { rows } = await sql<{ events: number; jobs: number }>`
        SELECT (SELECT count(*)::int FROM pipewright.record_events WHERE dispatched_at IS NULL) AS events,
               (SELECT count(*)::int FROM pgboss.job WHERE name IN (${automationQueue}, ${webhookQueue}) AND state IN ('created', 'retry', 'active')) AS jobs`.execute(this.#database.db);
      if (rows[0]!.events === 0 && rows[0]!.jobs === 0 && due === 0) return;
      if (Date.now() > until) throw new Error(`automation not settled within ${timeoutMs} ms: ${JSON.stringify({ ...rows[0], timers: due })}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The automation log of an app, newest first. */
  async log(app: string, query: { limit?: number; before?: number; status?: 'done' | 'failed'; entity?: string; recordId?: number } = {}): Promise<AutomationRun[]> {
    const { rows } = await sql<RunRow>`
      SELECT r.*, e.kind AS event_kind FROM pipewright.automation_runs r JOIN pipewright.record_events e ON e.id = r.event_id
       WHERE r.app = ${app}
         ${query.before !== undefined ? sql`AND r.id < ${query.before}` : sql``}
         ${query.status ? sql`AND r.status = ${query.status}` : sql``}
         ${query.entity ? sql`AND r.entity = ${query.entity}` : sql``}
         ${query.recordId !== undefined ? sql`AND r.record_id = ${query.recordId}` : sql``}
       ORDER BY r.id DESC LIMIT ${Math.min(Math.max(query.limit ?? 50, 1), 500)}`.execute(this.#database.db);
    return rows.map(toRun);
  }

  /** One entry of the log, or undefined. */
  async run(app: string, id: number): Promise<AutomationRun | undefined> {
    const { rows } = await sql<RunRow>`
      SELECT r.*, e.kind AS event_kind FROM pipewright.automation_runs r JOIN pipewright.record_events e ON e.id = r.event_id
       WHERE r.app = ${app} AND r.id = ${id}`.execute(this.#database.db);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  /** Runs a failed entry's event again (its other, done rulesets are not repeated). */
  async retry(app: string, id: number): Promise<AutomationRun | undefined> {
    const run = await this.run(app, id);
    if (!run) return undefined;
    if (run.status === 'failed' && run.event === 'timer') {
      // A timer that gave up is due again at once; its run and event are the same (one per due time).
      await sql`UPDATE pipewright.automation_timers t SET status = 'scheduled', attempts = 0, retry_at = NULL
                 FROM pipewright.record_events e
                WHERE e.id = ${run.eventId} AND t.app = e.app AND t.ruleset = ${run.ruleset} AND t.record_id = e.record_id AND t.due_at = (e.detail->>'dueAt')::timestamptz AND t.status <> 'fired'`.execute(this.#database.db);
      return run;
    }
    if (run.status === 'failed') await this.#jobs.send(automationQueue, { events: [run.eventId] } satisfies EventBatch, { idempotencyKey: `retry:${run.id}:${run.attempts}` });
    return run;
  }

  /** Stops sweeping and the worker (waiting for a running job); the database stays open. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    if (this.#soon) clearTimeout(this.#soon);
    await this.#sweeping;
    await this.#firing;
    await this.#webhooks?.stop();
    if (!this.#options.jobs) await this.#jobs.stop();
    // A shared queue may be stopped already (the server stops it first): then so is the worker.
    else if (this.#worker) await this.#jobs.offWork(this.#worker).catch(() => undefined);
  }

  async #triggers(event: { app: string; entity: string; kind: RecordEventKind; changed: string[] | null }): Promise<boolean> {
    let model: AppModel;
    try {
      model = await this.#apps.model(event.app);
    } catch {
      return false; // an app since uninstalled
    }
    if (this.#options.workflows?.triggeredBy(model, event)) return true;
    return hasAutomation(model, event.entity) && rulesetsFor(model, event.entity, event, 'automation').length > 0;
  }

  async #handle(job: Job<EventBatch>): Promise<void> {
    const failures: string[] = [];
    for (const id of job.data.events) {
      const event = await readRecordEvent(this.#database.db, id);
      if (!event) continue;
      failures.push(...(await this.#runEvent(event)));
    }
    // The job fails (and is retried with backoff) while any run failed; runs done are not repeated.
    // More may be waiting: look again at once instead of after the polling interval.
    this.#wake();
    if (failures.length > 0) throw new Error(failures.join('; '));
    this.kick();
  }

  /** Runs every ruleset the event triggers; answers the errors of those that failed. */
  async #runEvent(event: RecordEvent): Promise<string[]> {
    let model: AppModel;
    try {
      model = await this.#apps.model(event.app);
    } catch {
      return [];
    }
    const failures: string[] = [];
    for (const ruleset of rulesetsFor(model, event.entity, event, 'automation')) {
      try {
        await this.#database.db.transaction().execute((trx) => this.#runRuleset(trx, model, event, ruleset));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push(`${ruleset.key} on event ${event.id}: ${message}`);
        this.#logError('automation run failed', { app: event.app, event: event.id, ruleset: ruleset.key, error: message });
        await this.#record(this.#database.db, event, ruleset, { status: 'failed', matched: [], effects: [], error: message });
      }
    }
    if (this.#options.workflows?.triggeredBy(model, event)) failures.push(...(await this.#options.workflows.startFor(event)));
    return failures;
  }

  async #runRuleset(trx: Executor, model: AppModel, event: RecordEvent, ruleset: CompiledRuleset, now: Date = this.#clock.now()): Promise<void> {
    // Claim the run: nothing when it is done already (a retried or duplicated job).
    const { rows: claimed } = await sql<{ id: number }>`
      INSERT INTO pipewright.automation_runs (event_id, app, ruleset, entity, record_id, status)
      VALUES (${event.id}, ${event.app}, ${ruleset.key}, ${event.entity}, ${event.recordId}, 'done')
      ON CONFLICT (event_id, ruleset) DO UPDATE SET attempts = pipewright.automation_runs.attempts + 1
       WHERE pipewright.automation_runs.status <> 'done'
      RETURNING id`.execute(trx);
    if (claimed.length === 0) return;
    const entity = model.entity(event.entity);
    const [record] = await readMany(trx, model, entity, [event.recordId], { lock: true, deleted: event.kind === 'delete' });
    if (!record) {
      await this.#record(trx, event, ruleset, { status: 'done', matched: [], effects: [], error: null }, true);
      return;
    }
    const assigns = rulesetAssigns(model, ruleset.key);
    let snapshot: LoadSnapshot | undefined = assigns ? await assignmentSnapshot(trx, model, entity.key, { lock: true }) : undefined;
    const facts = await eventFacts(trx, model, ruleset, { record, previous: event.previous as RecordData | null, isNew: event.kind === 'create', actor: event.actor, now });
    const outcome = await evaluateRuleset(ruleset, facts, snapshot);
    const acting = outcome.effects.filter((e) => e.kind !== 'reject');
    const maxDepth = this.#options.maxDepth ?? 5;
    if (acting.length > 0 && event.depth >= maxDepth) {
      const error = `stopped at automation depth ${event.depth}: rules ${outcome.matched.join(', ')} would change records again (a loop of rules?); nothing applied`;
      this.#logError('automation depth limit', { app: event.app, event: event.id, ruleset: ruleset.key, error });
      await this.#record(trx, event, ruleset, { status: 'failed', matched: outcome.matched, effects: acting.map((e) => ({ ...e, result: 'not applied' })), error }, true);
      return;
    }
    const applied = await applyEffects({ database: this.#database, db: trx, model, event, record, deliver: this.#options.deliver, webhooks: this.#webhooks }, outcome.effects);
    snapshot = outcome.snapshot;
    if (assigns && snapshot) await saveTurn(trx, model, entity.key, snapshot);
    await this.#record(trx, event, ruleset, { status: 'done', matched: outcome.matched, effects: applied, error: null }, true);
  }

  /**
   * Writes the run's outcome. A failure after rollback counts an attempt and never overwrites a
   * done run; `claimed`: the caller holds the run's claim in this transaction (any outcome wins).
   */
  async #record(db: Executor, event: RecordEvent, ruleset: CompiledRuleset, run: { status: 'done' | 'failed'; matched: string[]; effects: AppliedEffect[]; error: string | null }, claimed = false): Promise<void> {
    await sql`
      INSERT INTO pipewright.automation_runs (event_id, app, ruleset, entity, record_id, status, matched, effects, error)
      VALUES (${event.id}, ${event.app}, ${ruleset.key}, ${event.entity}, ${event.recordId}, ${run.status}, ${JSON.stringify(run.matched)}::jsonb, ${JSON.stringify(run.effects)}::jsonb, ${run.error})
      ON CONFLICT (event_id, ruleset) DO UPDATE SET status = excluded.status, matched = excluded.matched, effects = excluded.effects, error = excluded.error, finished_at = now(),
        attempts = pipewright.automation_runs.attempts + ${claimed ? 0 : sql`(CASE WHEN excluded.status = 'failed' THEN 1 ELSE 0 END)`}
       WHERE ${claimed ? sql`TRUE` : sql`pipewright.automation_runs.status <> 'done' OR excluded.status = 'done'`}`.execute(db);
  }

  #wake(): void {
    if (this.#worker && !this.#stopped) this.#jobs.notify(this.#worker);
  }

  #logError(message: string, details: Record<string, unknown>): void {
    (this.#options.logError ?? ((m, d) => console.error(m, d)))(message, details);
  }
}

/** Whether the ruleset has an `assign` action (and so takes the round-robin turn). */
function rulesetAssigns(model: AppModel, key: string): boolean {
  return (model.bundle.rules ?? []).some((r) => r.key === key && r.rules.some((rule) => rule.actions.some((a) => a.type === 'assign')));
}

interface RunRow {
  id: number | string;
  event_id: number | string;
  event_kind: string;
  entity: string;
  record_id: number | string;
  ruleset: string;
  status: 'done' | 'failed';
  matched: unknown;
  effects: unknown;
  error: string | null;
  attempts: number;
  created_at: Date | string;
  finished_at: Date | string;
}

function toRun(row: RunRow): AutomationRun {
  const json = <T>(v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return {
    id: Number(row.id),
    eventId: Number(row.event_id),
    event: row.event_kind,
    entity: row.entity,
    recordId: Number(row.record_id),
    ruleset: row.ruleset,
    status: row.status,
    matched: json<string[]>(row.matched),
    effects: json<AppliedEffect[]>(row.effects),
    error: row.error,
    attempts: Number(row.attempts),
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: new Date(row.finished_at).toISOString(),
  };
}
