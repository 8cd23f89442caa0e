/**
 * The records API of one app as typed calls over the studio's HTTP client. No React, no layout:
 * the hooks in this folder wrap these in TanStack Query.
 *
 * @example
 * const page = await listRecords('crm', 'lead', { filter, sort: [{ field: 'created_at', direction: 'desc' }], pageSize: 100 });
 */
import type { Filter } from '@pipewright/metadata';
import { api } from '../../api/client.ts';
import type { RecordList } from '../../api/types.ts';

export type RecordData = Record<string, unknown> & { id: number; version: number };

export interface SortOrder {
  field: string;
  direction?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

export interface ListParams {
  filter?: Filter | undefined;
  sort?: readonly SortOrder[] | undefined;
  search?: string | undefined;
  expand?: readonly string[] | undefined;
  pageSize?: number | undefined;
  cursor?: string | undefined;
  count?: 'none' | 'estimate' | 'exact' | 'auto' | undefined;
  deleted?: boolean | undefined;
}

export interface RecordPage extends RecordList {
  items: RecordData[];
}

export interface HistoryEntry {
  id: number;
  action: 'create' | 'update' | 'delete' | 'restore' | 'purge' | 'transfer' | string;
  actor: number | null;
  at: string;
  changes: Record<string, { from?: unknown; to?: unknown }>;
}

export interface Share {
  userId: number | null;
  departmentId: number | null;
  access: 'read' | 'edit';
}

const base = (app: string, entity: string) => `/api/apps/${app}/records/${entity}`;

export function listRecords(app: string, entity: string, params: ListParams, signal?: AbortSignal): Promise<RecordPage> {
  return api.get<RecordPage>(
    base(app, entity),
    {
      filter: params.filter ? JSON.stringify(params.filter) : undefined,
      sort: params.sort?.length ? JSON.stringify(params.sort) : undefined,
      search: params.search?.trim() || undefined,
      expand: params.expand?.length ? params.expand.join(',') : undefined,
      pageSize: params.pageSize,
      cursor: params.cursor,
      count: params.count,
      deleted: params.deleted ? true : undefined,
    },
    signal ? { signal } : undefined,
  );
}

export function getRecord(app: string, entity: string, id: number, expand?: readonly string[], deleted?: boolean): Promise<RecordData> {
  return api.get<RecordData>(`${base(app, entity)}/${id}`, { expand: expand?.length ? expand.join(',') : undefined, deleted: deleted ? true : undefined });
}

export function createRecord(app: string, entity: string, values: Record<string, unknown>): Promise<RecordData> {
  return api.post<RecordData>(base(app, entity), values);
}

/** Changes the fields given; refused with 409 `record.stale` when the record is no longer at `version`. */
export function updateRecord(app: string, entity: string, id: number, values: Record<string, unknown>, version: number | undefined): Promise<RecordData> {
  return api.patch<RecordData>(`${base(app, entity)}/${id}`, values, version === undefined ? {} : { headers: { 'if-match': `"${version}"` } });
}

export function deleteRecord(app: string, entity: string, id: number, version?: number): Promise<void> {
  return api.delete<void>(`${base(app, entity)}/${id}`, version === undefined ? {} : { headers: { 'if-match': `"${version}"` } });
}

export function restoreRecord(app: string, entity: string, id: number): Promise<RecordData> {
  return api.post<RecordData>(`${base(app, entity)}/${id}/restore`);
}

export function purgeRecord(app: string, entity: string, id: number): Promise<void> {
  return api.post<void>(`${base(app, entity)}/${id}/purge`);
}

export function bulkUpdate(app: string, entity: string, update: { id: number; version?: number; values: Record<string, unknown> }[]): Promise<{ items: RecordData[] }> {
  return api.post(`${base(app, entity)}/bulk`, { update });
}

export function bulkDelete(app: string, entity: string, ids: number[]): Promise<{ deleted: number[] }> {
  return api.post(`${base(app, entity)}/bulk`, { delete: ids });
}

/** The actions a role grants per record; the others (create, export, …) are per entity (`app.can`). */
export type RowAction = 'update' | 'delete' | 'transfer' | 'share' | 'print';

/** Which row actions the reader may take on each of the records (at most 1000); unreadable ones are left out. */
export function permittedActions(app: string, entity: string, ids: readonly number[], signal?: AbortSignal): Promise<{ items: { id: number; actions: RowAction[] }[] }> {
  return api.get(`${base(app, entity)}/permitted`, { ids: ids.join(',') }, signal ? { signal } : undefined);
}

export function recordHistory(app: string, entity: string, id: number): Promise<{ items: HistoryEntry[] }> {
  return api.get(`${base(app, entity)}/${id}/history`);
}

export function recordShares(app: string, entity: string, id: number): Promise<{ items: Share[] }> {
  return api.get(`${base(app, entity)}/${id}/shares`);
}

export function shareRecord(app: string, entity: string, id: number, share: { userId?: number; departmentId?: number; access: 'read' | 'edit' }): Promise<void> {
  return api.post(`${base(app, entity)}/${id}/shares`, share);
}

export function unshareRecord(app: string, entity: string, id: number, target: { userId?: number; departmentId?: number }): Promise<void> {
  return api.delete(`${base(app, entity)}/${id}/shares`, { query: target });
}
