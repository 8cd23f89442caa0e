/**
 * The caller's inbox: the unread count (polled once a minute and on focus, for the bell), the
 * notifications page by page, marking one or all read.
 *
 * @example
 * const unread = useUnreadCount();          // unread.data?.unread
 * const inbox = useInbox(open);             // inbox.data?.pages.flatMap((p) => p.items)
 * useMarkRead().mutate(42);
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

export interface InboxNotification {
  id: number;
  app: string;
  title: string;
  body: string;
  /** The record it is about; null when the reader may not open it. */
  record: { app: string; entity: string; id: number } | null;
  source: string | null;
  createdAt: string;
  readAt: string | null;
}

interface InboxPage {
  items: InboxNotification[];
  unread: number;
  next: string | null;
}

const inboxKey = ['notifications'] as const;

export function useUnreadCount() {
  return useQuery({
    queryKey: [...inboxKey, 'unread'],
    queryFn: () => api.get<{ unread: number }>('/api/notifications/unread-count'),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
}

export function useInbox(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...inboxKey, 'list'],
    queryFn: ({ pageParam }) =>
      api.get<InboxPage>('/api/notifications', { limit: 20, before: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
    enabled,
  });
}

function useInboxChange<T>(change: (value: T) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSettled: () => client.invalidateQueries({ queryKey: inboxKey }),
  });
}

export function useMarkRead() {
  return useInboxChange((id: number) =>
    api.post<InboxNotification>(`/api/notifications/${id}/read`),
  );
}

export function useMarkAllRead() {
  return useInboxChange(() => api.post<{ marked: number }>('/api/notifications/read-all'));
}
