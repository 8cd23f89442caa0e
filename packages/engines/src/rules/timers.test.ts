import type { AppBundle, RuleTimer, Ruleset } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { checkRulesets } from './check-rulesets.ts';
import { compileRuleset } from './compile-ruleset.ts';
import { rulesBundle } from './rules.fixture.ts';

const remind: Ruleset['rules'][number] = { key: 'remind', priority: 1, conditions: { and: [] }, actions: [{ type: 'addScore', field: 'score', points: 1 }] };

function timed(timer: RuleTimer, extra: Partial<AppBundle['app']> = {}, rest: Partial<Ruleset> = {}): AppBundle {
  const bundle = rulesBundle([{ key: 'reminder', label: { 'zh-CN': '提醒', en: 'Reminder' }, version: 1, entity: 'lead', triggers: ['timer'], timer, rules: [remind], ...rest }], extra, false);
  bundle.entities.find((e) => e.key === 'lead')!.fields.push({ key: 'renewal_date', label: { 'zh-CN': '续约日', en: 'Renewal' }, type: 'date' });
  return bundle;
}

const timerOf = (bundle: AppBundle) => compileRuleset(bundle, 0).timer!;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('date-relative timers: when a record is due', () => {
  it('3 days after creation, while the lead is new; a date field counts from the start of its day in the app time zone', () => {
    const timer = timerOf(timed({ field: 'created_at', offset: { amount: 3, unit: 'days' }, while: { field: 'status', op: 'eq', value: 'new' } }));
    const lead = { created_at: '2026-03-02T02:30:00.000Z', status: 'new' };
    expect(timer.holds(lead)).toBe(true);
    expect(iso(timer.due(lead, at('2026-03-02T03:00:00Z')))).toBe('2026-03-05T02:30:00.000Z');
    expect(timer.holds({ ...lead, status: 'contacted' })).toBe(false);
    expect([...timer.watched].sort()).toEqual(['created_at', 'status']);

    const renewal = timerOf(timed({ field: 'renewal_date', offset: { amount: 7, unit: 'days' }, direction: 'before' }));
    // 2026-06-30 begins at 2026-06-29T16:00Z in Asia/Shanghai; 7 days earlier.
    expect(iso(renewal.due({ renewal_date: '2026-06-30' }, 0))).toBe('2026-06-22T16:00:00.000Z');
    expect(renewal.due({ renewal_date: null }, 0)).toBeNull();
  });

  it('business days and business hours in the work calendar: over a weekend and a holiday', () => {
    const calendar = { holidays: ['2026-03-09'] };
    const days = timerOf(timed({ field: 'last_contacted_at', offset: { amount: 2, unit: 'businessDays' } }, { calendar }));
    // Friday 10:30 Shanghai + 2 business days, Monday a holiday: Wednesday 10:30.
    expect(iso(days.due({ last_contacted_at: '2026-03-06T02:30:00Z' }, 0))).toBe('2026-03-11T02:30:00.000Z');
    const hours = timerOf(timed({ field: 'last_contacted_at', offset: { amount: 4, unit: 'businessHours' } }, { calendar }));
    // Friday 16:00 Shanghai: 2 hours on Friday, the holiday Monday skipped, 2 on Tuesday from 09:00.
    expect(iso(hours.due({ last_contacted_at: '2026-03-06T08:00:00Z' }, 0))).toBe('2026-03-10T03:00:00.000Z');
  });

  it('yearly and monthly repeats: the next occurrence at or after the time asked, the 31st kept where a month has one', () => {
    const yearly = timerOf(timed({ field: 'renewal_date', offset: { amount: 1, unit: 'days' }, direction: 'before', repeat: 'yearly' }));
    const record = { renewal_date: '2020-05-10' };
    expect(iso(yearly.due(record, at('2026-05-08T12:00:00Z')))).toBe('2026-05-08T16:00:00.000Z');
    expect(iso(yearly.due(record, at('2026-05-09T12:00:00Z')))).toBe('2027-05-08T16:00:00.000Z');
    const monthly = timerOf(timed({ field: 'renewal_date', repeat: 'monthly' }));
    const due = (from: string) => iso(monthly.due({ renewal_date: '2026-01-31' }, at(from)));
    expect(due('2026-02-01T00:00:00Z')).toBe('2026-02-27T16:00:00.000Z');
    expect(due('2026-03-01T00:00:00Z')).toBe('2026-03-30T16:00:00.000Z');
  });
});

describe('date-relative timers: refused at publish with the JSON path', () => {
  const problems = (bundle: AppBundle) => checkRulesets(bundle).map((p) => ({ path: p.path, code: p.code }));

  it('an unknown or non-date field, a related field in the condition, a missing timer', () => {
    expect(problems(timed({ field: 'renewal_at', offset: { amount: 1, unit: 'days' } }))).toEqual([{ path: '/rules/0/timer/field', code: 'rule.timerField' }]);
    expect(problems(timed({ field: 'company' }))).toEqual([{ path: '/rules/0/timer/field', code: 'rule.timerField' }]);
    expect(problems(timed({ field: 'created_at', while: { field: 'account.industry', op: 'eq', value: 'finance' } }))).toEqual([{ path: '/rules/0/timer/while', code: 'rule.timerCondition' }]);
    expect(problems(timed({ field: 'created_at', while: { field: 'stage', op: 'eq', value: 'won' } }))).toEqual([{ path: '/rules/0/timer/while/field', code: expect.any(String) }]);
    const without = timed({ field: 'created_at' });
    delete without.rules![0]!.timer;
    expect(problems(without)).toEqual([{ path: '/rules/0/timer', code: 'rule.timerMissing' }]);
  });

  it('offsets that cannot pass: longer than 30 years, business time in a calendar without working hours, a repeat shorter than its offset', () => {
    expect(problems(timed({ field: 'created_at', offset: { amount: 2000, unit: 'weeks' } }))).toEqual([{ path: '/rules/0/timer/offset/amount', code: 'rule.timerOffset' }]);
    expect(problems(timed({ field: 'created_at', offset: { amount: 3, unit: 'businessDays' } }, { calendar: { workingHours: [] } }))).toEqual([{ path: '/rules/0/timer/offset/unit', code: 'rule.timerOffset' }]);
    expect(problems(timed({ field: 'renewal_date', offset: { amount: 40, unit: 'days' }, repeat: 'monthly' }))).toEqual([{ path: '/rules/0/timer/offset', code: 'rule.timerOffset' }]);
    expect(problems(timed({ field: 'created_at' }, {}, { triggers: ['timer', 'schedule'], schedule: { cron: '0 9 * * *' } }))).toEqual([{ path: '/rules/0/triggers', code: 'rule.timerAndSchedule' }]);
  });
});
