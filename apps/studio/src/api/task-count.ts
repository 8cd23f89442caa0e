/**
 * How many approval tasks wait for the caller, for the header: `GET /api/tasks?box=pending&limit=1`
 * read for its counts, polled once a minute and on focus. Kept apart from tasks.ts so the first
 * page carries only this call (decision 053); every act invalidates `['tasks']`, this included.
 *
 * @example
 * const pending = usePendingTaskCount(locale); // undefined while unknown
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { TaskPage } from './tasks.ts';
import type { Locale } from './types.ts';

export function usePendingTaskCount(locale: Locale): number | undefined {
  const answer = useQuery({
    queryKey: ['tasks', 'count', locale],
    queryFn: ({ signal }) => api.get<TaskPage>('/api/tasks', { box: 'pending', limit: 1 }, { headers: { 'accept-language': locale }, signal }),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    // No inbox on this server (404) or not allowed: no count, no retries.
    retry: (count, error) => count < 2 && !(error instanceof Error && 'status' in error && (error as { status: number }).status < 500),
  });
  return answer.data?.counts.pending;
}
