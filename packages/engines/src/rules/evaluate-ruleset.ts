/**
 * Evaluates a compiled ruleset on one record event: which rules hold, in their order under the
 * hit policy, and the effects their actions decide, as data. Nothing is performed here.
 */
import type { LoadSnapshot } from './assignment/load-snapshot.ts';
import type { CompiledRuleset } from './compile-ruleset.ts';
import type { RuleEffect } from './effects.ts';
import { deriveFact, derivedFacts, type DerivedFact, type RuleEventFacts } from './facts.ts';

export interface RulesetOutcome {
  /** Keys of the rules that held and ran, in the order they ran. */
  matched: string[];
  effects: RuleEffect[];
  /** The load snapshot after the assignments (the one given, when nobody was assigned). */
  snapshot: LoadSnapshot;
}

const noCandidates: LoadSnapshot = { candidates: [], sequence: 0 };

/**
 * Runs `ruleset` on one event. Conditions see the event as it came (effects of earlier rules in
 * the same run do not change what later rules read); assignments pick from `snapshot` and pass
 * the next snapshot on, so evaluating a bulk create record by record spreads it fairly.
 *
 * @example
 * let snapshot = loadSnapshot(reps);
 * for (const lead of leads) ({ snapshot } = await evaluateRuleset(assignment, { record: lead, now }, snapshot));
 */
export async function evaluateRuleset(ruleset: CompiledRuleset, event: RuleEventFacts, snapshot: LoadSnapshot = noCandidates): Promise<RulesetOutcome> {
  // Only the facts the conditions read: the engine copies every fact it is given into each run.
  const facts: Record<string, unknown> = { record: event.record };
  if (ruleset.facts.has('previous')) facts.previous = event.previous ?? {};
  if (ruleset.facts.has('user')) facts.user = event.user ?? {};
  const settings = { calendar: ruleset.calendar, lastActivityField: ruleset.lastActivityField };
  for (const fact of ruleset.facts) {
    if (Object.hasOwn(derivedFacts, fact)) facts[fact] = deriveFact(fact as DerivedFact, event, settings);
  }
  const positions = await ruleset.run(facts);
  const outcome: RulesetOutcome = { matched: [], effects: [], snapshot };
  const run = { event, calendar: ruleset.calendar, timeZone: ruleset.timeZone, snapshot };
  for (const position of positions) {
    const rule = ruleset.rules[position]!;
    outcome.matched.push(rule.key);
    for (const action of rule.actions) {
      const result = action(run);
      if (result.snapshot) run.snapshot = result.snapshot;
      for (const effect of result.effects) outcome.effects.push({ ...effect, ruleset: ruleset.key, rule: rule.key });
    }
  }
  outcome.snapshot = run.snapshot;
  return outcome;
}
