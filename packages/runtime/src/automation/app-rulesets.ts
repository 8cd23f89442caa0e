/**
 * The compiled rulesets of an app model, by entity and by what they do: validation rulesets
 * (those with a `reject` action) run inside the write transaction; every other effect runs after
 * commit (decision 080). Compiled rulesets are kept a minute per model, since filter variables
 * (`today`) and periods are resolved when a ruleset is compiled (decision 060).
 */
import { compileRuleset, defaultTimeZone, runsOn, type CompiledRuleset } from '@pipewright/engines';
import type { AppModel } from '../apps/app-model.ts';
import type { RecordEventKind } from './record-events.ts';

export interface AppRuleset {
  compiled: CompiledRuleset;
  /** The ruleset has a `reject` action: it is checked in the write transaction. */
  validates: boolean;
  /** The ruleset has an action other than `reject`: it runs after commit. */
  automates: boolean;
}

const keep = 60_000;
const cache = new WeakMap<AppModel, { at: number; rulesets: AppRuleset[] }>();

/** Every enabled ruleset of the app, compiled. */
export function appRulesets(model: AppModel, now = Date.now()): readonly AppRuleset[] {
  const cached = cache.get(model);
  if (cached && now - cached.at < keep) return cached.rulesets;
  const rulesets: AppRuleset[] = [];
  (model.bundle.rules ?? []).forEach((ruleset, index) => {
    if (ruleset.enabled === false) return;
    rulesets.push({
      compiled: compileRuleset(model.bundle, index, { context: { now: new Date(now), timeZone: model.bundle.app.timeZone ?? defaultTimeZone } }),
      validates: ruleset.rules.some((rule) => rule.enabled !== false && rule.actions.some((a) => a.type === 'reject')),
      automates: ruleset.rules.some((rule) => rule.enabled !== false && rule.actions.some((a) => a.type !== 'reject')),
    });
  });
  cache.set(model, { at: now, rulesets });
  return rulesets;
}

/** The rulesets an event of `entity` runs. */
export function rulesetsFor(model: AppModel, entity: string, event: { kind: RecordEventKind; changed?: readonly string[] | null }, which: 'validation' | 'automation'): CompiledRuleset[] {
  if (event.kind === 'share' || event.kind === 'timer') return [];
  const kind = event.kind;
  return appRulesets(model)
    .filter((r) => r.compiled.entity === entity && (which === 'validation' ? r.validates : r.automates))
    .map((r) => r.compiled)
    .filter((r) => runsOn(r, { kind, ...(event.changed ? { changed: event.changed } : {}) }));
}

/** The enabled ruleset with this key. */
export function rulesetByKey(model: AppModel, key: string): CompiledRuleset | undefined {
  return appRulesets(model).find((r) => r.compiled.key === key)?.compiled;
}

/** Whether any ruleset runs after commit on the entity's events. */
export function hasAutomation(model: AppModel, entity: string): boolean {
  return appRulesets(model).some((r) => r.automates && r.compiled.entity === entity);
}

/** Whether any validation ruleset watches the entity (so the writer must read the records back). */
export function hasValidation(model: AppModel, entity: string): boolean {
  return appRulesets(model).some((r) => r.validates && r.compiled.entity === entity);
}

/** The entity's enabled rulesets with a date-relative timer. */
export function timerRulesets(model: AppModel, entity: string): CompiledRuleset[] {
  return appRulesets(model)
    .filter((r) => r.compiled.entity === entity && r.compiled.timer !== undefined)
    .map((r) => r.compiled);
}

/** Whether any ruleset of the entity keeps timers (so every write of it runs in a transaction). */
export function hasTimers(model: AppModel, entity: string): boolean {
  return timerRulesets(model, entity).length > 0;
}

/** The app's enabled rulesets with a cron schedule. */
export function scheduledRulesets(model: AppModel): CompiledRuleset[] {
  return appRulesets(model)
    .filter((r) => r.compiled.schedule !== undefined)
    .map((r) => r.compiled);
}
