/**
 * Publishing a ruleset with a timer or a schedule that cannot run answers 400 with the JSON path
 * of what is wrong, at plan and at publish, and installs nothing (decision 081).
 */
import type { AppBundle, Ruleset } from '@pipewright/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBundle } from '../testing/test-bundle.ts';
import { openTestServer, type TestServer } from '../testing/test-server.ts';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

function withRuleset(change: Partial<Ruleset>): AppBundle {
  const bundle = testBundle();
  bundle.app.key = 'timer_refusals';
  delete bundle.sampleData;
  bundle.rules = [
    {
      key: 'deal_reminder',
      label: l('成交日前提醒', 'Before the close date'),
      version: 1,
      entity: 'deal',
      triggers: ['timer'],
      timer: { field: 'close_date', offset: { amount: 7, unit: 'days' }, direction: 'before', while: { field: 'stage', op: 'eq', value: 'initial' } },
      rules: [{ key: 'score', priority: 1, conditions: { and: [] }, actions: [{ type: 'setField', field: 'vip', value: 'true' }] }],
      ...change,
    },
  ];
  return bundle;
}

describe('publish refuses timers and schedules that cannot run', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await openTestServer();
  });
  afterAll(() => server.close());

  async function expectRefused(bundle: AppBundle, path: string, code?: string): Promise<void> {
    for (const url of [`/api/apps/${bundle.app.key}/plan`, '/api/apps']) {
      const response = await server.inject({ method: 'POST', url, payload: bundle });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
      expect(response.json().errors, `${url}: ${response.body}`).toContainEqual(expect.objectContaining({ path, ...(code ? { code } : {}) }));
    }
    expect((await server.inject({ method: 'GET', url: `/api/apps/${bundle.app.key}` })).statusCode).toBe(404);
  }

  it('an unknown date field, a field that is not a date, a related field in the condition', async () => {
    await expectRefused(withRuleset({ timer: { field: 'closing_date' } }), '/rules/0/timer/field', 'rule.timerField');
    await expectRefused(withRuleset({ timer: { field: 'budget' } }), '/rules/0/timer/field', 'rule.timerField');
    await expectRefused(withRuleset({ timer: { field: 'close_date', while: { field: 'account.name', op: 'eq', value: 'x' } } }), '/rules/0/timer/while', 'rule.timerCondition');
  });

  it('bad offsets: a negative amount (schema), longer than 30 years, a monthly repeat with a 40-day offset', async () => {
    await expectRefused(withRuleset({ timer: { field: 'close_date', offset: { amount: -3, unit: 'days' } } }), '/rules/0/timer/offset/amount');
    await expectRefused(withRuleset({ timer: { field: 'close_date', offset: { amount: 400, unit: 'months' } } }), '/rules/0/timer/offset/amount', 'rule.timerOffset');
    await expectRefused(withRuleset({ timer: { field: 'close_date', offset: { amount: 40, unit: 'days' }, repeat: 'monthly' } }), '/rules/0/timer/offset', 'rule.timerOffset');
  });

  it('a cron expression out of range and an unknown time zone', async () => {
    const scheduled = (cron: string, timezone: string) => withRuleset({ triggers: ['schedule'], timer: undefined, schedule: { cron, timezone } });
    await expectRefused(scheduled('0 25 * * 1-5', 'Asia/Shanghai'), '/rules/0/schedule/cron', 'rule.scheduleCron');
    await expectRefused(scheduled('0 9 * * 1-5', 'Asia/Atlantis'), '/rules/0/schedule/timezone', 'rule.scheduleTimeZone');
  });

  it('a good one publishes', async () => {
    const response = await server.inject({ method: 'POST', url: '/api/apps', payload: withRuleset({}) });
    expect(response.statusCode, response.body).toBe(201);
  });
});
