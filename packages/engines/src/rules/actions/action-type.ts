/**
 * What an action type is: one module per type (`assign.ts`, `set-field.ts` …), registered in
 * `registry.ts`. A module says which fields the action writes (for the cycle check at publish),
 * what is wrong with it beyond the schema and reference checks, and how it turns into effects.
 */
import type { Catalog, Entity, Rule, RuleAction, Ruleset } from '@pipewright/metadata';
import type { Problem } from '../../errors.ts';
import type { LoadSnapshot } from '../assignment/load-snapshot.ts';
import type { RuleEventFacts } from '../facts.ts';
import type { RuleEffectBody } from '../effects.ts';
import type { WorkCalendar } from '../../work-calendar/work-calendar.ts';

/** Where an action sits, when a ruleset is compiled or checked. */
export interface ActionContext {
  catalog: Catalog;
  entity: Entity;
  entities: readonly Entity[];
  ruleset: Ruleset;
  rule: Rule;
}

/** One evaluation: the event, the calendar, and the load snapshot assignments pick from. */
export interface ActionRun {
  event: RuleEventFacts;
  calendar: WorkCalendar;
  timeZone: string;
  snapshot: LoadSnapshot;
}

export interface ActionOutcome {
  effects: RuleEffectBody[];
  /** The snapshot after the action, when it assigned someone. */
  snapshot?: LoadSnapshot;
}

/** A field some entity's records get written by an action. */
export interface FieldWrite {
  entity: string;
  field: string;
}

export interface ActionType<A extends RuleAction = RuleAction> {
  readonly type: A['type'];
  writes(action: A, context: ActionContext): FieldWrite[];
  check(action: A, context: ActionContext, at: string): Problem[];
  /** Prepares the action once (parses its expressions); the result runs per evaluation. */
  compile(action: A, context: ActionContext): (run: ActionRun) => ActionOutcome;
}

/** Declares an action type, so that its action's shape is inferred from `type`. */
export function defineActionType<T extends RuleAction['type']>(definition: ActionType<Extract<RuleAction, { type: T }>>): ActionType<Extract<RuleAction, { type: T }>> {
  return definition;
}
