/**
 * What rules decide, as data. Evaluating a ruleset performs nothing: it returns these effects,
 * in the order the rules ran, and the runtime carries them out (in the write transaction for
 * `reject`, after commit from the outbox for the rest).
 */
import type { Label, Notification, Participant } from '@pipewright/metadata';

/** A change to the related record: set to a value, or add a number to what the database holds. */
export type RelatedChange = { field: string; value: unknown } | { field: string; add: number };

export type RuleEffectBody =
  /** Set `field` (a user field, `owner_id` by default) to `userId`; null: nobody could take it. */
  | { kind: 'assign'; field: string; userId: number | null; strategy: string; reason: string }
  | { kind: 'setField'; field: string; value: unknown }
  /** Add `points` (negative: subtract) to the number in `field`. */
  | { kind: 'addScore'; field: string; points: number }
  | {
      kind: 'createTask';
      title: string;
      description: string | null;
      /** Who does it; `owner`: the record's owner. */
      assignee: Participant | { type: 'owner' };
      dueAt: string | null;
      remindAt: string | null;
      priority: 'low' | 'normal' | 'high';
    }
  /** A message; its templates are filled by the runtime for each recipient, who may not see every field. */
  | { kind: 'notify'; notification: Notification }
  /** Refuse the change that triggered the rules, with this message. */
  | { kind: 'reject'; message: Label }
  | { kind: 'updateRelated'; relation: string; entity: string; id: number | null; changes: RelatedChange[] }
  /** A hook the workflow engine fills. */
  | { kind: 'startWorkflow'; workflow: string }
  | { kind: 'callWebhook'; url: string; method: 'POST' | 'PUT' | 'PATCH'; body: unknown };

/** An effect and the rule that decided it, for the automation log and the record's history. */
export type RuleEffect = RuleEffectBody & { ruleset: string; rule: string };
