/**
 * What a step asks the runtime to do, as data, in order. The runtime performs them in the
 * transaction that stores the stepped instance (tasks, record updates, timers) or from the outbox
 * after commit (messages, HTTP calls); see docs/decisions/090.
 */
import type { Notification } from '@pipewright/metadata';
import type { Assignee, InstanceStatus } from './instance.ts';

export type WorkflowEffect =
  /** Open a task; a role or field assignee resolving to several people is one task any of them may take. */
  | { kind: 'createTask'; taskId: string; node: string; task: 'approval' | 'resubmit'; assignee: Assignee; title: string | null }
  /** Close an open task nobody needs to act on any more. */
  | { kind: 'cancelTask'; taskId: string; reason: 'decided' | 'returned' | 'ended' }
  | { kind: 'notify'; node: string; notification: Notification }
  /** Set fields of the record (or of the record one many-to-one `relation` away) to these values. */
  | { kind: 'updateRecord'; node: string; relation: string | null; values: Record<string, unknown> }
  | { kind: 'createRecord'; node: string; entity: string; link: string | null; values: Record<string, unknown> }
  | { kind: 'scheduleTimer'; timerId: string; node: string; at: string }
  | { kind: 'callHttp'; jobId: string; node: string; request: unknown }
  /** The instance ended; the runtime unlocks the record and records the outcome. */
  | { kind: 'end'; status: InstanceStatus };
