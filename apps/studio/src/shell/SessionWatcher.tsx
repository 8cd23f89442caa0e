/**
 * When any request answers 401 (the session expired or was revoked), forgets what the session
 * loaded; RequireSession then sends the user to the login page, which brings them back.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { onSessionEnd } from '../api/client.ts';
import { endSession } from '../api/session.ts';

export function SessionWatcher() {
  const client = useQueryClient();
  useEffect(() => onSessionEnd(() => endSession(client)), [client]);
  return null;
}
