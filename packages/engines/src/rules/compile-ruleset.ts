/**
 * Compiles a ruleset of a bundle into a json-rules-engine `Engine` with a declared hit policy.
 *
 * Order is never left to json-rules-engine: it runs rules of equal priority in parallel, in no
 * order anyone could rely on. Each enabled rule gets a priority of its own, from its declared
 * `priority` (highest first) and, between equal priorities, its place in the ruleset, so the
 * engine evaluates exactly one rule at a time in that order. `match: first` stops the engine at
 * the first rule that holds; `match: all` runs every rule that holds, in that order.
 */
import { Catalog, type AppBundle, type Ruleset } from '@pipewright/metadata';
import { Engine, type TopLevelCondition } from 'json-rules-engine';
import { PipewrightError, type Problem } from '../errors.ts';
import type { BoundFilter, FilterContext } from '../filter/bind.ts';
import { workCalendar, type WorkCalendar } from '../work-calendar/work-calendar.ts';
import { defaultTimeZone } from '../clock.ts';
import type { ActionContext, ActionOutcome, ActionRun } from './actions/action-type.ts';
import { actionTypeOf } from './actions/registry.ts';
import { compileCondition } from './compile-condition.ts';
import { ruleOperators, readPath } from './operators.ts';
import { bindScheduleFilter, compileTimer, type CompiledTimer } from './timers.ts';

