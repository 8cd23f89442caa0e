/**
 * One entity's records as an endless list: keyset pages (`nextCursor`) fetched as the reader
 * scrolls, the count asked for with the first page only.
 *
 * @example
 * const list = useRecordList('crm', 'lead', { filter, sort, pageSize: 100 });
 * list.records; list.total; list.fetchNextPage();
 */
import { useInfiniteQuery, keepPreviousData } from '@tanstack/react-query';
import { useMemo } from 'react';
import { listRecords, type ListParams, type RecordData } from './records-api.ts';
import { recordKeys } from './query-keys.ts';

export interface RecordListState {
  records: RecordData[];
  total: number | undefined;
  totalKind: string | undefined;
  isLoading: boolean;
  isFetching: boolean;
  error: unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage(): void;
  refetch(): void;
}

export function useRecordList(app: string, entity: string, params: Omit<ListParams, 'cursor' | 'count'>, enabled = true): RecordListState {
  const query = useInfiniteQuery({
    queryKey: recordKeys.list(app, entity, params),
    queryFn: ({ pageParam, signal }) => listRecords(app, entity, { ...params, cursor: pageParam, count: pageParam ? 'none' : 'auto' }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    enabled,
  });
  const records = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const first = query.data?.pages[0];
  return {
    records,
    total: first?.total,
    totalKind: first?.totalKind,
    isLoading: query.isLoading,
    isFetching: query.isFetching,
    error: query.error,
    hasNextPage: query.hasNextPage,
    isFetchingNextPage: query.isFetchingNextPage,
    fetchNextPage: () => void query.fetchNextPage(),
    refetch: () => void query.refetch(),
  };
}
