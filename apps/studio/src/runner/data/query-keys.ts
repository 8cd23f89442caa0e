/** TanStack Query keys of the runner's data, so writes invalidate exactly what they change. */
import type { ListParams } from './records-api.ts';

export const recordKeys = {
  /** Everything about one entity's records: lists, counts, single records. */
  entity: (app: string, entity: string) => ['records', app, entity] as const,
  lists: (app: string, entity: string) => ['records', app, entity, 'list'] as const,
  list: (app: string, entity: string, params: ListParams) => ['records', app, entity, 'list', params] as const,
  one: (app: string, entity: string, id: number) => ['records', app, entity, 'one', id] as const,
  history: (app: string, entity: string, id: number) => ['records', app, entity, 'history', id] as const,
  shares: (app: string, entity: string, id: number) => ['records', app, entity, 'shares', id] as const,
  permitted: (app: string, entity: string, ids: readonly number[]) => ['records', app, entity, 'permitted', ids] as const,
};
