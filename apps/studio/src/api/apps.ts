/**
 * The installed apps the caller may use, and one app as the caller's roles show it
 * (`GET /api/apps/:app`: the role-filtered bundle and the `access` map).
 *
 * @example
 * const apps = useInstalledApps();
 * const model = useAppModel('lead_opportunity');   // model.data.access.lead.actions.create
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { AppAnswer, EntityAction, InstalledApp } from './types.ts';

export function useInstalledApps() {
  return useQuery({
    queryKey: ['apps'],
    queryFn: async () => (await api.get<{ items: InstalledApp[] }>('/api/apps')).items,
  });
}

export function useAppModel(app: string | undefined) {
  return useQuery({
    queryKey: ['app', app],
    queryFn: () => api.get<AppAnswer>(`/api/apps/${encodeURIComponent(app ?? '')}`),
    enabled: Boolean(app),
    staleTime: 5 * 60_000,
  });
}

/** Whether the caller may do `action` with `entity` (false for an entity it may not read). */
export function may(model: AppAnswer | undefined, entity: string, action: EntityAction): boolean {
  return model?.access[entity]?.actions[action] === true;
}
