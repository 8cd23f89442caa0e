/**
 * What a list shows, apart from its records: columns, sort, the reader's filter and search.
 * Starts from the view's metadata; saved views store exactly this.
 */
import type { Field, View } from '@pipewright/metadata';
import { systemFields, type AppModel } from '../app/app-model.ts';
import type { SortOrder } from '../data/records-api.ts';
import { emptyGroup, fromFilter, type FilterGroup } from './filter-model.ts';
import type { Filter } from '@pipewright/metadata';

export interface ListState {
  columns: string[];
  sort: SortOrder[];
  filter: FilterGroup;
  search: string;
}

export interface ListColumn {
  path: string;
  field: Field;
  width: number | undefined;
}

/** The fields a reader may show as columns: the entity's readable fields and the system columns. */
export function listableFields(app: AppModel, entity: string): Field[] {
  const own = (app.entity(entity)?.fields ?? []).filter((f) => app.field(entity, f.key) !== undefined && !(f.type === 'relation' && f.kind === 'oneToMany'));
  return [...own, ...systemFields.filter((f) => f.key !== 'deleted_at')];
}

/** The view's columns, or the entity's first readable fields when it names none. */
export function viewColumns(app: AppModel, view: View): string[] {
  if (view.columns?.length) return view.columns.map((c) => c.field).filter((path) => app.fieldAtPath(view.entity, path));
  const entity = app.entity(view.entity);
  return (entity?.fields ?? []).filter((f) => app.field(view.entity, f.key) && f.type !== 'lineItems' && !(f.type === 'relation' && f.kind === 'oneToMany')).slice(0, 6).map((f) => f.key);
}

export function initialListState(app: AppModel, view: View, saved?: { columns?: string[]; sort?: SortOrder[]; filter?: Filter }): ListState {
  return {
    columns: saved?.columns?.filter((path) => app.fieldAtPath(view.entity, path)) ?? viewColumns(app, view),
    sort: saved?.sort ?? (view.sort ?? []).map((s) => ({ field: s.field, ...(s.direction ? { direction: s.direction } : {}), ...(s.nulls ? { nulls: s.nulls } : {}) })),
    filter: saved?.filter ? fromFilter(saved.filter) : emptyGroup(),
    search: '',
  };
}

export function resolveColumns(app: AppModel, view: View, paths: readonly string[]): ListColumn[] {
  return paths.flatMap((path) => {
    const found = app.fieldAtPath(view.entity, path);
    if (!found) return [];
    return [{ path, field: found.field, width: view.columns?.find((c) => c.field === path)?.width }];
  });
}

/** The many-to-one relations a list must expand to show its columns (`account`, `account.industry`). */
export function expansionsOf(app: AppModel, entityKey: string, paths: readonly string[]): string[] {
  const result = new Set<string>();
  for (const path of paths) {
    const head = path.split('.')[0]!;
    if (app.expandable(entityKey, head)) result.add(head);
  }
  return [...result];
}

/** The value at a path of a record read with its relations expanded. */
export function valueAtPath(record: Readonly<Record<string, unknown>>, path: string): unknown {
  let current: unknown = record;
  for (const step of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}
