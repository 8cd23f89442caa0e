/**
 * The approval actions that do not decide by themselves (decision 096):
 *
 * - `transfer` (转交): the task now belongs to `to` alone; same task, same place in the mode's count.
 * - `addSigner` (加签) `before`: the holder's task waits while `to` approves first, then it comes
 *   back to the holder. `after`: the holder approves now, and that approval counts once `to`
 *   approves after them. An added signer's rejection rejects as the holder's would.
 * - `comment`: a remark (with files) in the timeline; the task stays open.
 * - `urge` (催办, an instance event): the holders of the open approval tasks are reminded, each
 *   task at most once an hour.
 *
 * @example
 * step(definition, instance, { type: 'taskActed', taskId, userId: 12, action: 'addSigner', to: 30, position: 'before', at, record });
 */
import type { ApprovalNode } from '@pipewright/metadata';
import { urgeIntervalMillis, type Token, type WorkflowTask } from '../instance.ts';
import type { WorkflowEvent } from '../events.ts';
import type { NodeOutcome } from '../node-type.ts';
import { refuse, type StepRun } from '../step-run.ts';

type Acted = Extract<WorkflowEvent, { type: 'taskActed' }>;

/** transfer, addSigner and comment on an approval task; undefined for the deciding actions. */
export function holderAct(node: ApprovalNode, token: Token, task: WorkflowTask, event: Acted, run: StepRun, title: string | null): NodeOutcome | undefined {
  switch (event.action) {
    case 'comment':
      if (!event.comment?.trim() && !event.attachments?.length) refuse('task.wrongAction', 'a comment needs a text or a file');
      return { kind: 'wait' };
    case 'transfer': {
      if (node.config.allowDelegate === false) refuse('task.wrongAction', `approval node "${node.id}" does not allow handing its tasks to someone else`);
      const to = target(event);
      task.assignee = { type: 'userId', id: to };
      run.emit({ kind: 'reassignTask', taskId: task.id, assignee: task.assignee });
      return { kind: 'wait' };
    }
    case 'addSigner': {
      if (task.signerFor) refuse('task.wrongAction', 'an added signer cannot add another signer');
      const to = target(event);
      const position = event.position ?? 'before';
      task.status = 'waiting';
      if (position === 'after') {
        // The holder has approved; the approval counts when the added signer agrees.
        task.doneAt = event.at;
        task.doneBy = event.userId;
        task.comment = event.comment ?? null;
      } else {
        run.emit({ kind: 'suspendTask', taskId: task.id });
      }
      run.openTask(node, token, 'approval', { type: 'userId', id: to }, title, task.escalated, { task: task.id, position });
      return { kind: 'wait' };
    }
    default:
      return undefined;
  }
}

/**
 * An added signer decided (their task's status is set). Answers the holder's task to decide
 * with, or undefined when the holder decides next (a `before` signer approved).
 */
export function signerAnswered(task: WorkflowTask, event: Acted, run: StepRun): { holder: WorkflowTask; approved: boolean } | undefined {
  const holder = run.instance.tasks.find((t) => t.id === task.signerFor!.task) ?? refuse('task.unknown', `no task ${task.signerFor!.task}`);
  const approved = event.action === 'approve';
  if (approved && task.signerFor!.position === 'before') {
    holder.status = 'pending';
    run.emit({ kind: 'resumeTask', taskId: holder.id });
    return undefined;
  }
  const suspended = holder.doneAt === null;
  holder.status = approved ? 'approved' : 'rejected';
  if (suspended) {
    holder.doneAt = event.at;
    // The holder's row is still open (it waited): close it with the node's decision.
    run.emit({ kind: 'cancelTask', taskId: holder.id, reason: 'decided' });
  }
  return { holder, approved };
}

/** The event's `to`: someone other than the actor. */
function target(event: Acted): number {
  const to = event.to ?? refuse('task.badTarget', `${event.action} needs "to", the user the task goes to`);
  if (!Number.isSafeInteger(to) || to <= 0) refuse('task.badTarget', `"to" must be a user id, not ${String(to)}`);
  if (to === event.userId) refuse('task.badTarget', `${event.action} to yourself changes nothing`);
  return to;
}

/** Reminds the holders of every open approval task; refused when one was urged within the hour. */
export function urgeOpenTasks(run: StepRun, userId: number): void {
  const { instance } = run;
  if (instance.status !== 'running') refuse('instance.nothingToUrge', `instance ${instance.id} is ${instance.status}: no approval waits`);
  const open = instance.tasks.filter((t) => t.status === 'pending' && t.kind === 'approval');
  if (open.length === 0) refuse('instance.nothingToUrge', `instance ${instance.id} has no open approval task`);
  const now = Date.parse(run.at);
  const recent = open.find((t) => t.urgedAt !== undefined && now - Date.parse(t.urgedAt) < urgeIntervalMillis);
  if (recent) {
    const next = new Date(Date.parse(recent.urgedAt!) + urgeIntervalMillis).toISOString();
    refuse('task.urgedRecently', `task ${recent.id} was urged at ${recent.urgedAt}; it may be urged again from ${next}`);
  }
  for (const task of open) {
    task.urgedAt = run.at;
    run.emit({ kind: 'urgeTask', taskId: task.id, by: userId });
  }
  run.log({ node: open[0]!.node, what: 'urged', userId, action: 'urge' });
}
