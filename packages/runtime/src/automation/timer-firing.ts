/**
 * Fires due timers and the occurrences of cron schedules, in every server process, each exactly
 * once (decision 081).
 *
 * - **Timers.** A firing transaction claims up to 20 due rows of `pipewright.automation_timers`
 *   with `FOR UPDATE SKIP LOCKED` and, for each, locks the record (skipping it for now when a
 *   write holds it, so a firing never waits on a write that waits on the timer), re-checks the
 *   timer on the record as it is (`while`, the due time), runs the ruleset on a `timer` record
 *   event whose idempotency key is the timer and its due time, and marks the row fired (or,
 *   repeating, sets the next occurrence), all in that one transaction (one commit per batch). A
 *   crash before commit leaves the rows due; a commit leaves them fired: each due time runs the
 *   actions once. A failing run rolls back to its savepoint, is logged as failed and is tried
 *   again with backoff (3 retries), then stays `failed` until an administrator retries it.
 * - **Schedules.** `pipewright.automation_schedules` holds each scheduled ruleset's next
 *   occurrence. The transaction that claims a due occurrence gives every record of the
 *   ruleset's `scheduleFilter` a timer due at the occurrence and moves `next_at` on (occurrences
 *   missed while no process ran collapse into one); the records' timers then fire as above.
 */
import { matchesFilter, type Clock, type CompiledRuleset } from '@pipewright/engines';
import { CronExpressionParser } from 'cron-parser';
import { sql, type Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { AppStore } from '../apps/app-store.ts';
import type { Database, DynamicTables } from '../database/index.ts';
import { compileFilter } from '../query/filter-sql.ts';
import { readMany, type RecordData } from '../records/record-writer.ts';
import { rulesetByKey, scheduledRulesets, timerRulesets } from './app-rulesets.ts';
import { toEvent, type EventRow, type RecordEvent } from './record-events.ts';
import { keepTimers } from './timers.ts';

type Executor = Kysely<DynamicTables>;

/** How a timer's run is carried out and a failure recorded: the automation's own run path. */
export interface TimerRunner {
  run(trx: Executor, model: AppModel, event: RecordEvent, ruleset: CompiledRuleset, now: Date): Promise<void>;
  failed(db: Executor, event: RecordEvent, ruleset: CompiledRuleset, error: string): Promise<void>;
  logError(message: string, details: Record<string, unknown>): void;
}

interface TimerRow {
  id: number | string;
  app: string;
  entity: string;
  ruleset: string;
  record_id: number | string;
  source: 'timer' | 'schedule';
  due_at: Date | string;
  attempts: number;
}

/** Retries of a failing timer before it waits for an administrator. */
const retryLimit = 3;
const retryDelayMs = 2_000;
/** Timers claimed, fired and committed together. */
const batchSize = 20;

/** The first occurrence of a cron expression strictly after `after`, in `timeZone`. */
export function nextOccurrence(cron: string, timeZone: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: timeZone }).next().toDate();
}

export class TimerFiring {
  readonly #database: Database;
  readonly #apps: AppStore;
  readonly #clock: Clock;
  readonly #runner: TimerRunner;

  constructor(database: Database, apps: AppStore, clock: Clock, runner: TimerRunner) {
    this.#database = database;
    this.#apps = apps;
    this.#clock = clock;
    this.#runner = runner;
  }

