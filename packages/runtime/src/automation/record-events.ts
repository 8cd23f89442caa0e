/**
 * The outbox of record events: every create, update, delete, restore, ownership transfer and
 * share writes a row in `pipewright.record_events` in the same transaction as the record, so an
 * event exists exactly when its write committed. Rules and workflows react to these rows after
 * commit (see `dispatcher.ts`); a rolled-back write leaves none.
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   await sql`UPDATE …`.execute(trx);
 *   await writeRecordEvents(trx, [{ app: 'crm', entity: 'lead', recordId: 7, kind: 'update', changed: ['status'], previous: before, actor: 1 }]);
 * });
 */
import { sql, type Kysely } from 'kysely';
import type { DynamicTables } from '../database/index.ts';

export type RecordEventKind = 'create' | 'update' | 'delete' | 'restore' | 'transfer' | 'share' | 'timer';

export interface NewRecordEvent {
  app: string;
  entity: string;
  recordId: number;
  kind: RecordEventKind;
  /** On update and transfer: the fields that changed. */
  changed?: readonly string[] | null;
  /** On update and transfer: the record before the change. */
  previous?: Record<string, unknown> | null;
  /** On share: with whom and how. */
  detail?: Record<string, unknown> | null;
  actor: number | null;
  /** 0 for a person's write; one more than the event whose automation made this write. */
  depth?: number;
}

export interface RecordEvent extends Required<Omit<NewRecordEvent, 'changed' | 'previous' | 'detail'>> {
  id: number;
  changed: string[] | null;
  previous: Record<string, unknown> | null;
  detail: Record<string, unknown> | null;
  createdAt: Date;
}

type Executor = Kysely<DynamicTables>;

const perStatement = 5_000;

/** Writes events in the caller's transaction (`db` must be that transaction). */
export async function writeRecordEvents(db: Executor, events: readonly NewRecordEvent[]): Promise<void> {
  for (let start = 0; start < events.length; start += perStatement) {
    const tuples = events.slice(start, start + perStatement).map(
      (e) => sql`(${e.app}, ${e.entity}, ${e.recordId}, ${e.kind}, ${e.changed ? sql`${`{${e.changed.map(arrayItem).join(',')}}`}::text[]` : sql`NULL`},
        ${e.previous ? JSON.stringify(e.previous) : null}::jsonb, ${e.detail ? JSON.stringify(e.detail) : null}::jsonb, ${e.actor}, ${e.depth ?? 0})`,
    );
    await sql`INSERT INTO pipewright.record_events (app, entity, record_id, kind, changed, previous, detail, actor, depth) VALUES ${sql.join(tuples)}`.execute(db);
  }
}

/** Reads one event by id, or undefined. */
export async function readRecordEvent(db: Executor, id: number): Promise<RecordEvent | undefined> {
  const { rows } = await sql<EventRow>`SELECT * FROM pipewright.record_events WHERE id = ${id}`.execute(db);
  return rows[0] ? toEvent(rows[0]) : undefined;
}

export interface EventRow {
  id: number | string;
  app: string;
  entity: string;
  record_id: number | string;
  kind: RecordEventKind;
  changed: string[] | null;
  previous: unknown;
  detail: unknown;
  actor: number | string | null;
  depth: number;
  created_at: Date | string;
}

export function toEvent(row: EventRow): RecordEvent {
  return {
    id: Number(row.id),
    app: row.app,
    entity: row.entity,
    recordId: Number(row.record_id),
    kind: row.kind,
    changed: row.changed,
    previous: json(row.previous),
    detail: json(row.detail),
    actor: row.actor === null ? null : Number(row.actor),
    depth: Number(row.depth),
    createdAt: new Date(row.created_at),
  };
}

function json(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
}

/** A text[] literal item: keys are metadata keys (letters, digits, underscores), quoted anyway. */
function arrayItem(key: string): string {
  return `"${key.replace(/["\\]/g, '\\$&')}"`;
}
