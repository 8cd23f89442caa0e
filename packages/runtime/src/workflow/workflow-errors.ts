/**
 * What the workflow runtime refuses, each with a stable code the server maps to a status:
 * unknown workflows, instances and tasks (404), a task someone else holds (403), a workflow
 * already running on the record or whose trigger condition is false (409), and the engine's own
 * refusals (`task.done`, `instance.ended`, `task.wrongAction`, … see decision 090).
 */
import { PipewrightError, type StepRefusal } from '@pipewright/engines';

export class WorkflowNotFoundError extends PipewrightError {
  constructor(app: string, workflow: string) {
    super('workflow.notFound', `App "${app}" has no published workflow "${workflow}"`);
  }
}

export class InstanceNotFoundError extends PipewrightError {
  constructor(id: unknown) {
    super('instance.notFound', `There is no workflow instance ${String(id)}`);
  }
}

/** Unknown, or on a record the caller cannot read: the same answer, so nothing leaks. */
export class TaskUnknownError extends PipewrightError {
  constructor(id: unknown) {
    super('task.unknown', `There is no task ${String(id)}`);
  }
}

export class TaskNotYoursError extends PipewrightError {
  constructor(id: unknown) {
    super('task.notYours', `Task ${String(id)} is not yours: only the people it is assigned to may act on it`);
  }
}

export class WorkflowAlreadyRunningError extends PipewrightError {
  constructor(workflow: string, recordId: number) {
    super('workflow.alreadyRunning', `Workflow "${workflow}" is already running on record ${recordId}`);
  }
}

export class WorkflowConditionNotMetError extends PipewrightError {
  constructor(workflow: string, recordId: number) {
    super('workflow.conditionNotMet', `Record ${recordId} does not meet the start condition of workflow "${workflow}"`);
  }
}

export class InstanceNotYoursError extends PipewrightError {
  constructor(id: number, act: 'cancel' | 'withdraw' | 'urge' = 'cancel') {
    super('instance.notYours', act === 'cancel' ? `Only an administrator or whoever started workflow instance ${id} may cancel it` : `Only whoever submitted workflow instance ${id} may ${act} it`);
  }
}

/** The user a task is transferred to or who is added as a signer is not an active user, or holds the task already. */
export class TaskTargetError extends PipewrightError {
  constructor(to: number, why: string) {
    super('task.badTarget', `User ${to} ${why}`, [{ path: '/to', code: 'task.badTarget', message: why }]);
  }
}

/** Another step kept winning the claim on this instance; the caller may try again (HTTP 409). */
export class InstanceBusyError extends PipewrightError {
  constructor(id: number) {
    super('instance.busy', `Workflow instance ${id} is being changed by others right now; try again`);
  }
}

/** A refusal of the engine's `step`, as an error the server maps (its code is the refusal's). */
export class StepRefusedError extends PipewrightError {
  constructor(refusal: StepRefusal, path?: string) {
    super(refusal.code, refusal.message, path === undefined ? [] : [{ path, code: refusal.code, message: refusal.message }]);
  }
}

/** No item of the caller's CC box has this id (someone else's is the same answer). */
export class CcItemNotFoundError extends PipewrightError {
  constructor(id: unknown) {
    super('cc.notFound', `There is no CC item ${String(id)} of yours`);
  }
}
