/**
 * What moves an instance on. Every event carries the time (`at`, ISO-8601) and the record as it is
 * now, read by the runtime in the step's transaction: the core reads no clock and no database.
 */
import type { TaskAction } from './instance.ts';

type Record_ = Readonly<Record<string, unknown>>;

export type WorkflowEvent =
  | { type: 'start'; at: string; record: Record_; initiator: number | null }
  | {
      type: 'taskActed';
      at: string;
      record: Record_;
      taskId: string;
      userId: number;
      action: TaskAction;
      comment?: string;
      /** Files (ids of the files API) that go with the comment. */
      attachments?: string[];
      /** `transfer` / `addSigner`: the active user the task goes to, or who is added. */
      to?: number;
      /** `addSigner`: before (they approve first, then the task comes back) or after the holder. */
      position?: 'before' | 'after';
    }
  /** The submitter takes the submission back (撤回): the instance ends as cancelled. */
  | { type: 'withdraw'; at: string; record: Record_; userId: number; reason?: string }
  /** Someone presses the current holders (催办); each open task at most once an hour. */
  | { type: 'urge'; at: string; record: Record_; userId: number }
  | { type: 'timerFired'; at: string; record: Record_; timerId: string }
  | { type: 'jobResult'; at: string; record: Record_; jobId: string; ok: boolean; output?: unknown }
  | { type: 'cancel'; at: string; record: Record_; userId: number | null; reason?: string };
