/**
 * Shows its children to a logged-in user; anyone else goes to `/login?next=<this page>`.
 */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../api/session.ts';
import { FullPageSpin } from './FullPageSpin.tsx';
import { QueryFailure } from './QueryFailure.tsx';

export function loginPathFor(location: { pathname: string; search: string }): string {
  const here = location.pathname + location.search;
  return here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError)
    return <QueryFailure error={me.error} onRetry={() => void me.refetch()} fullPage />;
  if (!me.data) return <Navigate to={loginPathFor(location)} replace />;
  return <>{children}</>;
}
