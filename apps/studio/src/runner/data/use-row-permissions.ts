/**
 * What the reader may do with each loaded record of a list: the server's answer per record
 * (`GET …/permitted`), asked once per block of 100 records as pages load, and renewed with the
 * entity's other queries after a write (an owner change moves a record out of reach). Until it
 * has answered, a record counts as permitting nothing, so no edit is offered that would be refused.
 *
 * @example
 * const permitted = useRowPermissions('crm', 'account', list.records, app.can('account', 'update'));
 * permitted.allows(record.id, 'update');
 */
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { recordKeys } from './query-keys.ts';
import { permittedActions, type RecordData, type RowAction } from './records-api.ts';

const block = 100;

export interface RowPermissions {
  allows(id: number, action: RowAction): boolean;
}

export function useRowPermissions(app: string, entity: string, records: readonly RecordData[], enabled: boolean): RowPermissions {
  const blocks = useMemo(() => {
    const ids = records.map((r) => r.id);
    return Array.from({ length: Math.ceil(ids.length / block) }, (_, i) => ids.slice(i * block, (i + 1) * block));
  }, [records]);
  // `combine` keeps its result while no answer changed, so the map below is rebuilt only then.
  const answers = useQueries({
    queries: blocks.map((ids) => ({
      queryKey: recordKeys.permitted(app, entity, ids),
      queryFn: ({ signal }: { signal: AbortSignal }) => permittedActions(app, entity, ids, signal),
      enabled,
      staleTime: 30_000,
    })),
    combine: (results) => results.map((r) => r.data),
  });
  const byId = useMemo(() => {
    const map = new Map<number, ReadonlySet<RowAction>>();
    for (const answer of answers) for (const item of answer?.items ?? []) map.set(item.id, new Set(item.actions));
    return map;
  }, [answers]);
  return useMemo(() => ({ allows: (id, action) => byId.get(id)?.has(action) ?? false }), [byId]);
}
