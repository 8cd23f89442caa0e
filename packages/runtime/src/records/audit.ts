/**
 * Audit entries: who changed what, when. `changes` holds, per changed field, the value before and
 * after (`{ amount: { from: 1000, to: 1200 } }`); a create has only `to`, a delete only `from`.
 */
/** `because`: why automation made the change (ruleset, rule, and for an assignment the strategy and reason). */
export type Changes = Record<string, { from?: unknown; to?: unknown; because?: Record<string, unknown> }>;

export type AuditAction = 'create' | 'update' | 'delete' | 'restore' | 'purge' | 'transfer' | 'merge';

/** The fields whose values differ between two versions of a record. */
export function diffRecords(before: Record<string, unknown> | null, after: Record<string, unknown> | null, keys: Iterable<string>): Changes {
  const changes: Changes = {};
  for (const key of keys) {
    const from = before ? (Object.hasOwn(before, key) ? (before[key] ?? null) : null) : undefined;
    const to = after ? (Object.hasOwn(after, key) ? (after[key] ?? null) : null) : undefined;
    if (before && after && JSON.stringify(from) === JSON.stringify(to)) continue;
    if (!before && (to === null || (Array.isArray(to) && to.length === 0))) continue;
    changes[key] = { ...(before ? { from } : {}), ...(after ? { to } : {}) };
  }
  return changes;
}
