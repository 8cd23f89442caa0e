/**
 * A running workflow as plain data: where its tokens are, which tasks are open, what happened.
 * The runtime stores it (one row per instance, tokens and tasks beside it) and hands it back to
 * `step` with the next event; `step` never changes the object it is given.
 */
import type { Participant } from '@pipewright/metadata';

export type InstanceStatus = 'created' | 'running' | 'returned' | 'approved' | 'rejected' | 'cancelled' | 'completed';

/** The statuses of an instance that has ended: events on it are refused. */
export const endedStatuses: ReadonlySet<InstanceStatus> = new Set(['approved', 'rejected', 'cancelled', 'completed']);

/** A marker on the graph: the token sits at `node`, having come along edge `via`. */
export interface Token {
  id: string;
  node: string;
  via: string | null;
}

/** Who a task goes to. The runtime resolves it; `initiator` is whoever started the instance. */
export type Assignee = Participant | { type: 'initiator' } | { type: 'userId'; id: number };

/**
 * What a holder does with a task. approve / reject / return decide; resubmit answers a return;
 * transfer hands the task to someone else, addSigner brings in another approver (before or after
 * the holder), comment adds a remark (with files) and decides nothing.
 */
export type TaskAction = 'approve' | 'reject' | 'return' | 'resubmit' | 'transfer' | 'addSigner' | 'comment';

/** How often the same open task may be urged. */
export const urgeIntervalMillis = 60 * 60 * 1000;

export interface WorkflowTask {
  id: string;
  node: string;
  /** The token the task belongs to. */
  token: string;
  kind: 'approval' | 'resubmit';
  assignee: Assignee;
  /** `waiting`: the holder added a signer, whose answer the task waits for. */
  status: 'pending' | 'waiting' | 'approved' | 'rejected' | 'returned' | 'resubmitted' | 'cancelled';
  /** Opened by a timeout's escalation: this task alone decides. */
  escalated: boolean;
  createdAt: string;
  doneAt: string | null;
  doneBy: number | null;
  comment: string | null;
  /** An added signer's task: the holder's task it answers for, and on which side of the holder. */
  signerFor?: { task: string; position: 'before' | 'after' };
  /** When the task was last urged. */
  urgedAt?: string;
}

export interface HistoryEntry {
  at: string;
  node: string | null;
  what: 'started' | 'entered' | 'left' | 'taskCreated' | 'acted' | 'returned' | 'timedOut' | 'urged' | 'ended';
  handle?: string;
  taskId?: string;
  userId?: number;
  action?: TaskAction | 'cancel' | 'withdraw' | 'urge';
  comment?: string;
  attachments?: string[];
  /** transfer / addSigner: the user the task went to, or who was added. */
  toUserId?: number;
  position?: 'before' | 'after';
  status?: InstanceStatus;
}

/** A durable timer the runtime schedules; `timerFired` with its id comes back when it is due. */
export interface WorkflowTimer {
  id: string;
  node: string;
  token: string;
  purpose: 'timeout' | 'remind';
  at: string;
  status: 'scheduled' | 'fired' | 'cancelled';
}

/** Arrivals at a parallel join: which incoming edges have delivered a token since it last fired. */
export interface JoinState {
  arrived: string[];
  /** `wait: any` joins: the first token has passed, later ones of the same round are absorbed. */
  fired: boolean;
}

export interface WorkflowInstance {
  id: string;
  workflow: string;
  /** The published version the instance runs on, for its whole life. */
  version: number;
  recordId: number | null;
  initiator: number | null;
  status: InstanceStatus;
  tokens: Token[];
  tasks: WorkflowTask[];
  timers: WorkflowTimer[];
  joins: Record<string, JoinState>;
  /** Values the instance keeps between steps (the record snapshot at submission, node outputs). */
  variables: Record<string, unknown>;
  history: HistoryEntry[];
  /** Counter behind token and task ids, so that ids are the same each time a step is replayed. */
  sequence: number;
  /** Whether an approved end was reached; decides between approved and completed. */
  approvedEnd: boolean;
}

/**
 * An instance before its start event.
 *
 * @example
 * step(definition, newInstance('wf-1', definition), { type: 'start', at, record, initiator: 7 })
 */
export function newInstance(id: string, definition: { workflow: { key: string; version: number } }): WorkflowInstance {
  return {
    id,
    workflow: definition.workflow.key,
    version: definition.workflow.version,
    recordId: null,
    initiator: null,
    status: 'created',
    tokens: [],
    tasks: [],
    timers: [],
    joins: {},
    variables: {},
    history: [],
    sequence: 0,
    approvedEnd: false,
  };
}
