/**
 * The workflow engine: one event in, the next instance and the effects out. Pure and
 * deterministic: the same definition, instance and event always give the same result, and an
 * event that does not apply (a task already done, an instance that has ended) gives a refusal
 * with the instance unchanged, so a duplicate delivery or a double click changes nothing.
 *
 * @example
 * const started = step(definition, newInstance('wf-1', definition), { type: 'start', at, record, initiator: 7 });
 * if (started.ok) await runtime.perform(started.effects); // in the transaction that stores started.instance
 */
import type { WorkflowNode } from '@pipewright/metadata';
import { ExpressionError } from '../expression/errors.ts';
import type { WorkflowDefinition } from './definition.ts';
import type { WorkflowEffect } from './effects.ts';
import type { WorkflowEvent } from './events.ts';
import { endedStatuses, type Token, type WorkflowInstance, type WorkflowTask } from './instance.ts';
import type { NodeOutcome } from './node-type.ts';
import { acceptsAction } from './nodes/approval.ts';
import { urgeOpenTasks } from './nodes/approval-actions.ts';
import { nodeTypeOf } from './nodes/registry.ts';
import { Refusal, StepRun, refuse, type StepRefusal } from './step-run.ts';

export type StepResult =
  | { ok: true; instance: WorkflowInstance; effects: WorkflowEffect[] }
  | { ok: false; refusal: StepRefusal; instance: WorkflowInstance };

/** Node entries one step may make before it is refused as a loop that never waits. */
export const maxNodeEntriesPerStep = 1000;

export function step(definition: WorkflowDefinition, instance: WorkflowInstance, event: WorkflowEvent): StepResult {
  const run = new StepRun(definition, structuredClone(instance), event);
  try {
    apply(run);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, refusal: error.refusal, instance };
    throw error;
  }
  return { ok: true, instance: run.instance, effects: run.effects };
}

function apply(run: StepRun): void {
  const { instance, event, definition } = run;
  if (endedStatuses.has(instance.status)) refuse('instance.ended', `instance ${instance.id} has ended (${instance.status})`);
  if (event.type === 'start') {
    if (instance.status !== 'created') refuse('instance.alreadyStarted', `instance ${instance.id} has already started`);
    const trigger = definition.trigger ?? refuse('workflow.noTrigger', `workflow "${definition.workflow.key}" has no trigger node`);
    const id = event.record['id'];
    instance.recordId = typeof id === 'number' ? id : null;
    instance.initiator = event.initiator;
    instance.status = 'running';
    instance.variables['submitted'] = structuredClone(event.record);
    run.log({ node: null, what: 'started', ...(event.initiator !== null ? { userId: event.initiator } : {}) });
    const token: Token = { id: run.nextId('token'), node: trigger.id, via: null };
    instance.tokens.push(token);
    drive(run, [token]);
  } else {
    if (instance.status === 'created') refuse('instance.notStarted', `instance ${instance.id} has not started`);
    switch (event.type) {
      case 'taskActed': {
        const task = instance.tasks.find((t) => t.id === event.taskId) ?? refuse('task.unknown', `instance ${instance.id} has no task ${event.taskId}`);
        if (task.status === 'waiting') refuse('task.waiting', `task ${task.id} waits for the signer its holder added`);
        if (task.status !== 'pending') refuse('task.done', `task ${task.id} is already ${task.status}`);
        // A task transferred (or added) to one person is theirs alone, also against a holder who read it before the transfer committed.
        if (task.assignee.type === 'userId' && task.assignee.id !== event.userId) refuse('task.notYours', `task ${task.id} now belongs to user ${task.assignee.id}`);
        if (!acceptsAction(task, event.action)) refuse('task.wrongAction', `a ${task.kind} task cannot be acted on with ${event.action}`);
        const token = instance.tokens.find((t) => t.id === task.token) ?? refuse('task.done', `task ${task.id} no longer has a token`);
        const node = nodeAt(run, token.node);
        const status = statusAfter[event.action as keyof typeof statusAfter] as WorkflowTask['status'] | undefined;
        if (status !== undefined) {
          task.status = status;
          task.doneAt = event.at;
          task.doneBy = event.userId;
          task.comment = event.comment ?? null;
        }
        run.log({
          node: node.id,
          what: 'acted',
          taskId: task.id,
          userId: event.userId,
          action: event.action,
          ...(event.comment ? { comment: event.comment } : {}),
          ...(event.attachments?.length ? { attachments: event.attachments } : {}),
          ...(event.to !== undefined ? { toUserId: event.to } : {}),
          ...(event.action === 'addSigner' ? { position: event.position ?? 'before' } : {}),
        });
        const act = nodeTypeOf(node).act ?? refuse('task.wrongAction', `${node.type} node "${node.id}" takes no actions`);
        route(run, token, node, atNode(node, () => act(node, token, task, event, run)));
        break;
      }
      case 'withdraw':
        if (event.userId !== instance.initiator) refuse('instance.notYours', `only whoever submitted instance ${instance.id} may withdraw it`);
        run.log({ node: null, what: 'acted', action: 'withdraw', userId: event.userId, ...(event.reason ? { comment: event.reason } : {}) });
        run.end('cancelled', null);
        return;
      case 'urge':
        urgeOpenTasks(run, event.userId);
        return;
      case 'cancel':
        run.log({ node: null, what: 'acted', action: 'cancel', ...(event.userId !== null ? { userId: event.userId } : {}), ...(event.reason ? { comment: event.reason } : {}) });
        run.end('cancelled', null);
        return;
      case 'timerFired': {
        const timer = instance.timers.find((t) => t.id === event.timerId) ?? refuse('timer.unknown', `instance ${instance.id} has no timer ${event.timerId}`);
        if (timer.status !== 'scheduled') refuse('timer.done', `timer ${timer.id} is ${timer.status}`);
        const token = instance.tokens.find((t) => t.id === timer.token) ?? refuse('timer.done', `timer ${timer.id} no longer has a token`);
        const node = nodeAt(run, token.node);
        timer.status = 'fired';
        const fire = nodeTypeOf(node).fire ?? refuse('timer.unknown', `${node.type} node "${node.id}" schedules no timers`);
        route(run, token, node, fire(node, token, timer, run));
        break;
      }
      case 'jobResult':
        refuse('job.unknown', `instance ${instance.id} has no job ${event.jobId}`);
    }
  }
  if (instance.status === 'running' && instance.tokens.length === 0) run.end(instance.approvedEnd ? 'approved' : 'completed', null);
}

