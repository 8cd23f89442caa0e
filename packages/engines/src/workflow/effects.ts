/**
 * What a step asks the runtime to do, as data, in order. The runtime performs them in the
 * transaction that stores the stepped instance (tasks, record updates, timers) or from the outbox
 * after commit (messages, HTTP calls); see docs/decisions/090.
 */
import type { Notification } from '@pipewright/metadata';
import type { Assignee, InstanceStatus } from './instance.ts';

export type WorkflowEffect =
  /** Open a task; a role or field assignee resolving to several people is one task any of them may take. */
  | { kind: 'createTask'; taskId: string; node: string; task: 'approval' | 'resubmit'; assignee: Assignee; title: string | null; signerFor?: string }
  /** Close an open task nobody needs to act on any more. */
  | { kind: 'cancelTask'; taskId: string; reason: 'decided' | 'returned' | 'escalated' | 'ended' }
  | { kind: 'notify'; node: string; notification: Notification }
  /** Copy people on the instance (抄送): an item in each one's CC box, no decision asked. A notify node's recipients are copied too. */
  | { kind: 'carbonCopy'; node: string; participants: Assignee[] }
  /** Set fields of the record (or of the record one many-to-one `relation` away) to these values. */
  | { kind: 'updateRecord'; node: string; relation: string | null; values: Record<string, unknown> }
  | { kind: 'createRecord'; node: string; entity: string; link: string | null; values: Record<string, unknown> }
  | { kind: 'scheduleTimer'; timerId: string; node: string; at: string }
  | { kind: 'cancelTimer'; timerId: string }
  /** Remind the holders of an open task that it is due soon. */
  | { kind: 'remindTask'; taskId: string }
  /** Someone urged the holders of an open task (催办). */
  | { kind: 'urgeTask'; taskId: string; by: number }
  /** The task now belongs to `assignee` alone (a transfer). */
  | { kind: 'reassignTask'; taskId: string; assignee: Assignee }
  /** The task waits for an added signer: out of its holders' pending inbox until `resumeTask`. */
  | { kind: 'suspendTask'; taskId: string }
  | { kind: 'resumeTask'; taskId: string }
  | { kind: 'callHttp'; jobId: string; node: string; request: unknown }
  /** The instance ended; the runtime unlocks the record and records the outcome. */
  | { kind: 'end'; status: InstanceStatus };
