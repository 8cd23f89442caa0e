/**
 * `approval`: opens one task per assignee entry (sequential: one at a time, in order) and leaves
 * by `approved` or `rejected` once the mode has its answer:
 *
 * - single / anyOf: the first decision counts; the other tasks are cancelled.
 * - allOf (countersign): every task must approve; one rejection rejects.
 * - voteRatio: approved once approvals / assignees reach `passRatio`, rejected once they no longer can.
 * - sequential: each approval opens the next task; one rejection rejects.
 *
 * `return` sends the record back to the submitter: the node's tasks are cancelled and a resubmit
 * task opens for the initiator. Resubmitting comes back to this node (`afterReturn: resume`) or
 * walks the path from the trigger again (`restart`).
 */
import type { ApprovalNode } from '@pipewright/metadata';
import { durationMillis } from '../../rules/actions/durations.ts';
import { expressionProblems } from '../../rules/actions/expressions.ts';
import type { TaskAction, Token, WorkflowTask, WorkflowTimer } from '../instance.ts';
import { defineNodeType, type NodeOutcome } from '../node-type.ts';
import type { StepRun } from '../step-run.ts';
import { holderAct, signerAnswered } from './approval-actions.ts';

export const approvalNode = defineNodeType<'approval'>({
  type: 'approval',
  waits: true,
  outlets: () => ['approved', 'rejected'],
  check: (node, { catalog, entity }, at) => [
    ...(node.config.mode === 'single' && node.config.assignees.length !== 1
      ? [{ path: `${at}/config/assignees`, code: 'workflow.singleAssignee', message: `a single approval has one assignee, not ${node.config.assignees.length}` }]
      : []),
    // The task's title is an expression over the record: one that does not check would fail every step that opens a task.
    ...(node.config.title === undefined ? [] : expressionProblems(node.config.title, entity, [...catalog.entities.values()], `${at}/config/title`)),
  ],
  enter: (node, token, run) => {
    const { assignees, mode } = node.config;
    const opened = mode === 'sequential' ? assignees.slice(0, 1) : assignees;
    for (const assignee of opened) run.openTask(node, token, 'approval', assignee, titleOf(node, run));
    if (node.config.cc?.length) run.emit({ kind: 'carbonCopy', node: node.id, participants: node.config.cc });
    const timeout = node.config.timeout;
    if (timeout) {
      const after = durationMillis(timeout.after) ?? 0;
      run.schedule(node, token, 'timeout', after);
      const remind = timeout.remindBefore === undefined ? undefined : durationMillis(timeout.remindBefore);
      if (remind !== undefined && remind < after) run.schedule(node, token, 'remind', after - remind);
    }
    return { kind: 'wait' };
  },
  act: (node, token, task, event, run) => {
    if (task.kind === 'resubmit') {
      run.instance.status = 'running';
      return { kind: 'jump', node: (node.config.afterReturn ?? 'resume') === 'restart' ? (run.definition.trigger?.id ?? node.id) : node.id };
    }
    if (task.signerFor) {
      const answer = signerAnswered(task, event, run);
      return answer === undefined ? { kind: 'wait' } : answer.holder.escalated ? leaveBy(token, answer.approved ? 'approved' : 'rejected', run) : decide(node, token, answer.approved, run);
    }
    const other = holderAct(node, token, task, event, run, titleOf(node, run));
    if (other) return other;
    if (event.action === 'return') {
      run.cancelTasks(token.id, 'returned');
      run.cancelTimers(token.id);
      run.instance.status = 'returned';
      run.log({ node: node.id, what: 'returned', taskId: task.id, userId: event.userId });
      run.openTask(node, token, 'resubmit', { type: 'initiator' }, titleOf(node, run));
      return { kind: 'wait' };
    }
    return task.escalated ? leaveBy(token, event.action === 'approve' ? 'approved' : 'rejected', run) : decide(node, token, event.action === 'approve', run);
  },
  fire: (node, token, timer, run) => timedOut(node, token, timer, run),
});

/**
 * A timer of the node is due. `remind`: the holders of the open tasks are reminded. `timeout`:
 * escalate (the open tasks move to `escalateTo`, whose decision alone counts), or decide
 * automatically (approve / reject).
 */
function timedOut(node: ApprovalNode, token: Token, timer: WorkflowTimer, run: StepRun): NodeOutcome {
  const open = run.instance.tasks.filter((t) => t.token === token.id && t.node === node.id && t.status === 'pending');
  if (timer.purpose === 'remind') {
    for (const task of open) run.emit({ kind: 'remindTask', taskId: task.id });
    return { kind: 'wait' };
  }
  const timeout = node.config.timeout;
  run.log({ node: node.id, what: 'timedOut' });
  if (!timeout || open.length === 0) return { kind: 'wait' };
  if (timeout.action === 'escalate' && timeout.escalateTo) {
    run.cancelTasks(token.id, 'escalated');
    run.cancelTimers(token.id);
    run.openTask(node, token, 'approval', timeout.escalateTo, titleOf(node, run), true);
    return { kind: 'wait' };
  }
  return leaveBy(token, timeout.action === 'reject' ? 'rejected' : 'approved', run);
}

function leaveBy(token: Token, handle: 'approved' | 'rejected', run: StepRun): NodeOutcome {
  run.cancelTasks(token.id, 'decided');
  return { kind: 'next', handle };
}

function decide(node: ApprovalNode, token: Token, approved: boolean, run: StepRun): NodeOutcome {
  const { assignees, mode } = node.config;
  // Added signers' tasks answer for a holder's task and are not counted themselves.
  const tasks = run.instance.tasks.filter((t) => t.token === token.id && t.node === node.id && t.kind === 'approval' && !t.signerFor);
  const approvals = tasks.filter((t) => t.status === 'approved').length;
  const rejections = tasks.filter((t) => t.status === 'rejected').length;
  const leave = (handle: 'approved' | 'rejected'): NodeOutcome => {
    run.cancelTasks(token.id, 'decided');
    return { kind: 'next', handle };
  };
  switch (mode) {
    case 'single':
    case 'anyOf':
      return leave(approved ? 'approved' : 'rejected');
    case 'allOf':
      if (!approved) return leave('rejected');
      return approvals === assignees.length ? leave('approved') : { kind: 'wait' };
    case 'sequential': {
      if (!approved) return leave('rejected');
      const next = assignees[tasks.length];
      if (next === undefined) return leave('approved');
      run.openTask(node, token, 'approval', next, titleOf(node, run));
      return { kind: 'wait' };
    }
    case 'voteRatio': {
      const ratio = node.config.passRatio ?? 1;
      if (approvals / assignees.length >= ratio) return leave('approved');
      if ((assignees.length - rejections) / assignees.length < ratio) return leave('rejected');
      return { kind: 'wait' };
    }
  }
}

function titleOf(node: ApprovalNode, run: StepRun): string | null {
  if (node.config.title === undefined) return null;
  const value = run.evaluate(node.config.title);
  return value === null ? null : String(value);
}

/** Whether a task of this kind takes this action. */
export function acceptsAction(task: WorkflowTask, action: string): boolean {
  return actionsOf(task).includes(action as TaskAction);
}

/** The actions a pending task takes: a resubmit task is answered; an added signer approves, rejects, comments or transfers. */
export function actionsOf(task: Pick<WorkflowTask, 'kind' | 'signerFor'>): TaskAction[] {
  if (task.kind === 'resubmit') return ['resubmit'];
  if (task.signerFor) return ['approve', 'reject', 'transfer', 'comment'];
  return ['approve', 'reject', 'return', 'transfer', 'addSigner', 'comment'];
}
