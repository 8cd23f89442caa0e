/**
 * What the approval screens decide without React: the order of a task's action buttons, what
 * an action needs besides the comment, the body sent for it, the sentence for an API refusal,
 * each timeline entry as words, and whether a record is locked and which of its tasks are the
 * reader's. Pure functions over the workflow API's shapes (api/tasks.ts).
 *
 * @example
 * const state = recordApprovalState(workflows);   // { running, returned, myTasks }
 * const built = actBody('return', '缺报价单', undefined, undefined); // { error: 'dialog.returnToRequired' }
 */
import { ApiProblem } from '../../api/problem.ts';
import type { ActBody, RecordWorkflows, TaskAction, TaskView, TimelineEntry, WorkflowInstanceView } from '../../api/tasks.ts';
import type { ApprovalMessageKey, ApprovalText } from './approval-messages.ts';

/** The contract's limit on a comment. */
export const commentLimit = 2000;

const order: TaskAction[] = ['approve', 'resubmit', 'return', 'reject', 'transfer', 'addSigner', 'comment'];

/** The actions the dialog offers, in button order; actions it has no form for are left out. */
export function dialogActions(task: Pick<TaskView, 'actions' | 'returnTargets'>): TaskAction[] {
  return order.filter((a) => task.actions.includes(a) && (a !== 'return' || task.returnTargets.length > 0));
}

/** What the dialog must ask for before it may send `action`. */
export function actionNeeds(action: TaskAction): 'returnTarget' | 'user' | 'comment' | 'nothing' {
  if (action === 'return') return 'returnTarget';
  if (action === 'transfer' || action === 'addSigner') return 'user';
  if (action === 'comment') return 'comment';
  return 'nothing';
}

export const actionKeys: Record<string, ApprovalMessageKey> = {
  approve: 'action.approve',
  reject: 'action.reject',
  return: 'action.return',
  resubmit: 'action.resubmit',
  transfer: 'action.transfer',
  addSigner: 'action.addSigner',
  comment: 'action.comment',
  withdraw: 'action.withdraw',
  urge: 'action.urge',
};

const doneKeys: Record<string, ApprovalMessageKey> = {
  approve: 'done.approve',
  reject: 'done.reject',
  return: 'done.return',
  resubmit: 'done.resubmit',
  transfer: 'done.transfer',
  addSigner: 'done.addSigner',
  comment: 'done.comment',
  withdraw: 'done.withdraw',
  urge: 'done.urge',
};

export function actionText(action: string, t: ApprovalText): string {
  const key = actionKeys[action];
  return key ? t(key) : t('action.other', { action });
}

/** The past tense of an action ("已同意"), for the inbox's done box and the toast after acting. */
export function doneText(action: string | null, t: ApprovalText): string {
  return t((action && doneKeys[action]) || 'done.other');
}

/** The body for `action`, or the message key of what is missing. The comment is trimmed; an empty one is not sent. */
export function actBody(action: TaskAction, comment: string, toNode: string | undefined, userId: number | undefined, position: 'before' | 'after' = 'before'): { body: ActBody } | { error: ApprovalMessageKey } {
  const needs = actionNeeds(action);
  if (needs === 'returnTarget' && !toNode) return { error: 'dialog.returnToRequired' };
  if (needs === 'user' && userId === undefined) return { error: 'dialog.userRequired' };
  const body: ActBody = {};
  const text = comment.trim();
  if (needs === 'comment' && !text) return { error: 'dialog.commentRequired' };
  if (text) body.comment = text.slice(0, commentLimit);
  if (needs === 'returnTarget') body.toNode = toNode!;
  if (needs === 'user') body.to = userId!;
  if (action === 'addSigner') body.position = position;
  return { body };
}

const problemKeys: Record<string, ApprovalMessageKey> = {
  'task.done': 'problem.task.done',
  'task.notYours': 'problem.task.notYours',
  'task.unknown': 'problem.task.unknown',
  'task.wrongAction': 'problem.task.wrongAction',
  'instance.ended': 'problem.instance.ended',
  'instance.notFound': 'problem.instance.notFound',
  'instance.busy': 'problem.instance.busy',
  'workflow.notFound': 'problem.workflow.notFound',
  'workflow.alreadyRunning': 'problem.workflow.alreadyRunning',
  'workflow.conditionNotMet': 'problem.workflow.conditionNotMet',
  'record.inApproval': 'problem.record.inApproval',
  'task.waiting': 'problem.task.waiting',
  'task.badTarget': 'problem.task.badTarget',
  'task.urgedRecently': 'problem.task.urgedRecently',
  'instance.nothingToUrge': 'problem.instance.nothingToUrge',
  'instance.notYours': 'problem.instance.notYours',
};

/**
 * A refusal of the workflow API in the reader's words: known codes by their sentence, a bad
 * comment by the server's message about `/comment`, anything else by the server's own detail.
 */
