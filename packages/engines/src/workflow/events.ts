/**
 * What moves an instance on. Every event carries the time (`at`, ISO-8601) and the record as it is
 * now, read by the runtime in the step's transaction: the core reads no clock and no database.
 */
import type { TaskAction } from './instance.ts';

type Record_ = Readonly<Record<string, unknown>>;

export type WorkflowEvent =
  | { type: 'start'; at: string; record: Record_; initiator: number | null }
  | { type: 'taskActed'; at: string; record: Record_; taskId: string; userId: number; action: TaskAction; comment?: string }
  | { type: 'timerFired'; at: string; record: Record_; timerId: string }
  | { type: 'jobResult'; at: string; record: Record_; jobId: string; ok: boolean; output?: unknown }
  | { type: 'cancel'; at: string; record: Record_; userId: number | null; reason?: string };
