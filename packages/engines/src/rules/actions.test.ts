import { describe, expect, it } from 'vitest';
import type { RuleAction } from '@pipewright/metadata';
import { actionTypes } from './actions/registry.ts';
import { durationMillis } from './actions/durations.ts';
import { loadSnapshot } from './assignment/load-snapshot.ts';
import { compileRuleset, RulesetError } from './compile-ruleset.ts';
import { evaluateRuleset } from './evaluate-ruleset.ts';
import { leadRuleset, rulesBundle } from './rules.fixture.ts';

const now = new Date('2026-06-05T02:00:00Z');

async function effectsOf(actions: RuleAction[], record: Record<string, unknown>, validate = true) {
  const ruleset = compileRuleset(rulesBundle([leadRuleset([{ key: 'r', priority: 1, conditions: { and: [] }, actions }])], {}, validate), 0);
  const snapshot = loadSnapshot([{ userId: 5, login: 'zhao.lei', roles: ['sales_rep'] }]);
  return (await evaluateRuleset(ruleset, { record, now }, snapshot)).effects;
}

describe('rule actions: effects as data', () => {
  it('has one registered module per action type of the schema', () => {
    expect(actionTypes().sort()).toEqual(['addScore', 'assign', 'callWebhook', 'createTask', 'notify', 'reject', 'setField', 'startWorkflow', 'updateRelated']);
  });

  it('assigns, sets fields from expressions and adds or subtracts score', async () => {
    const effects = await effectsOf(
      [
        { type: 'assign', to: { strategy: 'user', user: 'zhao.lei' } },
        { type: 'setField', field: 'status', value: "IF(score > 10, 'qualified', 'contacted')" },
        { type: 'addScore', field: 'score', points: 20 },
        { type: 'addScore', field: 'score', points: -5 },
      ],
      { score: 30 },
    );
    expect(effects).toEqual([
      { kind: 'assign', field: 'owner_id', userId: 5, strategy: 'user', reason: 'always zhao.lei', ruleset: 'lead_rules', rule: 'r' },
      { kind: 'setField', field: 'status', value: 'qualified', ruleset: 'lead_rules', rule: 'r' },
      { kind: 'addScore', field: 'score', points: 20, ruleset: 'lead_rules', rule: 'r' },
      { kind: 'addScore', field: 'score', points: -5, ruleset: 'lead_rules', rule: 'r' },
    ]);
  });

  it('creates a follow-up task due after its duration, reminding before', async () => {
    const [task] = await effectsOf([{ type: 'createTask', title: "'首次联系 ' & company", due: 'P1D', remindBefore: 'PT2H', priority: 'high' }], { company: '华东贸易' });
    expect(task).toMatchObject({ kind: 'createTask', title: '首次联系 华东贸易', description: null, assignee: { type: 'owner' }, dueAt: '2026-06-06T02:00:00.000Z', remindAt: '2026-06-06T00:00:00.000Z', priority: 'high' });
  });

  it('notifies the owner and their manager, rejects with a message, starts a workflow and calls a webhook', async () => {
    const notification = { recipients: [{ type: 'field' as const, field: 'owner_id' }], cc: [{ type: 'manager' as const }], subject: '线索超过三天未跟进', body: '{{company}}' };
    const effects = await effectsOf(
      [
        { type: 'notify', notification },
        { type: 'reject', message: { 'zh-CN': '请写明原因', en: 'Say why' } },
        { type: 'startWorkflow', workflow: 'lead_follow_up' },
        { type: 'callWebhook', url: 'https://erp.example.com/leads', body: "company & '/' & source" },
      ],
      { company: 'Acme', source: 'fair' },
      false, // the test bundle has no workflow for the reference check to find
    );
    expect(effects.map(({ ruleset: _, rule: __, ...effect }) => effect)).toEqual([
      { kind: 'notify', notification },
      { kind: 'reject', message: { 'zh-CN': '请写明原因', en: 'Say why' } },
      { kind: 'startWorkflow', workflow: 'lead_follow_up' },
      { kind: 'callWebhook', url: 'https://erp.example.com/leads', method: 'POST', body: 'Acme/fair' },
    ]);
  });

  it('updates the related record: adds to the stock the database holds, or sets a value', async () => {
    const ruleset = compileRuleset(
      rulesBundle([
        {
          key: 'stock',
          label: { 'zh-CN': '库存', en: 'Stock' },
          version: 1,
          entity: 'order_line',
          triggers: ['create'],
          rules: [{ key: 'use_stock', priority: 1, conditions: { and: [] }, actions: [{ type: 'updateRelated', relation: 'product', changes: [{ field: 'stock', add: '-quantity' }, { field: 'name', value: "'used'" }] }] }],
        },
      ]),
      0,
    );
    const { effects } = await evaluateRuleset(ruleset, { record: { product: 9, quantity: 3 }, now });
    expect(effects).toEqual([
      { kind: 'updateRelated', relation: 'product', entity: 'product', id: 9, changes: [{ field: 'stock', add: -3 }, { field: 'name', value: 'used' }], ruleset: 'stock', rule: 'use_stock' },
    ]);
  });

  it('refuses a bad expression or duration in an action at its JSON path', () => {
    const bundle = rulesBundle(
      [leadRuleset([{ key: 'r', priority: 1, conditions: { and: [] }, actions: [{ type: 'setField', field: 'status', value: 'stauts' }, { type: 'createTask', title: "'x'", due: 'P1M' }] }])],
      {},
      false,
    );
    expect(() => compileRuleset(bundle, 0)).toThrow(RulesetError);
    try {
      compileRuleset(bundle, 0);
    } catch (error) {
      expect((error as RulesetError).problems.map((p) => [p.path, p.code])).toEqual([
        ['/rules/0/rules/0/actions/0/value', 'expression.unknownField'],
        ['/rules/0/rules/0/actions/1/due', 'rule.duration'],
      ]);
    }
  });

  it('reads durations in weeks, days, hours, minutes and seconds, or as hours', () => {
    expect(durationMillis('P1D')).toBe(86_400_000);
    expect(durationMillis('PT2H30M')).toBe(9_000_000);
    expect(durationMillis('P1W')).toBe(604_800_000);
    expect(durationMillis(1.5)).toBe(5_400_000);
    expect(durationMillis('P1M')).toBeUndefined();
    expect(durationMillis('PT')).toBeUndefined();
  });
});