const statusAfter = { approve: 'approved', reject: 'rejected', return: 'returned', resubmit: 'resubmitted' } as const;

function nodeAt(run: StepRun, id: string): WorkflowNode {
  return run.definition.nodes.get(id) ?? refuse('workflow.brokenGraph', `workflow "${run.definition.workflow.key}" has no node "${id}"`);
}

/** Enters each token's node in turn, following outcomes, until every token waits or is gone. */
function drive(run: StepRun, arriving: Token[]): void {
  const queue = [...arriving];
  let entries = 0;
  for (let token = queue.shift(); token !== undefined; token = queue.shift()) {
    if (endedStatuses.has(run.instance.status)) return;
    if (++entries > maxNodeEntriesPerStep) refuse('workflow.runaway', `the step entered more than ${maxNodeEntriesPerStep} nodes without waiting: a loop with no exit`);
    const node = nodeAt(run, token.node);
    run.log({ node: node.id, what: 'entered' });
    queue.push(...follow(run, token, node, atNode(node, () => nodeTypeOf(node).enter(node, token, run))));
  }
}

/**
 * Runs a node's code; an expression of the node that fails on this record (a text where a number
 * belongs) refuses the event with the node named, so the instance stays as it was and the caller
 * learns which node to mend, rather than the step throwing.
 */
function atNode<T>(node: WorkflowNode, enter: () => T): T {
  try {
    return enter();
  } catch (error) {
    if (error instanceof ExpressionError) refuse('workflow.expressionFailed', `${node.type} node "${node.id}": ${error.message}`);
    throw error;
  }
}

function route(run: StepRun, token: Token, node: WorkflowNode, outcome: NodeOutcome): void {
  drive(run, follow(run, token, node, outcome));
}

/** Moves the token as the outcome says; returns the tokens that arrive somewhere new. */
function follow(run: StepRun, token: Token, node: WorkflowNode, outcome: NodeOutcome): Token[] {
  const { instance, definition } = run;
  const remove = () => {
    run.cancelTimers(token.id);
    instance.tokens = instance.tokens.filter((t) => t.id !== token.id);
  };
  switch (outcome.kind) {
    case 'wait':
      return [];
    case 'consumed':
      remove();
      return [];
    case 'jump': {
      remove();
      const fresh: Token = { id: run.nextId('token'), node: nodeAt(run, outcome.node).id, via: null };
      instance.tokens.push(fresh);
      return [fresh];
    }
    case 'next':
    case 'split': {
      const handle = outcome.kind === 'next' ? outcome.handle : undefined;
      const edges = (definition.outgoing.get(node.id) ?? []).filter((e) => outcome.kind === 'split' || e.sourceHandle === handle);
      if (edges.length === 0) refuse('workflow.brokenGraph', `${node.type} node "${node.id}" has no edge${handle ? ` from outlet "${handle}"` : ''}`);
      run.log({ node: node.id, what: 'left', ...(handle ? { handle } : {}) });
      remove();
      const moved = edges.map((edge): Token => ({ id: run.nextId('token'), node: edge.target, via: edge.id }));
      instance.tokens.push(...moved);
      return moved;
    }
  }
}