/** A ruleset that cannot be compiled; `problems` name the JSON pointers (from the bundle's root). */
export class RulesetError extends PipewrightError {
  constructor(problems: readonly Problem[]) {
    super('rule.invalid', `Invalid ruleset: ${problems.slice(0, 3).map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
    this.name = 'RulesetError';
  }
}

export interface CompiledRule {
  key: string;
  priority: number;
  /** Index in the ruleset's `rules`. */
  index: number;
  condition: TopLevelCondition;
  actions: ((run: ActionRun) => ActionOutcome)[];
}

export interface CompiledRuleset {
  key: string;
  entity: string;
  match: 'all' | 'first';
  triggers: Ruleset['triggers'];
  /** On update: the fields whose change runs the ruleset (declared `changedFields`, else the fields its conditions read). */
  triggerFields: ReadonlySet<string>;
  /** Enabled rules, in the order they are evaluated. */
  rules: readonly CompiledRule[];
  /** Facts the conditions read. */
  facts: ReadonlySet<string>;
  /** Relations whose records the runtime nests into `record` (and `previous`) for the conditions. */
  relations: ReadonlySet<string>;
  calendar: WorkCalendar;
  timeZone: string;
  lastActivityField: string | undefined;
  /** With the `timer` trigger: the date-relative timer of each record. */
  timer: CompiledTimer | undefined;
  /** With the `schedule` trigger: its cron schedule and the records each occurrence runs on. */
  schedule: { cron: string; timeZone: string; records: BoundFilter } | undefined;
  /** Runs the engine; evaluations of one ruleset take turns, since stopping is the engine's state. */
  run(facts: Record<string, unknown>): Promise<readonly number[]>;
}

export interface CompileOptions {
  /** Resolves filter variables (`currentUser`, `today`) and periods in conditions; by default now and nobody. */
  context?: FilterContext;
}

/**
 * Compiles the ruleset at `index` of `bundle.rules`; throws {@link RulesetError} with every problem.
 *
 * @example
 * const scoring = compileRuleset(bundle, 1);
 * const { effects } = await evaluateRuleset(scoring, { record: lead, now: new Date() });
 */
export function compileRuleset(bundle: AppBundle, index: number, options: CompileOptions = {}): CompiledRuleset {
  const problems: Problem[] = [];
  const compiled = compileInto(bundle, new Catalog(bundle), index, options, problems);
  if (problems.length > 0 || !compiled) throw new RulesetError(problems);
  return compiled;
}

/** Compiles into `problems` instead of throwing: for the publish-time check. */
export function compileInto(bundle: AppBundle, catalog: Catalog, index: number, options: CompileOptions, problems: Problem[]): CompiledRuleset | undefined {
  const ruleset = (bundle.rules ?? [])[index];
  const at = `/rules/${index}`;
  if (!ruleset) {
    problems.push({ path: at, code: 'rule.unknownRuleset', message: `the bundle has no ruleset ${index}` });
    return undefined;
  }
  const entity = catalog.entity(ruleset.entity);
  if (!entity) {
    problems.push({ path: `${at}/entity`, code: 'rule.unknownEntity', message: `entity "${ruleset.entity}" does not exist` });
    return undefined;
  }
  const timeZone = bundle.app.timeZone ?? defaultTimeZone;
  const calendar = workCalendar(bundle.app.calendar, timeZone);
  const context: FilterContext = { now: new Date(), timeZone, ...options.context };
  const facts = new Set<string>();
  const relations = new Set<string>();
  const readFields = new Set<string>();
  const rules: CompiledRule[] = [];
  const bounds: BoundFilter[] = [];
  ruleset.rules.forEach((rule, r) => {
    if (rule.enabled === false) return;
    const here = `${at}/rules/${r}`;
    const condition = compileCondition(catalog, entity.key, rule.conditions, context, `${here}/conditions`, problems, bounds);
    condition.facts.forEach((f) => facts.add(f));
    condition.relations.forEach((f) => relations.add(f));
    condition.fields.forEach((f) => readFields.add(f));
    const actionContext: ActionContext = { catalog, entity, entities: bundle.entities, ruleset, rule };
    const actions = rule.actions.flatMap((action, a) => {
      const type = actionTypeOf(action);
      if (!type) {
        problems.push({ path: `${here}/actions/${a}/type`, code: 'rule.unknownAction', message: `unknown action type "${String(action.type)}"` });
        return [];
      }
      const wrong = type.check(action, actionContext, `${here}/actions/${a}`);
      problems.push(...wrong);
      return wrong.length > 0 ? [] : [type.compile(action, actionContext)];
    });
    rules.push({ key: rule.key, priority: rule.priority, index: r, condition: condition.condition, actions });
  });
  let timer: CompiledTimer | undefined;
  if (ruleset.triggers.includes('timer')) {
    if (!ruleset.timer) problems.push({ path: `${at}/timer`, code: 'rule.timerMissing', message: 'a ruleset with the "timer" trigger needs a timer: the date field it counts from, the offset and the condition' });
    else timer = compileTimer(catalog, entity.key, ruleset.timer, calendar, context, `${at}/timer`, problems);
    if (ruleset.triggers.includes('schedule')) problems.push({ path: `${at}/triggers`, code: 'rule.timerAndSchedule', message: 'a ruleset runs on a timer or on a schedule, not both: split it into two rulesets' });
  } else if (ruleset.timer) {
    problems.push({ path: `${at}/timer`, code: 'rule.timerUnused', message: 'the ruleset has a timer but not the "timer" trigger' });
  }
  let schedule: CompiledRuleset['schedule'];
  if (ruleset.triggers.includes('schedule') && ruleset.schedule) {
    const records = bindScheduleFilter(catalog, entity.key, ruleset.scheduleFilter, context, `${at}/scheduleFilter`, problems);
    if (records) schedule = { cron: ruleset.schedule.cron, timeZone: ruleset.schedule.timezone ?? defaultTimeZone, records };
  } else if (ruleset.scheduleFilter) {
    problems.push({ path: `${at}/scheduleFilter`, code: 'rule.scheduleUnused', message: 'the ruleset has a scheduleFilter but not the "schedule" trigger' });
  }
  if (problems.length > 0) return undefined;
  rules.sort((a, b) => b.priority - a.priority || a.index - b.index);
  const match = ruleset.match ?? 'all';
  return {
    key: ruleset.key,
    entity: entity.key,
    match,
    triggers: ruleset.triggers,
    triggerFields: new Set(ruleset.changedFields ?? readFields),
    rules,
    facts,
    relations,
    calendar,
    timeZone,
    lastActivityField: ruleset.lastActivityField,
    timer,
    schedule,
    run: engineRunner(rules, match, bounds),
  };
}

/** The json-rules-engine for the rules, one priority per rule, behind a turn-taking lock. */
function engineRunner(rules: readonly CompiledRule[], match: 'all' | 'first', bounds: readonly BoundFilter[]): (facts: Record<string, unknown>) => Promise<readonly number[]> {
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: readPath, replaceFactsInEventParams: false });
  for (const operator of ruleOperators(bounds)) engine.addOperator(operator);
  rules.forEach((rule, position) => {
    engine.addRule({
      name: rule.key,
      priority: rules.length - position,
      conditions: rule.condition,
      event: { type: 'rule', params: { position } },
    });
  });
  if (match === 'first') engine.on('success', () => void engine.stop());
  let turn: Promise<unknown> = Promise.resolve();
  return (facts) => {
    const result = turn.then(async () => {
      const { events } = await engine.run(facts);
      return events.map((event) => (event.params as { position: number }).position).sort((a, b) => a - b);
    });
    turn = result.catch(() => undefined);
    return result;
  };
}

/** Whether an event runs the ruleset: its kind is a trigger, and on update a trigger field changed. */
export function runsOn(ruleset: CompiledRuleset, event: { kind: 'create' | 'update' | 'delete' | 'restore' | 'transfer'; changed?: readonly string[] }): boolean {
  if (!ruleset.triggers.includes(event.kind)) return false;
  if (event.kind !== 'update' || event.changed === undefined) return true;
  return event.changed.some((field) => ruleset.triggerFields.has(field));
}

