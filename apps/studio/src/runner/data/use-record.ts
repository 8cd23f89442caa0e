/**
 * One record and the writes on it, as TanStack Query hooks. A write invalidates the entity's
 * lists and puts the answer in the record's cache; errors are the API client's `ApiProblem`.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createRecord,
  deleteRecord,
  getRecord,
  recordHistory,
  restoreRecord,
  updateRecord,
  type RecordData,
} from './records-api.ts';
import { recordKeys } from './query-keys.ts';

export function useRecord(app: string, entity: string, id: number | undefined, expand: readonly string[] = []) {
  return useQuery({
    queryKey: [...recordKeys.one(app, entity, id ?? 0), expand],
    queryFn: () => getRecord(app, entity, id!, expand),
    enabled: id !== undefined,
    retry: (count, error) => count < 2 && !(error instanceof Error && 'status' in error && (error as { status: number }).status < 500),
  });
}

export function useRecordHistory(app: string, entity: string, id: number | undefined) {
  return useQuery({ queryKey: recordKeys.history(app, entity, id ?? 0), queryFn: () => recordHistory(app, entity, id!).then((a) => a.items), enabled: id !== undefined });
}

export interface SaveInput {
  id?: number | undefined;
  values: Record<string, unknown>;
  /** The version the edit started from; omitted to overwrite whatever is there. */
  version?: number | undefined;
}

export function useSaveRecord(app: string, entity: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, values, version }: SaveInput): Promise<RecordData> =>
      id === undefined ? createRecord(app, entity, values) : updateRecord(app, entity, id, values, version),
    onSuccess: (record) => {
      void client.invalidateQueries({ queryKey: recordKeys.entity(app, entity) });
      client.setQueryData([...recordKeys.one(app, entity, record.id), []], record);
    },
  });
}

export function useDeleteRecord(app: string, entity: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: number; version?: number }) => deleteRecord(app, entity, id, version),
    onSuccess: () => client.invalidateQueries({ queryKey: recordKeys.entity(app, entity) }),
  });
}

export function useRestoreRecord(app: string, entity: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => restoreRecord(app, entity, id),
    onSuccess: () => client.invalidateQueries({ queryKey: recordKeys.entity(app, entity) }),
  });
}
