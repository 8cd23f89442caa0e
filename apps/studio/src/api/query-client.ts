/**
 * The one TanStack Query client: answers stay fresh for 30 s; a request that failed for want
 * of a network is tried twice more, a problem answer (4xx, 5xx) is not tried again, since
 * asking again gets the same answer. Requests go out even when the browser says it is offline
 * (`networkMode: 'always'`): the page then shows the failure and its retry button, instead of
 * waiting silently.
 */
import { QueryClient } from '@tanstack/react-query';
import { NetworkFailure } from './problem.ts';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        networkMode: 'always',
        retry: (failures, error) => error instanceof NetworkFailure && failures < 2,
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}