export function problemText(error: unknown, t: ApprovalText): string {
  if (error instanceof ApiProblem) {
    const key = problemKeys[error.code];
    if (key) return t(key);
    const comment = error.at('/comment')[0];
    if (comment) return t('problem.comment', { message: comment.message });
    if (error.errors[0]) return `${error.errors[0].path}: ${error.errors[0].message}`;
    return error.detail ?? error.code;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Whether a refusal means the reader's picture is out of date (the dialog should close). */
export function isStale(error: unknown): boolean {
  return error instanceof ApiProblem && ['task.done', 'task.unknown', 'instance.ended', 'instance.notFound', 'task.notYours'].includes(error.code);
}

/** "3 分钟", "2 小时 5 分钟", "1 天 4 小时". */
export function durationText(ms: number, t: ApprovalText): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return t('duration.seconds', { n: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('duration.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('duration.hours', { h: hours, m: minutes % 60 });
  return t('duration.days', { d: Math.floor(hours / 24), h: hours % 24 });
}

const outcomeKeys: Record<string, ApprovalMessageKey> = {
  running: 'status.running',
  returned: 'status.returned',
  approved: 'status.approved',
  rejected: 'status.rejected',
  cancelled: 'status.cancelled',
  completed: 'status.completed',
};

export function statusText(status: string, t: ApprovalText): string {
  const key = outcomeKeys[status];
  return key ? t(key) : status;
}

/** The colour of an instance's status tag and of a timeline dot. */
export function statusColour(status: string): 'processing' | 'warning' | 'success' | 'error' | 'default' {
  if (status === 'running') return 'processing';
  if (status === 'returned') return 'warning';
  if (status === 'approved' || status === 'completed') return 'success';
  if (status === 'rejected') return 'error';
  return 'default';
}

export function entryColour(entry: TimelineEntry): string {
  if (entry.kind === 'taskActed') return entry.action === 'approve' ? 'green' : entry.action === 'reject' ? 'red' : entry.action === 'return' ? 'orange' : 'blue';
  if (entry.kind === 'ended') return entry.action === 'rejected' ? 'red' : 'green';
  if (entry.kind === 'taskCreated') return 'blue';
  if (entry.kind === 'timerFired') return 'orange';
  return 'gray';
}

/**
 * The entries the timeline shows: who submitted, who holds each task, who acted, timeouts, the
 * end. Entering a node is left out: an approval's entry is its task, and the other nodes
 * (marking the record, branching) say nothing a reader acts on.
 */
export function shownEntries(timeline: readonly TimelineEntry[]): TimelineEntry[] {
  return timeline.filter((entry) => entry.kind !== 'entered');
}

/**
 * One timeline entry as a sentence. `ended` names its outcome in `action` (the contract has no
 * field of its own for it); the instance's status is the fallback.
 */
export function entryText(entry: TimelineEntry, t: ApprovalText, names: { joiner: string }, instanceStatus?: string): string {
  const user = entry.user?.name ?? t('timeline.system');
  const step = entry.nodeLabel ?? entry.node ?? '';
  switch (entry.kind) {
    case 'started':
      return t('timeline.started', { user });
    case 'entered':
      return t('timeline.entered', { step });
    case 'taskCreated':
      return t('timeline.taskCreated', { step, users: entry.assignees.map((a) => a.name).join(names.joiner) || t('timeline.system') });
    case 'taskActed':
      if (entry.action === 'transfer' && entry.target) return t('timeline.transferred', { user, step, target: entry.target.name });
      if (entry.action === 'addSigner' && entry.target)
        return t('timeline.signerAdded', { user, step, target: entry.target.name, position: t(entry.position === 'after' ? 'timeline.positionAfter' : 'timeline.positionBefore') });
      if (entry.action === 'urge') return t('timeline.urged', { user });
      if (entry.action === 'withdraw') return t('timeline.withdrawn', { user });
      return step ? t('timeline.taskActedAt', { user, step, action: doneText(entry.action, t) }) : t('timeline.taskActed', { user, action: doneText(entry.action, t) });
    case 'timerFired':
      return t('timeline.timerFired', { step });
    case 'ended':
      return t('timeline.ended', { outcome: statusText(entry.action ?? instanceStatus ?? 'completed', t) });
    case 'adminAct':
      return t('timeline.adminAct', { user });
    default:
      return step;
  }
}

export interface RecordApprovalState {
  /** The running instance, if any: the record is locked while it runs. */
  running: WorkflowInstanceView | undefined;
  /** The newest instance, when it was returned to the submitter. */
  returned: WorkflowInstanceView | undefined;
  /** Open tasks on this record the reader may act on now, newest instance first. */
  myTasks: TaskView[];
}

export function recordApprovalState(workflows: RecordWorkflows | undefined): RecordApprovalState {
  const instances = workflows?.instances ?? [];
  const running = instances.find((i) => i.status === 'running');
  const newest = instances[0];
  return {
    running,
    returned: newest?.status === 'returned' ? newest : undefined,
    myTasks: instances.flatMap((i) => i.openTasks.filter((task) => task.status === 'open' && task.actions.length > 0)),
  };
}

/** The steps an instance waits at now, by label: "经理审批、财务复核". */
export function waitingSteps(instance: WorkflowInstanceView, joiner: string): string {
  return [...new Set(instance.openTasks.map((task) => task.nodeLabel))].join(joiner);
}
