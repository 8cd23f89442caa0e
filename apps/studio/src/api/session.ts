/**
 * The login session: who is logged in (`useMe`: null when nobody is), log in, log out, change
 * the password. The CSRF token of the session is handed to the client for every write.
 *
 * @example
 * const me = useMe();            // me.data: Me | null
 * const login = useLogin();      // login.mutateAsync({ login, password })
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from './client.ts';
import { isSessionEnd } from './problem.ts';
import type { LoginAnswer, Me } from './types.ts';

export const meKey = ['me'] as const;

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/auth/me', undefined, { quiet401: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (isSessionEnd(error)) {
      setCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: Infinity });
}

/** Forgets everything the ended session loaded; `me` becomes null. */
export function endSession(client: QueryClient): void {
  setCsrfToken(undefined);
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
  client.setQueryData(meKey, null);
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { login: string; password: string }) =>
      api.post<LoginAnswer>('/api/auth/login', body, { quiet401: true }),
    onSuccess: async (answer) => {
      setCsrfToken(answer.csrfToken);
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
      // `me` is cached as null (nobody) and never stale: ask again, now with the cookie.
      client.setQueryData(meKey, await fetchMe());
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/auth/logout', undefined, { quiet401: true }),
    onSettled: () => endSession(client),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { oldPassword: string; newPassword: string }) =>
      api.post<void>('/api/auth/password', body),
  });
}
