import { describe, expect, it } from 'vitest';
import { compileRuleset } from './compile-ruleset.ts';
import { evaluateRuleset } from './evaluate-ruleset.ts';
import { leadRuleset, rulesBundle, scoreRule } from './rules.fixture.ts';

const now = new Date('2026-06-05T02:00:00Z');
const always = { and: [] };
const website = { field: 'source', op: 'eq' as const, value: 'website' };

describe('the hit policy of a ruleset', () => {
  const rules = [
    scoreRule('low', 10, always, 1),
    scoreRule('high', 90, website, 2),
    scoreRule('middle_a', 50, always, 3),
    scoreRule('middle_b', 50, always, 4),
    { ...scoreRule('off', 100, always, 5), enabled: false },
  ];

  it('all: runs every rule that holds, highest priority first and equal priorities as written', async () => {
    const ruleset = compileRuleset(rulesBundle([leadRuleset(rules, { match: 'all' })]), 0);
    const { matched, effects } = await evaluateRuleset(ruleset, { record: { source: 'website' }, now });
    expect(matched).toEqual(['high', 'middle_a', 'middle_b', 'low']);
    expect(effects.map((e) => [e.rule, e.kind === 'addScore' && e.points])).toEqual([['high', 2], ['middle_a', 3], ['middle_b', 4], ['low', 1]]);
  });

  it('first: runs only the first rule that holds in that order', async () => {
    const ruleset = compileRuleset(rulesBundle([leadRuleset(rules, { match: 'first' })]), 0);
    expect((await evaluateRuleset(ruleset, { record: { source: 'website' }, now })).matched).toEqual(['high']);
    // Not from the website: the first of the two equal priorities, as written.
    expect((await evaluateRuleset(ruleset, { record: { source: 'fair' }, now })).matched).toEqual(['middle_a']);
  });

  it('keeps the order of 20 rules of one priority, which json-rules-engine would run in parallel', async () => {
    const many = Array.from({ length: 20 }, (_, i) => scoreRule(`rule_${String(i).padStart(2, '0')}`, 5, always, i));
    const ruleset = compileRuleset(rulesBundle([leadRuleset(many)]), 0);
    expect((await evaluateRuleset(ruleset, { record: {}, now })).matched).toEqual(many.map((r) => r.key));
  });

  it('keeps concurrent evaluations of one first-match ruleset apart', async () => {
    const ruleset = compileRuleset(rulesBundle([leadRuleset(rules, { match: 'first' })]), 0);
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => evaluateRuleset(ruleset, { record: { source: i % 2 ? 'website' : 'fair' }, now })),
    );
    expect(outcomes.map((o) => o.matched)).toEqual(Array.from({ length: 30 }, (_, i) => [i % 2 ? 'high' : 'middle_a']));
  });
});
