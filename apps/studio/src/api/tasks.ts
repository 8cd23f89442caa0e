/**
 * The workflow API's shapes and calls (the contract in the team's workflow-api.md): the caller's
 * task inbox, a record's approvals, one instance, starting a workflow and acting on a task. No
 * React here: the runner's hooks (runner/data/use-approvals.ts) wrap these in TanStack Query;
 * the header's count has its own small module (task-count.ts). Labels in the answers (workflow, node, entity) come in the locale
 * asked for with `accept-language`.
 *
 * @example
 * const { counts } = await listTasks({ box: 'pending', limit: 1 }, 'zh-CN');
 * await actOnTask(task.id, 'approve', { comment: '同意' }, 'zh-CN');
 */
import { api } from './client.ts';
import type { Locale } from './types.ts';

export interface WorkflowUser {
  id: number;
  name: string;
}

export type TaskAction = 'approve' | 'reject' | 'return' | 'resubmit' | 'transfer' | 'addSigner' | 'comment' | (string & {});
export type TaskBox = 'pending' | 'cc' | 'done';

export interface TaskView {
  id: number;
  app: string;
  workflow: string;
  workflowLabel: string;
  instanceId: number;
  node: string;
  nodeLabel: string;
  /** `cc`: an item of the CC box, open while unread. */
  kind: 'approval' | 'resubmit' | 'cc';
  status: 'open' | 'waiting' | 'done' | 'cancelled';
  /** CC items: whether I marked it read. */
  read?: boolean;
  entity: string;
  entityLabel: string;
  recordId: number;
  recordTitle: string;
  /** Null when the workflow was started by automation. */
  startedBy: WorkflowUser | null;
  createdAt: string;
  actedAt: string | null;
  action: string | null;
  /** What the caller may do now; empty when the task is not open or not the caller's. */
  actions: TaskAction[];
  /** Nodes `return` may go back to, the submitter first. */
  returnTargets: { node: string; label: string }[];
}

export type InstanceStatus = 'running' | 'returned' | 'approved' | 'rejected' | 'cancelled' | 'completed';

export interface TimelineEntry {
  at: string;
  kind: 'started' | 'entered' | 'taskCreated' | 'taskActed' | 'timerFired' | 'ended' | 'adminAct';
  node: string | null;
  nodeLabel: string | null;
  user: WorkflowUser | null;
  assignees: WorkflowUser[];
  action: string | null;
  comment: string | null;
  durationMs: number | null;
  /** transfer / addSigner: to whom; addSigner: before or after the holder. */
  target?: WorkflowUser;
  position?: 'before' | 'after';
  attachments?: { id: string; name: string }[];
}

export interface WorkflowInstanceView {
  id: number;
  app: string;
  workflow: string;
  workflowLabel: string;
  version: number;
  entity: string;
  recordId: number;
  recordTitle: string;
  status: InstanceStatus;
  startedBy: WorkflowUser | null;
  startedAt: string;
  endedAt: string | null;
  openTasks: TaskView[];
  /** Oldest first. */
  timeline: TimelineEntry[];
}

export interface TaskCounts {
  pending: number;
  done: number;
  cc: number;
  ccUnread: number;
}

export interface TaskPage {
  items: TaskView[];
  counts: TaskCounts;
  nextCursor: string | null;
}

export interface RecordWorkflows {
  startable: { workflow: string; label: string }[];
  /** Newest first. */
  instances: WorkflowInstanceView[];
}

export interface ActBody {
  comment?: string;
  toNode?: string;
  /** transfer / addSigner: the user the task goes to, or who is added. */
  to?: number;
  position?: 'before' | 'after';
  /** Ids of my own uploads (files API). */
  attachments?: string[];
}

const inLocale = (locale: Locale) => ({ headers: { 'accept-language': locale } });

export function listTasks(params: { box: TaskBox; limit?: number; cursor?: string | undefined }, locale: Locale, signal?: AbortSignal): Promise<TaskPage> {
  return api.get<TaskPage>('/api/tasks', { box: params.box, limit: params.limit ?? 50, cursor: params.cursor }, { ...inLocale(locale), ...(signal ? { signal } : {}) });
}

export function recordWorkflows(app: string, entity: string, id: number, locale: Locale): Promise<RecordWorkflows> {
  return api.get<RecordWorkflows>(`/api/apps/${app}/records/${entity}/${id}/workflows`, undefined, inLocale(locale));
}

export function getInstance(app: string, id: number, locale: Locale): Promise<WorkflowInstanceView> {
  return api.get<WorkflowInstanceView>(`/api/apps/${app}/workflow-instances/${id}`, undefined, inLocale(locale));
}

export function startWorkflow(app: string, workflow: string, recordId: number, locale: Locale): Promise<WorkflowInstanceView> {
  return api.post<WorkflowInstanceView>(`/api/apps/${app}/workflows/${encodeURIComponent(workflow)}/start`, { recordId }, inLocale(locale));
}

export function actOnTask(task: number, action: TaskAction, body: ActBody, locale: Locale): Promise<{ task: TaskView; instance: WorkflowInstanceView }> {
  return api.post(`/api/tasks/${task}/${encodeURIComponent(action)}`, body, inLocale(locale));
}


/** The submitter withdraws the submission (撤回). */
export function withdrawInstance(app: string, id: number, locale: Locale): Promise<WorkflowInstanceView> {
  return api.post<WorkflowInstanceView>(`/api/apps/${app}/workflow-instances/${id}/withdraw`, {}, inLocale(locale));
}

/** The submitter reminds the current approvers (催办); at most hourly per task (429 task.urgedRecently). */
export function urgeInstance(app: string, id: number, locale: Locale): Promise<WorkflowInstanceView> {
  return api.post<WorkflowInstanceView>(`/api/apps/${app}/workflow-instances/${id}/urge`, undefined, inLocale(locale));
}

export function markCcRead(id: number): Promise<void> {
  return api.post<void>(`/api/cc-items/${id}/read`, undefined);
}
