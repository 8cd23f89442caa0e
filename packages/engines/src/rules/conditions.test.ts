import { Catalog, type Filter, type RuleCondition } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { bindFilter } from '../filter/bind.ts';
import { matchesFilter } from '../filter/evaluate.ts';
import { compileRuleset, RulesetError } from './compile-ruleset.ts';
import { evaluateRuleset } from './evaluate-ruleset.ts';
import type { RuleEventFacts } from './facts.ts';
import { leadRuleset, rulesBundle, scoreRule } from './rules.fixture.ts';

const now = new Date('2026-06-05T12:00:00Z'); // Friday, 20:00 in Shanghai

async function holds(condition: RuleCondition, event: Omit<RuleEventFacts, 'now'> & { now?: Date }): Promise<boolean> {
  const ruleset = compileRuleset(rulesBundle([leadRuleset([scoreRule('r', 1, condition)])]), 0, { context: { now, userId: 7 } });
  const { matched } = await evaluateRuleset(ruleset, { now, ...event });
  return matched.length === 1;
}

describe('rule conditions: the filter language over the facts of an event', () => {
  // The same condition, as a view filter and as a rule condition, on the same records.
  const records = [
    { company: 'Acme Ltd', email: 'Sales@Acme.COM', source: 'website', tags: ['vip'], score: 40, region: ['310000', '310100'], account: { id: 3, industry: 'finance' } },
    { company: '华东贸易有限公司', email: null, source: null, tags: [], score: null, region: null, account: null },
    { company: 'acme holdings', email: 'x@y.cn', source: 'fair', tags: ['budget_confirmed', 'vip'], score: 5, region: ['440000'], account: { id: 4, industry: 'retail' } },
  ];
  const filters: Filter[] = [
    { field: 'company', op: 'contains', value: 'ACME' },
    { field: 'company', op: 'notContains', value: 'acme' },
    { field: 'tags', op: 'contains', value: 'vip' },
    { field: 'tags', op: 'notContains', value: 'budget_confirmed' },
    { field: 'source', op: 'ne', value: 'website' },
    { field: 'source', op: 'notIn', value: ['fair'] },
    { field: 'email', op: 'eq', value: 'sales@acme.com' },
    { field: 'score', op: 'between', value: [5, 40] },
    { field: 'score', op: 'gt', value: 10 },
    { field: 'region', op: 'contains', value: '310100' },
    { field: 'account.industry', op: 'eq', value: 'finance' },
    { field: 'account.industry', op: 'isEmpty' },
    { field: 'account', op: 'eq', value: 4 },
    { field: 'company', op: 'startsWith', value: '华东' },
    { or: [{ field: 'score', op: 'isEmpty' }, { not: { field: 'tags', op: 'contains', value: 'vip' } }] },
  ];
  const catalog = new Catalog(rulesBundle([]));

  it.each(filters.map((filter) => [JSON.stringify(filter), filter] as const))('means what it means in a view: %s', async (_, filter) => {
    const bound = bindFilter(catalog, 'lead', filter, { now, userId: 7 });
    for (const record of records) {
      const condition = toRuleCondition(filter);
      expect({ record: record.company, holds: await holds(condition, { record }) }).toEqual({ record: record.company, holds: matchesFilter(bound, record) });
    }
  });

  it('reads the values before the change, and whether the record is new', async () => {
    const confirmed: RuleCondition = {
      and: [
        { field: 'tags', op: 'contains', value: 'budget_confirmed' },
        { not: { fact: 'previous', field: 'tags', op: 'contains', value: 'budget_confirmed' } },
      ],
    };
    expect(await holds(confirmed, { record: { tags: ['budget_confirmed'] }, previous: { tags: [] } })).toBe(true);
    expect(await holds(confirmed, { record: { tags: ['budget_confirmed'] }, previous: { tags: ['budget_confirmed'] } })).toBe(false);
    // On create there is no previous record: every previous value is empty.
    expect(await holds(confirmed, { record: { tags: ['budget_confirmed'] } })).toBe(true);
    expect(await holds({ fact: 'isNew', op: 'eq', value: true }, { record: {} })).toBe(true);
    expect(await holds({ fact: 'isNew', op: 'eq', value: true }, { record: {}, previous: { score: 1 } })).toBe(false);
  });

  it('reads the acting user: id, department, roles and teams', async () => {
    const user = { id: 7, department: 3, roles: ['sales_manager'], teams: [11, 12] };
    expect(await holds({ fact: 'user', field: 'roles', op: 'contains', value: 'sales_manager' }, { record: {}, user })).toBe(true);
    expect(await holds({ fact: 'user', field: 'teams', op: 'contains', value: 13 }, { record: {}, user })).toBe(false);
    expect(await holds({ fact: 'user', field: 'id', op: 'eq', value: { var: 'currentUser' } }, { record: {}, user })).toBe(true);
    expect(await holds({ field: 'reviewer', op: 'eq', value: { var: 'currentUser' } }, { record: { reviewer: 7 } })).toBe(true);
  });

  it('reads derived facts: age, last activity, business time and the time of day', async () => {
    const record = { created_at: new Date('2026-06-01T12:00:00Z'), updated_at: '2026-06-04T12:00:00Z', last_contacted_at: '2026-06-01T13:00:00Z' };
    expect(await holds({ fact: 'daysSinceCreated', op: 'gte', value: 4 }, { record })).toBe(true);
    expect(await holds({ fact: 'daysSinceCreated', op: 'gt', value: 4 }, { record })).toBe(false);
    expect(await holds({ fact: 'daysSinceLastUpdate', op: 'eq', value: 1 }, { record })).toBe(true);
    // Without a lastActivityField the last activity is the last update…
    expect(await holds({ fact: 'daysSinceLastActivity', op: 'gt', value: 3 }, { record })).toBe(false);
    // …unless the runtime knows better.
    expect(await holds({ fact: 'daysSinceLastActivity', op: 'gt', value: 3 }, { record, lastActivityAt: '2026-06-01T00:00:00Z' })).toBe(true);
    // Created Monday 20:00 in Shanghai: Tuesday to Friday are four working days of nine hours.
    expect(await holds({ fact: 'businessDaysSinceCreated', op: 'eq', value: 4 }, { record })).toBe(true);
    expect(await holds({ fact: 'businessHoursSinceCreated', op: 'eq', value: 36 }, { record })).toBe(true);
    expect(await holds({ fact: 'hourOfDay', op: 'eq', value: 20 }, { record })).toBe(true);
    expect(await holds({ fact: 'weekday', op: 'eq', value: 5 }, { record })).toBe(true);
    expect(await holds({ fact: 'isWorkingTime', op: 'eq', value: false }, { record })).toBe(true);
    expect(await holds({ fact: 'ownerOpenRecords', op: 'lt', value: 10 }, { record, ownerOpenRecords: 9 })).toBe(true);
    // A fact the record cannot give is empty: comparisons fail, isEmpty holds.
    expect(await holds({ fact: 'daysSinceCreated', op: 'gt', value: 0 }, { record: {} })).toBe(false);
    expect(await holds({ fact: 'daysSinceCreated', op: 'isEmpty' }, { record: {} })).toBe(true);
  });

  it('reads the last activity from the ruleset’s lastActivityField', async () => {
    const ruleset = compileRuleset(
      rulesBundle([leadRuleset([scoreRule('stale', 1, { fact: 'daysSinceLastActivity', op: 'gt', value: 3 })], { lastActivityField: 'last_contacted_at' })]),
      0,
    );
    const record = { updated_at: '2026-06-05T11:00:00Z', last_contacted_at: '2026-06-01T12:00:00Z' };
    expect((await evaluateRuleset(ruleset, { record, now })).matched).toEqual(['stale']);
  });

  it('compiles to json-rules-engine conditions on facts at paths', () => {
    const ruleset = compileRuleset(
      rulesBundle([leadRuleset([scoreRule('r', 1, { or: [{ field: 'account.industry', op: 'eq', value: 'finance' }, { not: { fact: 'hourOfDay', op: 'lt', value: 9 } }] })])]),
      0,
    );
    expect(ruleset.rules[0]!.condition).toMatchObject({
      any: [{ fact: 'record', path: 'account.industry', operator: 'eq' }, { not: { fact: 'hourOfDay', operator: 'lt' } }],
    });
    expect([...ruleset.relations]).toEqual(['account']);
    expect([...ruleset.facts].sort()).toEqual(['hourOfDay', 'record']);
  });

  it('refuses what a view would refuse, at the JSON path of the condition', () => {
    const refused = (condition: RuleCondition) => {
      try {
        compileRuleset(rulesBundle([leadRuleset([scoreRule('r', 1, condition)])], {}, false), 0);
      } catch (error) {
        if (error instanceof RulesetError) return error.problems.map((p) => [p.path, p.code]);
        throw error;
      }
      return [];
    };
    expect(refused({ and: [{ field: 'score', op: 'contains', value: 'x' }] })).toEqual([['/rules/0/rules/0/conditions/and/0/op', 'rule.operator']]);
    expect(refused({ and: [{ field: 'sector', op: 'eq', value: 'x' }] })).toEqual([['/rules/0/rules/0/conditions/and/0/field', 'rule.unknownField']]);
    expect(refused({ field: 'score', op: 'gt', value: 'many' })).toEqual([['/rules/0/rules/0/conditions/value', 'rule.value']]);
    expect(refused({ fact: 'weekday', op: 'contains', value: 1 })).toEqual([['/rules/0/rules/0/conditions/op', 'rule.operator']]);
    expect(refused({ fact: 'user', field: 'region', op: 'eq', value: 1 })).toEqual([['/rules/0/rules/0/conditions/field', 'rule.invalidCondition']]);
    expect(refused({ fact: 'hourOfDay', field: 'x', op: 'eq', value: 1 })).toEqual([['/rules/0/rules/0/conditions/field', 'rule.invalidCondition']]);
  });
});

/** A view filter as a rule condition: the same JSON, with `and` / `or` / `not` and fields. */
function toRuleCondition(filter: Filter): RuleCondition {
  return filter as RuleCondition;
}
