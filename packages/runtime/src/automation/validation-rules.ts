/**
 * Validation rules: rulesets with a `reject` action, run inside the write transaction after the
 * write and before commit, on the records as they will be, with their previous values and "is
 * new". A rule that rejects throws {@link RuleRejectedError} (HTTP 422 naming the rule's
 * message), which rolls the whole write back: no record, no history, no event.
 */
import { evaluateRuleset, PipewrightError, type Problem } from '@pipewright/engines';
import type { Label } from '@pipewright/metadata';
import type { Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { DynamicTables } from '../database/index.ts';
import type { RecordData } from '../records/record-writer.ts';
import { rulesetsFor } from './app-rulesets.ts';
import { eventFacts } from './event-facts.ts';
import type { RecordEventKind } from './record-events.ts';

/** A validation rule refused the change (HTTP 422); each problem names the rule and its message. */
export class RuleRejectedError extends PipewrightError {
  constructor(problems: readonly Problem[], readonly rules: readonly string[]) {
    super('rule.rejected', problems.map((p, i) => `${p.message} (rule ${rules[i]})`).join('; '), problems);
    this.name = 'RuleRejectedError';
  }
}

export interface CheckedWrite {
  record: RecordData;
  previous: RecordData | null;
  /** On update: the fields that changed. */
  changed?: readonly string[];
  /** Where the item sits in a bulk body (`/3`), '' for a single write. */
  at: string;
}

/** Runs the entity's validation rulesets on the written records; throws when one rejects. */
export async function enforceValidationRules(db: Kysely<DynamicTables>, model: AppModel, entity: string, kind: RecordEventKind, writes: readonly CheckedWrite[], actor: number | null): Promise<void> {
  const problems: Problem[] = [];
  const rules: string[] = [];
  const now = new Date();
  for (const write of writes) {
    for (const ruleset of rulesetsFor(model, entity, { kind, changed: write.changed ?? null }, 'validation')) {
      const facts = await eventFacts(db, model, ruleset, { record: write.record, previous: write.previous, isNew: kind === 'create', actor, now });
      const outcome = await evaluateRuleset(ruleset, facts);
      for (const effect of outcome.effects) {
        if (effect.kind !== 'reject') continue;
        problems.push({ path: write.at, code: 'rule.rejected', message: labelText(effect.message) });
        rules.push(`${effect.ruleset}/${effect.rule}`);
      }
    }
  }
  if (problems.length > 0) throw new RuleRejectedError(problems, rules);
}

/** The label in the app's first language (zh-CN), else English, else any. */
export function labelText(label: Label): string {
  return label['zh-CN'] ?? label.en ?? Object.values(label)[0] ?? '';
}
