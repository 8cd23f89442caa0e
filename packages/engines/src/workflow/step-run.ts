/**
 * The state of one step while it runs: a copy of the instance that node modules change, the
 * effects they emit in order, and the event's clock and record for conditions and expressions.
 */
import type { Filter, WorkflowNode } from '@pipewright/metadata';
import { bindFilter } from '../filter/bind.ts';
import { matchesFilter } from '../filter/evaluate.ts';
import { evaluate } from '../expression/evaluator.ts';
import { parseExpression } from '../expression/parser.ts';
import type { ExpressionValue } from '../expression/values.ts';
import type { WorkflowDefinition } from './definition.ts';
import type { WorkflowEffect } from './effects.ts';
import type { WorkflowEvent } from './events.ts';
import type { Assignee, HistoryEntry, InstanceStatus, Token, WorkflowInstance, WorkflowTask, WorkflowTimer } from './instance.ts';

export type RefusalCode =
  | 'instance.ended'
  | 'instance.notStarted'
  | 'instance.alreadyStarted'
  | 'task.unknown'
  | 'task.done'
  | 'task.wrongAction'
  | 'task.waiting'
  | 'task.notYours'
  | 'task.badTarget'
  | 'task.urgedRecently'
  | 'instance.notYours'
  | 'instance.nothingToUrge'
  | 'timer.unknown'
  | 'timer.done'
  | 'job.unknown'
  | 'workflow.noTrigger'
  | 'node.notSupported'
  | 'workflow.runaway'
  | 'workflow.brokenGraph'
  | 'workflow.expressionFailed';

/** Why an event was not applied. The instance is as it was. */
export interface StepRefusal {
  code: RefusalCode;
  message: string;
}

/** Raised inside a step and turned into a refusal by `step`; never leaves the engine. */
export class Refusal {
  constructor(readonly refusal: StepRefusal) {}
}

export function refuse(code: RefusalCode, message: string): never {
  throw new Refusal({ code, message });
}

export class StepRun {
  readonly effects: WorkflowEffect[] = [];

  constructor(
    readonly definition: WorkflowDefinition,
    readonly instance: WorkflowInstance,
    readonly event: WorkflowEvent,
  ) {}

  get at(): string {
    return this.event.at;
  }

  nextId(kind: 'token' | 'task' | 'timer'): string {
    this.instance.sequence += 1;
    return `${this.instance.id}/${kind}/${this.instance.sequence}`;
  }

  emit(effect: WorkflowEffect): void {
    this.effects.push(effect);
  }

  log(entry: Omit<HistoryEntry, 'at'>): void {
    this.instance.history.push({ at: this.at, ...entry });
  }

  /** Whether the record, as the event brings it, passes a filter (bound with the event's clock). */
  matches(filter: Filter, at: string): boolean {
    const { catalog, workflow, timeZone } = this.definition;
    const userId = this.event.type === 'taskActed' ? this.event.userId : (this.instance.initiator ?? undefined);
    const bound = bindFilter(catalog, workflow.entity, filter, { now: new Date(this.at), timeZone, ...(userId !== undefined ? { userId } : {}) }, at);
    return matchesFilter(bound, this.event.record);
  }

  evaluate(expression: string): ExpressionValue {
    return evaluate(parseExpression(expression), { record: this.event.record, now: this.at, timeZone: this.definition.timeZone });
  }

  openTask(node: WorkflowNode, token: Token, kind: WorkflowTask['kind'], assignee: Assignee, title: string | null, escalated = false, signerFor?: WorkflowTask['signerFor']): WorkflowTask {
    const task: WorkflowTask = {
      id: this.nextId('task'),
      node: node.id,
      token: token.id,
      kind,
      assignee,
      status: 'pending',
      escalated,
      createdAt: this.at,
      doneAt: null,
      doneBy: null,
      comment: null,
      ...(signerFor ? { signerFor } : {}),
    };
    this.instance.tasks.push(task);
    this.emit({ kind: 'createTask', taskId: task.id, node: node.id, task: kind, assignee, title, ...(signerFor ? { signerFor: signerFor.task } : {}) });
    this.log({ node: node.id, what: 'taskCreated', taskId: task.id });
    return task;
  }

  /** Cancels the open tasks of a token (all open tasks when `token` is null). */
  cancelTasks(token: string | null, reason: 'decided' | 'returned' | 'escalated' | 'ended'): void {
    for (const task of this.instance.tasks) {
      if ((task.status !== 'pending' && task.status !== 'waiting') || (token !== null && task.token !== token)) continue;
      task.status = 'cancelled';
      task.doneAt = this.at;
      this.emit({ kind: 'cancelTask', taskId: task.id, reason });
    }
  }

  /** Schedules a durable timer `millis` after the event's time. */
  schedule(node: WorkflowNode, token: Token, purpose: WorkflowTimer['purpose'], millis: number): WorkflowTimer {
    const timer: WorkflowTimer = { id: this.nextId('timer'), node: node.id, token: token.id, purpose, at: new Date(Date.parse(this.at) + millis).toISOString(), status: 'scheduled' };
    this.instance.timers.push(timer);
    this.emit({ kind: 'scheduleTimer', timerId: timer.id, node: node.id, at: timer.at });
    return timer;
  }

  /** Cancels the scheduled timers of a token (all of them when `token` is null). */
  cancelTimers(token: string | null): void {
    for (const timer of this.instance.timers) {
      if (timer.status !== 'scheduled' || (token !== null && timer.token !== token)) continue;
      timer.status = 'cancelled';
      this.emit({ kind: 'cancelTimer', timerId: timer.id });
    }
  }

  /** Ends the instance: every token is removed and every open task cancelled. */
  end(status: InstanceStatus, node: string | null): void {
    this.cancelTasks(null, 'ended');
    this.cancelTimers(null);
    this.instance.tokens = [];
    this.instance.status = status;
    this.log({ node, what: 'ended', status });
    this.emit({ kind: 'end', status });
  }
}
