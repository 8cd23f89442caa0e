/**
 * Reading records: one record with its line items, links and expansions in one SQL round trip,
 * and a record's audit history.
 */
import { sql, type Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { DynamicTables } from '../database/index.ts';
import type { ReadRestriction } from '../query/read-restriction.ts';
import { RecordNotFoundError } from './errors.ts';
import { selectList, type ReadShape } from './select-list.ts';

export interface GetOptions extends ReadShape {
  /** Read a record from the recycle bin too. */
  includeDeleted?: boolean | undefined;
  /** What the reader may see; a record outside it reads as not found. */
  restriction?: ReadRestriction | undefined;
}

export async function getRecord(db: Kysely<DynamicTables>, model: AppModel, entityKey: string, id: number, options: GetOptions = {}): Promise<Record<string, unknown>> {
  const entity = model.entity(entityKey);
  const select = selectList(model, entity, options, 't', options.restriction);
  const visible = options.restriction?.condition(entity.key, 't');
  const scope = visible ? sql`AND ${visible}` : sql``;
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${select.sql} FROM ${sql.table(`${model.schema}.${entity.key}`)} t
     WHERE t.id = ${id} ${options.includeDeleted ? sql`` : sql`AND t.deleted_at IS NULL`} ${scope}`.execute(db);
  if (!rows[0]) throw new RecordNotFoundError(entity.key, id);
  return select.decode(rows[0]);
}

export interface HistoryEntry {
  id: number;
  action: string;
  actor: number | null;
  at: string;
  /** `because`: why automation made the change ("why is this lead mine?"). */
  changes: Record<string, { from?: unknown; to?: unknown; because?: Record<string, unknown> }>;
}

/**
 * The history of one record, newest first: its audit entries, ending with its creation. A create
 * writes no audit row (bulk imports stay fast); the creation entry is derived from the record's
 * `created_by` / `created_at` and its first values, found by undoing the later changes on its
 * current values (or on the snapshot kept by a purge).
 */
export async function recordHistory(db: Kysely<DynamicTables>, model: AppModel, entityKey: string, id: number): Promise<HistoryEntry[]> {
  const entity = model.entity(entityKey);
  const { rows } = await sql<{ id: number; action: string; actor: number | null; at: Date; changes: unknown }>`
    SELECT id, action, actor, at, changes FROM ${sql.table(`${model.schema}._audit`)}
     WHERE entity = ${entity.key} AND record_id = ${id} ORDER BY id DESC LIMIT 1000`.execute(db);
  const entries: HistoryEntry[] = rows.map((r) => ({
    id: Number(r.id),
    action: r.action,
    actor: r.actor === null ? null : Number(r.actor),
    at: new Date(r.at).toISOString(),
    changes: (typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes) as HistoryEntry['changes'],
  }));
  let state: Record<string, unknown> | undefined;
  const purge = entries.find((e) => e.action === 'purge');
  if (purge) {
    state = Object.fromEntries(Object.entries(purge.changes).map(([k, v]) => [k, v.from ?? null]));
  } else {
    const current = await getRecord(db, model, entityKey, id, { includeDeleted: true }).catch(() => undefined);
    state = current;
  }
  if (!state) return entries;
  for (const entry of entries) {
    if (entry.action !== 'update' && entry.action !== 'transfer') continue;
    for (const [key, change] of Object.entries(entry.changes)) state[key] = change.from ?? null;
  }
  const keys = [...entity.fields.filter((f) => !(f.type === 'relation' && f.kind === 'oneToMany')).map((f) => f.key), 'owner_id'];
  const changes: HistoryEntry['changes'] = {};
  for (const key of keys) {
    const value = state[key];
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    changes[key] = { to: value };
  }
  entries.push({
    id: 0,
    action: 'create',
    actor: state.created_by === null || state.created_by === undefined ? null : Number(state.created_by),
    at: String(state.created_at ?? ''),
    changes,
  });
  return entries;
}
