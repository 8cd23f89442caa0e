/**
 * Durable timers of date-relative rulesets (`timer` trigger), kept by the record writer: each
 * write that creates, restores, deletes or transfers a record, or changes a field a ruleset's
 * timer watches (its date field and what its `while` condition reads), sets, moves or cancels
 * the record's timer row in `pipewright.automation_timers` in the write's own transaction. So a
 * rolled-back write leaves its timers as they were, and nothing ever scans every record to find
 * what is due: the due rows are found by the index on `due_at` (see `timer-firing.ts`).
 *
 * A timer row is one per (app, ruleset, record). A fired timer stays as `fired` with its due
 * time, so a later write that computes the same due time does not fire it again; one that
 * computes another (the last activity moved on) sets it anew.
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   await writeRecordEvents(trx, events);
 *   await keepTimers(trx, model, events);
 * });
 */
import type { CompiledRuleset } from '@pipewright/engines';
import { sql, type Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { DynamicTables } from '../database/index.ts';
import { readMany } from '../records/record-writer.ts';
import { timerRulesets } from './app-rulesets.ts';
import type { NewRecordEvent } from './record-events.ts';

type Executor = Kysely<DynamicTables>;

interface TimerRow {
  ruleset: string;
  record_id: number | string;
  due_at: Date | string;
  status: 'scheduled' | 'fired' | 'failed';
}

/** Sets, moves or cancels the timers that `events` (written in `db`, the write's transaction) affect. */
export async function keepTimers(db: Executor, model: AppModel, events: readonly NewRecordEvent[], now: Date = new Date()): Promise<void> {
  if (events.length === 0) return;
  const byEntity = new Map<string, NewRecordEvent[]>();
  for (const event of events) byEntity.set(event.entity, [...(byEntity.get(event.entity) ?? []), event]);
  for (const [entityKey, entityEvents] of byEntity) {
    const rulesets = timerRulesets(model, entityKey);
    if (rulesets.length === 0) continue;
    const deleted = entityEvents.filter((e) => e.kind === 'delete').map((e) => e.recordId);
    // A record in the recycle bin has no pending timers; what fired stays remembered for a restore.
    if (deleted.length > 0) {
      await sql`DELETE FROM pipewright.automation_timers WHERE app = ${model.key} AND entity = ${entityKey} AND record_id IN (${sql.join(deleted)}) AND status <> 'fired'`.execute(db);
    }
    const touched = new Map<string, Set<number>>();
    for (const ruleset of rulesets) {
      const ids = new Set<number>();
      for (const event of entityEvents) {
        if (event.kind === 'create' || event.kind === 'restore' || ((event.kind === 'update' || event.kind === 'transfer') && (ruleset.timer!.field === 'updated_at' || (event.changed ?? []).some((f) => ruleset.timer!.watched.has(f))))) ids.add(event.recordId);
      }
      if (ids.size > 0) touched.set(ruleset.key, ids);
    }
    if (touched.size === 0) continue;
    const allIds = [...new Set([...touched.values()].flatMap((ids) => [...ids]))];
    const records = new Map((await readMany(db, model, model.entity(entityKey), allIds)).map((r) => [Number(r.id), r]));
    const { rows: existing } = await sql<TimerRow>`
      SELECT ruleset, record_id, due_at, status FROM pipewright.automation_timers
       WHERE app = ${model.key} AND ruleset IN (${sql.join([...touched.keys()])}) AND record_id IN (${sql.join(allIds)})`.execute(db);
    const current = new Map(existing.map((row) => [`${row.ruleset}:${Number(row.record_id)}`, row]));
    const set: { ruleset: string; recordId: number; dueAt: Date }[] = [];
    const cancel: { ruleset: string; recordId: number }[] = [];
    for (const ruleset of rulesets) {
      for (const id of touched.get(ruleset.key) ?? []) {
        const record = records.get(id);
        const row = current.get(`${ruleset.key}:${id}`);
        const due = record ? dueFor(ruleset, record, now, row) : null;
        if (due === null) cancel.push({ ruleset: ruleset.key, recordId: id });
        else set.push({ ruleset: ruleset.key, recordId: id, dueAt: new Date(due) });
      }
    }
    if (cancel.length > 0) {
      await sql`DELETE FROM pipewright.automation_timers WHERE app = ${model.key} AND status = 'scheduled'
                 AND (ruleset, record_id) IN (${sql.join(cancel.map((c) => sql`(${c.ruleset}, ${c.recordId}::bigint)`))})`.execute(db);
    }
    if (set.length > 0) {
      // The same due time keeps the row as it is (scheduled, fired or failed): it fires once.
      await sql`
        INSERT INTO pipewright.automation_timers (app, entity, ruleset, record_id, source, due_at)
        VALUES ${sql.join(set.map((s) => sql`(${model.key}, ${entityKey}, ${s.ruleset}, ${s.recordId}, 'timer', ${s.dueAt.toISOString()}::timestamptz)`))}
        ON CONFLICT (app, ruleset, record_id) DO UPDATE SET due_at = excluded.due_at, status = 'scheduled', attempts = 0, last_error = NULL, fired_at = NULL, retry_at = NULL
         WHERE pipewright.automation_timers.due_at <> excluded.due_at`.execute(db);
    }
  }
}

/**
 * The record's due time under the ruleset's timer, or null when it has none (no date, or `while`
 * does not hold). A repeating timer keeps an occurrence still pending (due but not fired yet).
 */
export function dueFor(ruleset: CompiledRuleset, record: Record<string, unknown>, now: Date, row?: Pick<TimerRow, 'due_at' | 'status'>): number | null {
  const timer = ruleset.timer!;
  if (!timer.holds(record)) return null;
  const pending = row?.status === 'scheduled' ? new Date(row.due_at).getTime() : Number.POSITIVE_INFINITY;
  return timer.due(record, Math.min(now.getTime(), pending));
}