  /**
   * Makes `automation_schedules` match the installed apps' scheduled rulesets, and sets the
   * timers of every record of a timer ruleset that is new or whose definition changed since its
   * timers were last set (once per publish, in batches; writes keep them from then on).
   */
  async syncApps(): Promise<void> {
    const db = this.#database.db;
    for (const app of await this.#apps.list()) {
      let model: AppModel;
      try {
        model = await this.#apps.model(app.key);
      } catch {
        continue;
      }
      const scheduled = scheduledRulesets(model);
      for (const ruleset of scheduled) {
        const { cron, timeZone } = ruleset.schedule!;
        const next = nextOccurrence(cron, timeZone, this.#clock.now());
        await sql`
          INSERT INTO pipewright.automation_schedules (app, ruleset, cron, time_zone, next_at) VALUES (${model.key}, ${ruleset.key}, ${cron}, ${timeZone}, ${next.toISOString()}::timestamptz)
          ON CONFLICT (app, ruleset) DO UPDATE SET cron = excluded.cron, time_zone = excluded.time_zone, next_at = excluded.next_at
           WHERE pipewright.automation_schedules.cron <> excluded.cron OR pipewright.automation_schedules.time_zone <> excluded.time_zone`.execute(db);
      }
      await sql`DELETE FROM pipewright.automation_schedules WHERE app = ${model.key} ${scheduled.length > 0 ? sql`AND ruleset NOT IN (${sql.join(scheduled.map((r) => r.key))})` : sql``}`.execute(db);
      await this.#planTimers(model);
    }
  }

  /** Sets the timers of the records of each timer ruleset whose definition is not the one applied. */
  async #planTimers(model: AppModel): Promise<void> {
    const db = this.#database.db;
    const definitions = new Map((model.bundle.rules ?? []).filter((r) => r.timer).map((r) => [r.key, JSON.stringify({ timer: r.timer, calendar: model.bundle.app.calendar ?? null, timeZone: model.bundle.app.timeZone ?? null })]));
    const entities = new Set<string>();
    for (const ruleset of [...new Set(model.bundle.entities.map((e) => e.key))].flatMap((entity) => timerRulesets(model, entity))) {
      const definition = definitions.get(ruleset.key);
      if (definition === undefined) continue;
      const { rows } = await sql<{ definition: string }>`SELECT definition FROM pipewright.automation_timer_plans WHERE app = ${model.key} AND ruleset = ${ruleset.key}`.execute(db);
      if (rows[0]?.definition === definition) continue;
      entities.add(ruleset.entity);
    }
    for (const entity of entities) {
      // Batches of records, each locked while its timers are set, so a write in between is not overwritten.
      for (let after = 0; ; ) {
        const done = await db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ id: number | string }>`
            SELECT id FROM ${sql.table(`${model.schema}.${entity}`)} WHERE id > ${after} AND deleted_at IS NULL ORDER BY id LIMIT 1000 FOR UPDATE`.execute(trx);
          if (rows.length === 0) return true;
          const ids = rows.map((r) => Number(r.id));
          await keepTimers(trx, model, ids.map((id) => ({ app: model.key, entity, recordId: id, kind: 'restore' as const, actor: null })), this.#clock.now());
          after = ids.at(-1)!;
          return false;
        });
        if (done) break;
      }
    }
    for (const [ruleset, definition] of definitions) {
      await sql`INSERT INTO pipewright.automation_timer_plans (app, ruleset, definition) VALUES (${model.key}, ${ruleset}, ${definition})
                ON CONFLICT (app, ruleset) DO UPDATE SET definition = excluded.definition, applied_at = now()`.execute(db);
    }
  }

  /** Hands out every due occurrence of a schedule; answers how many. */
  async startOccurrences(): Promise<number> {
    let count = 0;
    while (await this.#startOccurrence()) count++;
    return count;
  }

  async #startOccurrence(): Promise<boolean> {
    const now = this.#clock.now();
    return this.#database.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ app: string; ruleset: string; cron: string; time_zone: string; next_at: Date | string }>`
        SELECT app, ruleset, cron, time_zone, next_at FROM pipewright.automation_schedules WHERE next_at <= ${now.toISOString()}::timestamptz
         ORDER BY next_at LIMIT 1 FOR UPDATE SKIP LOCKED`.execute(trx);
      const row = rows[0];
      if (!row) return false;
      const occurrence = new Date(row.next_at);
      const ruleset = await this.#ruleset(row.app, row.ruleset);
      const compiled = ruleset?.compiled;
      if (!ruleset || !compiled?.schedule) {
        await sql`DELETE FROM pipewright.automation_schedules WHERE app = ${row.app} AND ruleset = ${row.ruleset}`.execute(trx);
        return true;
      }
      const { model } = ruleset;
      const where = compileFilter(compiled.schedule!.records, { schema: model.schema, alias: 't', entity: compiled.entity });
      await sql`
        INSERT INTO pipewright.automation_timers (app, entity, ruleset, record_id, source, due_at)
        SELECT ${model.key}, ${compiled.entity}, ${compiled.key}, t.id, 'schedule', ${occurrence.toISOString()}::timestamptz
          FROM ${sql.table(`${model.schema}.${compiled.entity}`)} t WHERE t.deleted_at IS NULL AND ${where}
        ON CONFLICT (app, ruleset, record_id) DO UPDATE SET due_at = excluded.due_at, status = 'scheduled', attempts = 0, last_error = NULL, fired_at = NULL, retry_at = NULL`.execute(trx);
      const after = new Date(Math.max(now.getTime(), occurrence.getTime()));
      const next = nextOccurrence(row.cron, row.time_zone, after);
      await sql`UPDATE pipewright.automation_schedules SET next_at = ${next.toISOString()}::timestamptz, last_at = ${occurrence.toISOString()}::timestamptz WHERE app = ${row.app} AND ruleset = ${row.ruleset}`.execute(trx);
      return true;
    });
  }

  /**
   * Fires every timer due now, `concurrency` at a time; answers how many were handled. Timers
   * whose record a write holds are left for the next round.
   */
  async fireDue(concurrency = 1): Promise<number> {
    const busy: number[] = [];
    let handled = 0;
    const worker = async () => {
      for (;;) {
        const fired = await this.#fireBatch(busy);
        if (fired === 0) return;
        handled += fired;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return handled;
  }

  /** How many timers and schedule occurrences are due now. */
  async due(): Promise<number> {
    const now = this.#clock.now().toISOString();
    const { rows } = await sql<{ n: number }>`
      SELECT (SELECT count(*)::int FROM pipewright.automation_timers WHERE status = 'scheduled' AND due_at <= ${now}::timestamptz AND (retry_at IS NULL OR retry_at <= ${now}::timestamptz))
           + (SELECT count(*)::int FROM pipewright.automation_schedules WHERE next_at <= ${now}::timestamptz) AS n`.execute(this.#database.db);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Claims up to `batchSize` due timers in one transaction and fires each (one commit for the
   * batch: the claims, runs and marks are one unit); answers how many it claimed.
   */
  async #fireBatch(busy: number[]): Promise<number> {
    const now = this.#clock.now();
    return this.#database.db.transaction().execute(async (trx) => {
      const { rows } = await sql<TimerRow>`
        SELECT id, app, entity, ruleset, record_id, source, due_at, attempts FROM pipewright.automation_timers
         WHERE status = 'scheduled' AND due_at <= ${now.toISOString()}::timestamptz AND (retry_at IS NULL OR retry_at <= ${now.toISOString()}::timestamptz) ${busy.length > 0 ? sql`AND id NOT IN (${sql.join(busy)})` : sql``}
         ORDER BY due_at LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`.execute(trx);
      for (const timer of rows) await this.#fireClaimed(trx, timer, now, busy);
      return rows.length;
    });
  }

  /** Fires one claimed timer in `trx`, which holds its row. */
  async #fireClaimed(trx: Executor, timer: TimerRow, now: Date, busy: number[]): Promise<void> {
    const found = await this.#ruleset(timer.app, timer.ruleset);
    const compiled = found?.compiled;
    if (!found || !compiled || compiled.entity !== timer.entity || (timer.source === 'timer' ? !compiled.timer : !compiled.schedule)) {
      // The app or the ruleset is gone, or no longer keeps timers.
      await sql`DELETE FROM pipewright.automation_timers WHERE id = ${timer.id}`.execute(trx);
      return;
    }
    const { model } = found;
    const recordId = Number(timer.record_id);
    const table = sql.table(`${model.schema}.${timer.entity}`);
    const { rows: locked } = await sql`SELECT id FROM ${table} WHERE id = ${recordId} AND deleted_at IS NULL FOR UPDATE SKIP LOCKED`.execute(trx);
    if (locked.length === 0) {
      const { rows: exists } = await sql`SELECT id FROM ${table} WHERE id = ${recordId} AND deleted_at IS NULL`.execute(trx);
      if (exists.length > 0) busy.push(Number(timer.id));
      else await sql`DELETE FROM pipewright.automation_timers WHERE id = ${timer.id}`.execute(trx);
      return;
    }
    const [record] = await readMany(trx, model, model.entity(timer.entity), [recordId]);
    const dueAt = new Date(timer.due_at);
    if (timer.source === 'timer') {
      if (!compiled.timer!.holds(record!)) {
        await sql`DELETE FROM pipewright.automation_timers WHERE id = ${timer.id}`.execute(trx);
        return;
      }
      const due = compiled.timer!.due(record!, dueAt.getTime());
      if (due === null || due !== dueAt.getTime()) {
        // The app changed the timer since this row was set: due at the new time (or never).
        if (due === null) await sql`DELETE FROM pipewright.automation_timers WHERE id = ${timer.id}`.execute(trx);
        else await sql`UPDATE pipewright.automation_timers SET due_at = ${new Date(due).toISOString()}::timestamptz WHERE id = ${timer.id}`.execute(trx);
        return;
      }
    } else if (!matchesFilter(compiled.schedule!.records, record!)) {
      await sql`UPDATE pipewright.automation_timers SET status = 'fired', fired_at = ${now.toISOString()}::timestamptz WHERE id = ${timer.id}`.execute(trx);
      return;
    }
    // The run in a savepoint: a failure rolls back to it and is recorded while this
    // transaction still holds the timer, so no other worker tries it again meanwhile.
    await sql`SAVEPOINT timer_run`.execute(trx);
    try {
      await this.#runner.run(trx, model, await timerEvent(trx, timer, record!), compiled, now);
      await sql`RELEASE SAVEPOINT timer_run`.execute(trx);
    } catch (error) {
      await sql`ROLLBACK TO SAVEPOINT timer_run`.execute(trx);
      await this.#failed(trx, timer, compiled, record!, error instanceof Error ? error.message : String(error), now);
      return;
    }
    // A write of the run's own (a field the timer watches) may have moved or cancelled the row: then that stands.
    const unchanged = sql`id = ${timer.id} AND due_at = ${dueAt.toISOString()}::timestamptz AND status = 'scheduled'`;
    const next = timer.source === 'timer' && compiled.timer!.repeat ? compiled.timer!.due(record!, dueAt.getTime() + 1) : null;
    if (next !== null) await sql`UPDATE pipewright.automation_timers SET due_at = ${new Date(next).toISOString()}::timestamptz, attempts = 0, last_error = NULL, retry_at = NULL WHERE ${unchanged}`.execute(trx);
    else await sql`UPDATE pipewright.automation_timers SET status = 'fired', fired_at = ${now.toISOString()}::timestamptz, retry_at = NULL WHERE ${unchanged}`.execute(trx);
  }

  /** A run that failed: logged, and the timer tried again later (or left for an administrator). */
  async #failed(trx: Executor, timer: TimerRow, ruleset: CompiledRuleset, record: RecordData, message: string, now: Date): Promise<void> {
    this.#runner.logError('automation timer failed', { app: timer.app, ruleset: timer.ruleset, record: Number(timer.record_id), error: message });
    await this.#runner.failed(trx, await timerEvent(trx, timer, record), ruleset, message);
    const attempts = timer.attempts + 1;
    const retryAt = new Date(now.getTime() + retryDelayMs * 2 ** (attempts - 1));
    await sql`UPDATE pipewright.automation_timers SET attempts = ${attempts}, last_error = ${message},
               status = ${attempts > retryLimit ? 'failed' : 'scheduled'}, retry_at = ${attempts > retryLimit ? null : retryAt.toISOString()}::timestamptz
               WHERE id = ${timer.id}`.execute(trx);
  }

  async #ruleset(app: string, key: string): Promise<{ model: AppModel; compiled: CompiledRuleset | undefined } | undefined> {
    try {
      const model = await this.#apps.model(app);
      return { model, compiled: rulesetByKey(model, key) };
    } catch {
      return undefined;
    }
  }
}

/**
 * The record event of one firing: kind `timer`, never dispatched (the firing runs it), acting as
 * the record's owner; one per timer and due time (its idempotency key), shared by the retries.
 */
async function timerEvent(trx: Executor, timer: TimerRow, record: RecordData): Promise<RecordEvent> {
  const dueAt = new Date(timer.due_at).toISOString();
  const key = `${timer.source}:${timer.app}:${timer.ruleset}:${Number(timer.record_id)}:${dueAt}`;
  const actor = record.owner_id ?? record.created_by ?? null;
  const { rows } = await sql<EventRow>`
    INSERT INTO pipewright.record_events (app, entity, record_id, kind, detail, actor, depth, dispatched_at, idempotency_key)
    VALUES (${timer.app}, ${timer.entity}, ${Number(timer.record_id)}, 'timer', ${JSON.stringify({ source: timer.source, ruleset: timer.ruleset, dueAt })}::jsonb, ${actor === null ? null : Number(actor)}, 0, now(), ${key})
    ON CONFLICT (idempotency_key) DO UPDATE SET idempotency_key = excluded.idempotency_key
    RETURNING *`.execute(trx);
  return toEvent(rows[0]!);
}
