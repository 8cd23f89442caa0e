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
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { recordKeys } from './query-keys.ts';
import { permittedActions, type RecordData, type RowAction } from './records-api.ts';

const block = 100;
const fresh = 30_000;

export interface RowPermissions {
  allows(id: number, action: RowAction): boolean;
  /** Whether the server has answered for the record yet. */
  known(id: number): boolean;
}

export function useRowPermissions(app: string, entity: string, records: readonly RecordData[], enabled: boolean): RowPermissions {
  const client = useQueryClient();
  const ids = useMemo(() => records.map((r) => r.id), [records]);
  // One query over the loaded records, made of one cached query per block: a new page asks only
  // for its own block, and a write (which invalidates the entity's queries) asks again for all.
  const answer = useQuery({
    queryKey: [...recordKeys.entity(app, entity), 'permitted-rows', ids],
    queryFn: async () => {
      const blocks = Array.from({ length: Math.ceil(ids.length / block) }, (_, i) => ids.slice(i * block, (i + 1) * block));
      const answers = await Promise.all(blocks.map((part) => client.fetchQuery({ queryKey: recordKeys.permitted(app, entity, part), queryFn: () => permittedActions(app, entity, part), staleTime: fresh })));
      return new Map(answers.flatMap((a) => a.items.map((item) => [item.id, new Set(item.actions)] as const)));
    },
    enabled: enabled && ids.length > 0,
    placeholderData: keepPreviousData,
    staleTime: fresh,
  });
  const byId = answer.data;
  return useMemo(() => ({ allows: (id, action) => byId?.get(id)?.has(action) ?? false, known: (id) => byId?.has(id) ?? false }), [byId]);
}
