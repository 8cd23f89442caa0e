/**
 * Dry run of a ruleset (decision 062): which rules would match a record and what they would do,
 * writing nothing. The record is an unsaved one (checked as a create would check it, problems
 * under `/record`), an existing one read with the caller's permissions (`{ id }`: 404 when they
 * cannot read it), or the caller's latest readable records (`{ sample }`). Assignments pick from
 * a load snapshot read once without the turn's lock and thrown away, so the round-robin turn does
 * not move. Only an administrator or a holder of `create` on the ruleset's entity may ask.
 */
import { evaluateRuleset, PipewrightError, RecordValidationError, type LoadSnapshot, type RuleEffect } from '@pipewright/engines';
import type { AppStore } from '../apps/app-store.ts';
import type { Database } from '../database/index.ts';
import { PermissionDeniedError } from '../permissions/permission-error.ts';
import { RecordGuard } from '../permissions/record-guard.ts';
import type { Actor, RecordData } from '../records/record-writer.ts';
import type { Records } from '../records/records.ts';
import { rulesetByKey } from './app-rulesets.ts';
import { assignmentSnapshot } from './assignment-pool.ts';
import { eventFacts } from './event-facts.ts';

export type DryRunInput = { record: unknown } | { id: number } | { sample: number };

export interface DryRunResult {
  ruleset: string;
  entity: string;
  match: 'all' | 'first';
  results: { id: number | null; matched: string[]; effects: RuleEffect[] }[];
}

/** The ruleset does not exist (or is disabled) in the app (HTTP 404). */
export class RulesetNotFoundError extends PipewrightError {
  constructor(app: string, ruleset: string) {
    super('ruleset.notFound', `App "${app}" has no enabled ruleset "${ruleset}"`);
  }
}

export async function dryRunRuleset(deps: { database: Database; apps: AppStore; records: Records }, app: string, key: string, input: DryRunInput, actor: Actor, now = new Date()): Promise<DryRunResult> {
  const model = await deps.apps.model(app);
  const ruleset = rulesetByKey(model, key);
  if (!ruleset) throw new RulesetNotFoundError(app, key);
  const entity = ruleset.entity;
  if (actor.permissions && !actor.permissions.subject.isAdmin) {
    const guard = new RecordGuard(deps.records.policy, model, actor.permissions, now, actor.timeZone).for(entity);
    if (!guard.access(entity, 'create')?.allowed) throw new PermissionDeniedError(`Only an administrator or someone who may create ${entity} records may dry-run the ruleset "${key}"`);
  }
  let records: { id: number | null; record: RecordData }[];
  if ('record' in input) {
    const context = { userId: actor.userId, departmentId: actor.departmentId, now, timeZone: actor.timeZone };
    try {
      const prepared = model.validator(entity).prepare(input.record, 'create', context);
      records = [{ id: null, record: { owner_id: actor.userId, created_by: actor.userId, created_at: now.toISOString(), updated_at: now.toISOString(), ...prepared.values, ...prepared.lineItems, ...prepared.links } }];
    } catch (error) {
      if (error instanceof RecordValidationError) throw new RecordValidationError(error.problems.map((p) => ({ ...p, path: `/record${p.path}` })));
      throw error;
    }
  } else if ('id' in input) {
    records = [{ id: input.id, record: await deps.records.get(app, entity, input.id, {}, actor) }];
  } else {
    const page = await deps.records.list(app, entity, { pageSize: input.sample, sort: [{ field: 'id', direction: 'desc' }], count: 'none' }, actor);
    records = page.items.map((record) => ({ id: Number(record.id), record }));
  }
  let snapshot: LoadSnapshot = await assignmentSnapshot(deps.database.db, model, entity, { lock: false });
  const results: DryRunResult['results'] = [];
  for (const { id, record } of records) {
    const facts = await eventFacts(deps.database.db, model, ruleset, { record, previous: null, isNew: id === null, actor: actor.userId, now });
    const outcome = await evaluateRuleset(ruleset, facts, snapshot);
    snapshot = outcome.snapshot;
    results.push({ id, matched: outcome.matched, effects: outcome.effects });
  }
  return { ruleset: key, entity, match: ruleset.match, results };
}
