/**
 * The workflow API as TanStack Query hooks: the inbox page by page, a record's approvals, one
 * instance, and the start and act mutations. Acting or starting invalidates every task list and
 * count, the record's approvals and the record itself (a workflow may have written to it, and
 * it is locked while in approval), so the inbox, the header badge and the record page refresh.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { actOnTask, getInstance, listTasks, recordWorkflows, startWorkflow, markCcRead, urgeInstance, withdrawInstance, type ActBody, type TaskAction, type TaskBox } from '../../api/tasks.ts';
import type { Locale } from '../app/app-model.ts';
import { recordKeys } from './query-keys.ts';

export const approvalKeys = {
  /** Every task list and the header's count. */
  tasks: ['tasks'] as const,
  box: (box: TaskBox, locale: Locale) => ['tasks', 'box', box, locale] as const,
  record: (app: string, entity: string, id: number) => ['record-workflows', app, entity, id] as const,
  instance: (app: string, id: number) => ['workflow-instance', app, id] as const,
};

export function useTaskBox(box: TaskBox, locale: Locale) {
  return useInfiniteQuery({
    queryKey: approvalKeys.box(box, locale),
    queryFn: ({ pageParam, signal }) => listTasks({ box, limit: 50, cursor: pageParam }, locale, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useRecordWorkflows(app: string, entity: string, id: number | undefined, locale: Locale) {
  return useQuery({
    queryKey: [...approvalKeys.record(app, entity, id ?? 0), locale],
    queryFn: () => recordWorkflows(app, entity, id!, locale),
    enabled: id !== undefined,
    retry: (count, error) => count < 2 && !(error instanceof Error && 'status' in error && (error as { status: number }).status < 500),
  });
}

export function useInstance(app: string, id: number | undefined, locale: Locale) {
  return useQuery({ queryKey: [...approvalKeys.instance(app, id ?? 0), locale], queryFn: () => getInstance(app, id!, locale), enabled: id !== undefined });
}

/** What acting on a task or starting a workflow may have changed. */
export async function refreshAfterApproval(client: QueryClient, app: string, entity: string, recordId: number): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ queryKey: approvalKeys.tasks }),
    client.invalidateQueries({ queryKey: approvalKeys.record(app, entity, recordId) }),
    client.invalidateQueries({ queryKey: ['workflow-instance', app] }),
    client.invalidateQueries({ queryKey: recordKeys.entity(app, entity) }),
  ]);
}

export function useStartWorkflow(app: string, entity: string, recordId: number, locale: Locale) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (workflow: string) => startWorkflow(app, workflow, recordId, locale),
    onSettled: () => refreshAfterApproval(client, app, entity, recordId),
  });
}

export interface ActInput {
  task: number;
  action: TaskAction;
  body: ActBody;
}

export function useActOnTask(app: string, entity: string, recordId: number, locale: Locale) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ task, action, body }: ActInput) => actOnTask(task, action, body, locale),
    // Also after a refusal: a 409 task.done means the lists the reader saw are out of date.
    onSettled: () => refreshAfterApproval(client, app, entity, recordId),
  });
}

/** The submitter's acts on a running instance: withdraw (撤回) and urge (催办). */
export function useSubmitterAct(app: string, entity: string, recordId: number, locale: Locale) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ instance, act }: { instance: number; act: 'withdraw' | 'urge' }) => (act === 'withdraw' ? withdrawInstance(app, instance, locale) : urgeInstance(app, instance, locale)),
    onSettled: () => refreshAfterApproval(client, app, entity, recordId),
  });
}

/** Marks an item of the CC box read (when it is opened); the boxes and counts refresh. */
export function useMarkCcRead() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (id: number) => markCcRead(id), onSettled: () => client.invalidateQueries({ queryKey: ['tasks'] }) });
}
