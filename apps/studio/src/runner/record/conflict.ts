/**
 * An optimistic-lock conflict explained (decision 058): when a save answers 409 `record.stale`,
 * the page reads the record as it is now and its history, and shows who changed it since the
 * reader's copy, when, and the fields both sides changed to different values. Pure.
 *
 * @example
 * const conflict = explainConflict(base, mine, theirs, history);
 * conflict.changedBy; conflict.fields // [{ key: 'amount', mine: 1200, theirs: 1500 }]
 */
import type { HistoryEntry } from '../data/records-api.ts';

export interface ConflictField {
  key: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

export interface Conflict {
  /** The last user who changed the record since the reader's copy (null: the system). */
  changedBy: number | null;
  changedAt: string | undefined;
  /** Fields the reader changed and someone else changed too, to a different value. */
  fields: ConflictField[];
  /** Fields only the other side changed (kept whichever way the reader decides). */
  theirsOnly: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * `base` is the record the reader started from, `changes` what they are saving (the body of the
 * refused write), `theirs` the record as read after the refusal, `history` its audit entries
 * (newest first).
 */
export function explainConflict(base: Readonly<Record<string, unknown>>, changes: Readonly<Record<string, unknown>>, theirs: Readonly<Record<string, unknown>>, history: readonly HistoryEntry[]): Conflict {
  const since = typeof base.updated_at === 'string' ? Date.parse(base.updated_at) : Number.NEGATIVE_INFINITY;
  const later = history.filter((h) => Date.parse(h.at) > since);
  const latest = later[0] ?? history[0];
  const fields: ConflictField[] = [];
  for (const [key, mine] of Object.entries(changes)) {
    const theirValue = comparable(theirs[key]);
    const baseValue = comparable(base[key]);
    if (!same(theirValue, baseValue) && !same(theirValue, comparable(mine))) fields.push({ key, base: base[key], mine, theirs: theirs[key] });
  }
  const theirsOnly = Object.keys(theirs).filter((key) => !(key in changes) && !['version', 'updated_at', 'updated_by'].includes(key) && !same(comparable(theirs[key]), comparable(base[key])));
  return { changedBy: latest?.actor ?? null, changedAt: latest?.at, fields, theirsOnly };
}

/** An expanded relation compares as its id. */
function comparable(value: unknown): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'id' in value ? (value as { id: unknown }).id : value;
}
