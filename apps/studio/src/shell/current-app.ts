/**
 * The app the user works in: the one in the URL (`/apps/:app/…`), else the one used last (kept
 * in localStorage), else the first installed app the user may use.
 */
import { useEffect } from 'react';
import { useMatch } from 'react-router';
import { useInstalledApps } from '../api/apps.ts';

const storageKey = 'pipewright.app';

export function useCurrentApp(): { app: string | undefined; isPending: boolean } {
  const match = useMatch('/apps/:app/*');
  const apps = useInstalledApps();
  const fromUrl = match?.params.app;
  useEffect(() => {
    if (fromUrl) globalThis.localStorage?.setItem(storageKey, fromUrl);
  }, [fromUrl]);
  if (fromUrl) return { app: fromUrl, isPending: false };
  const items = apps.data ?? [];
  const last = globalThis.localStorage?.getItem(storageKey);
  const app = items.find((a) => a.key === last)?.key ?? items[0]?.key;
  return { app, isPending: apps.isPending };
}
