/** Saved views of one view (`/api/apps/:app/saved-views`, decision 059) as TanStack Query hooks. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Filter } from '@pipewright/metadata';
import { api } from '../../api/client.ts';
import type { SortOrder } from './records-api.ts';

export interface SavedView {
  id: number;
  view: string;
  name: string;
  ownerId: number;
  shared: boolean;
  mine: boolean;
  columns: string[] | null;
  sort: SortOrder[] | null;
  filter: Filter | null;
}

export interface SavedViewInput {
  view: string;
  name: string;
  shared: boolean;
  columns: string[];
  sort: SortOrder[];
  filter?: Filter | undefined;
}

const key = (app: string, view: string) => ['saved-views', app, view] as const;

export function useSavedViews(app: string, view: string) {
  return useQuery({ queryKey: key(app, view), queryFn: () => api.get<{ items: SavedView[] }>(`/api/apps/${app}/saved-views`, { view }).then((a) => a.items) });
}

export function useCreateSavedView(app: string, view: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SavedViewInput) => api.post<SavedView>(`/api/apps/${app}/saved-views`, { ...input, ...(input.filter ? {} : { filter: undefined }) }),
    onSuccess: () => client.invalidateQueries({ queryKey: key(app, view) }),
  });
}

export function useDeleteSavedView(app: string, view: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<void>(`/api/apps/${app}/saved-views/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: key(app, view) }),
  });
}
