/**
 * Record sharing widens a compiled scope with the records shared with the subject. The runtime
 * keeps shares in its share table and normally ORs a subquery on it into the SQL (see
 * `EntityAccess.includeShared`); `scopeWithShares` is the same union over ids already known, for
 * in-memory checks, previews and tests.
 *
 * @example
 * const ids = shares.filter((s) => sharesAt(s.level, access.includeShared)).map((s) => s.recordId);
 * matchesFilter(scopeWithShares(access, ids), record);
 */
import type { BoundFilter } from '../filter/bind.ts';
import type { CompiledScope, ShareLevel } from './scope.ts';

/** Whether a share of level `level` counts for an access whose `includeShared` is `wanted`. */
export function sharesAt(level: ShareLevel, wanted: CompiledScope['includeShared']): boolean {
  if (wanted === false) return false;
  return wanted === 'read' || level === 'edit';
}

/** The scope OR the given shared record ids, when the access lets shares count. */
export function scopeWithShares(access: Pick<CompiledScope, 'scope' | 'includeShared'>, sharedRecordIds: readonly number[]): BoundFilter {
  if (access.includeShared === false || sharedRecordIds.length === 0) return access.scope;
  const shared: BoundFilter = {
    kind: 'in',
    path: { via: [], column: 'id', family: 'id', field: undefined, caseInsensitive: false },
    negated: false,
    values: [...new Set(sharedRecordIds)].sort((a, b) => a - b),
  };
  return { kind: 'or', items: [access.scope, shared] };
}
