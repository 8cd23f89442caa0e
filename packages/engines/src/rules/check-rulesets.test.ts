import sample from '@pipewright/metadata/fixtures/lead-opportunity.bundle.json' with { type: 'json' };
import { validateBundle, type AppBundle, type Rule } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { checkRulesets } from './check-rulesets.ts';
import { compileRuleset } from './compile-ruleset.ts';
import { evaluateRuleset } from './evaluate-ruleset.ts';
import { loadSnapshot } from './assignment/load-snapshot.ts';
import { leadRuleset, rulesBundle } from './rules.fixture.ts';

const l = (en: string) => ({ 'zh-CN': en, en });
const setStatus = (key: string, field: string, value: string): Rule => ({ key, priority: 1, conditions: { and: [] }, actions: [{ type: 'setField', field, value }] });

describe('publish-time checks of rulesets', () => {
  const bundle = validateBundle(sample);
  if (!bundle.ok) throw new Error(JSON.stringify(bundle.errors));

  it('finds nothing wrong with the sample app', () => {
    expect(checkRulesets(bundle.value)).toEqual([]);
  });

  it('refuses wrong operators and unknown actions at their JSON paths', () => {
    const broken = structuredClone(bundle.value) as AppBundle;
    const assignment = broken.rules![0]!;
    assignment.rules[0]!.conditions = { and: [{ field: 'industry', op: 'startsWith', value: 'fin' }] };
    (assignment.rules[1]!.actions[0] as { type: string }).type = 'addPoints';
    expect(checkRulesets(broken).map((p) => [p.path, p.code])).toEqual([
      ['/rules/0/rules/0/conditions/and/0/op', 'rule.operator'],
      ['/rules/0/rules/1/actions/0/type', 'rule.unknownAction'],
    ]);
  });

  it('refuses rules that would run each other for ever, naming the loop', () => {
    const loop = rulesBundle([
      leadRuleset([setStatus('qualify', 'status', "'qualified'")], { key: 'on_score', changedFields: ['score'] }),
      leadRuleset([{ key: 'rescore', priority: 1, conditions: { field: 'status', op: 'eq', value: 'qualified' }, actions: [{ type: 'addScore', field: 'score', points: 1 }] }], { key: 'on_status' }),
    ]);
    expect(checkRulesets(loop)).toEqual([
      {
        path: '/rules/0/rules/0',
        code: 'rule.cycle',
        message:
          "the rules form a loop: on_score.qualify sets status, which runs on_status.rescore sets score, which runs on_score.qualify again. Narrow the ruleset's changedFields or a condition so that one of them does not run again.",
      },
    ]);
    // A rule that writes what its own ruleset reacts to is a loop of one.
    const self = rulesBundle([leadRuleset([setStatus('again', 'score', 'score + 1')], { changedFields: ['score'] })]);
    expect(checkRulesets(self).map((p) => [p.path, p.code])).toEqual([['/rules/0/rules/0', 'rule.cycle']]);
    // Rulesets that run only on create cannot loop.
    const onCreate = rulesBundle([leadRuleset([setStatus('again', 'score', 'score + 1')], { triggers: ['create'], changedFields: ['score'] })]);
    expect(checkRulesets(onCreate)).toEqual([]);
  });

  it('runs the sample assignment: website leads in turn, finance to the specialists, regions by territory with a fallback pool', async () => {
    const assignment = compileRuleset(bundle.value, 0);
    const snapshot = loadSnapshot([
      { userId: 1, login: 'zhao.lei', roles: ['sales_rep'] },
      { userId: 2, roles: ['sales_rep'], teams: ['web_leads'] },
      { userId: 3, roles: ['sales_rep'], teams: ['web_leads'] },
      { userId: 4, roles: ['sales_rep'], departments: ['east_team'] },
      { userId: 5, roles: ['sales_rep'], departments: ['finance_team'] },
      { userId: 6, roles: ['sales_rep'], teams: ['lead_pool'] },
    ]);
    const now = new Date('2026-06-05T02:00:00Z');
    const owner = async (record: Record<string, unknown>) => {
      const { effects } = await evaluateRuleset(assignment, { record, now }, snapshot);
      return effects.filter((e) => e.kind === 'assign').map((e) => e.kind === 'assign' && [e.rule, e.userId]);
    };
    expect(await owner({ source: 'website', region: ['310000'] })).toEqual([['website_round_robin', 2]]);
    expect(await owner({ source: 'partner', industry: 'finance' })).toEqual([['finance_specialists', 5]]);
    expect(await owner({ source: 'partner', region: ['310000', '310100'] })).toEqual([['by_region', 4]]);
    expect(await owner({ source: 'partner', region: ['650000'] })).toEqual([['by_region', 6]]);
  });

  it('runs the sample 3-day reminder to the owner and their manager', async () => {
    const reminder = compileRuleset(bundle.value, bundle.value.rules!.findIndex((r) => r.key === 'lead_stale_check'));
    const now = new Date('2026-06-05T01:00:00Z');
    const lead = { status: 'new', company: 'Acme', created_at: '2026-05-20T00:00:00Z', updated_at: '2026-06-04T00:00:00Z' };
    const stale = await evaluateRuleset(reminder, { record: { ...lead, last_contacted_at: '2026-06-01T00:00:00Z' }, now });
    expect(stale.effects).toMatchObject([{ kind: 'notify', rule: 'not_followed_up', notification: { recipients: [{ type: 'field', field: 'owner_id' }], cc: [{ type: 'manager' }] } }]);
    const fresh = await evaluateRuleset(reminder, { record: { ...lead, last_contacted_at: '2026-06-03T00:00:00Z' }, now });
    expect(fresh.effects).toEqual([]);
  });

  it('scores the sample lead once, not again on an unrelated update', async () => {
    const scoring = compileRuleset(bundle.value, bundle.value.rules!.findIndex((r) => r.key === 'lead_scoring'));
    const now = new Date('2026-06-05T01:00:00Z');
    const created = await evaluateRuleset(scoring, { record: { source: 'referral', industry: 'finance', tags: [] }, now });
    expect(created.effects.map((e) => e.kind === 'addScore' && [e.rule, e.points])).toEqual([['referral_bonus', 20], ['target_industry', 10]]);
    const record = { source: 'referral', industry: 'finance', tags: ['budget_confirmed'] };
    const updated = await evaluateRuleset(scoring, { record, previous: { ...record, tags: [] }, now });
    expect(updated.effects.map((e) => [e.rule, e.kind])).toEqual([['budget_confirmed', 'addScore'], ['budget_confirmed', 'setField']]);
    expect(l('x')).toBeTruthy();
  });
});
