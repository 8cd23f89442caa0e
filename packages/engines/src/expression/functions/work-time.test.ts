import { describe, expect, it } from 'vitest';
import { workCalendar } from '../../work-calendar/work-calendar.ts';
import { evaluate, type EvaluationContext } from '../evaluator.ts';
import { parseExpression } from '../parser.ts';

// Friday 2026-06-05, 20:00 in Shanghai.
const now = '2026-06-05T12:00:00Z';
const run = (text: string, record: Record<string, unknown> = {}, context: Partial<EvaluationContext> = {}) =>
  evaluate(parseExpression(text), { record, now, ...context });
const national = workCalendar({ holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-09-27'] });

describe('hour and business-time functions', () => {
  it('HOURS counts hours with fractions, negative backwards', () => {
    expect(run("HOURS(NOW(), '2026-06-05T10:30:00Z')")).toBe(1.5);
    expect(run("HOURS('2026-06-05T10:30:00Z', NOW())")).toBe(-1.5);
    expect(run('HOURS(NOW(), created_at)', { created_at: null })).toBeNull();
  });

  it('BUSINESS_HOURS leaves out nights and weekends, Monday to Friday 09:00–18:00 by default', () => {
    // Friday 17:00 to Monday 10:00 in Shanghai.
    expect(run("BUSINESS_HOURS('2026-06-08T02:00:00Z', '2026-06-05T09:00:00Z')")).toBe(2);
    expect(run("BUSINESS_HOURS('2026-06-08 10:00', '2026-06-05 17:00')")).toBe(2);
  });

  it('BUSINESS_HOURS follows the calendar of the context: holidays and its time zone', () => {
    // 2026-09-30 17:00 to 2026-10-05 (Monday) 10:00: one hour each side of the holidays and the weekend.
    expect(run("BUSINESS_HOURS('2026-10-05 10:00', '2026-09-30 17:00')", {}, { workCalendar: national })).toBe(2);
    const london = workCalendar({ timeZone: 'Europe/London' });
    expect(run("BUSINESS_HOURS('2026-06-05T09:00:00Z', '2026-06-05T07:00:00Z')", {}, { workCalendar: london })).toBe(1);
  });

  it('ADD_BUSINESS_HOURS starts from the next working moment', () => {
    // Friday 20:00 + 2 business hours = Monday 11:00 in Shanghai.
    expect(run('ADD_BUSINESS_HOURS(NOW(), 2)')).toBe('2026-06-08T03:00:00.000Z');
    expect(run('ADD_BUSINESS_HOURS(NOW(), 0.5)')).toBe('2026-06-08T01:30:00.000Z');
    expect(run("ADD_BUSINESS_HOURS('2026-06-08 09:30', -1)")).toBe('2026-06-05T09:30:00.000Z');
    expect(() => run('ADD_BUSINESS_HOURS(NOW(), 99999999)')).toThrow(expect.objectContaining({ code: 'expression.value' }));
    const never = workCalendar({ workingHours: [{ days: [1], from: '09:00', to: '09:00' }] });
    expect(() => run('ADD_BUSINESS_HOURS(NOW(), 1)', {}, { workCalendar: never })).toThrow(expect.objectContaining({ code: 'expression.value' }));
  });

  it('BUSINESS_DAYS and ADD_BUSINESS_DAYS count working days, with extra working days', () => {
    expect(run("BUSINESS_DAYS('2026-06-08', '2026-06-05')")).toBe(1);
    expect(run('BUSINESS_DAYS(TODAY(), created)', { created: '2026-06-01' })).toBe(4);
    expect(run("ADD_BUSINESS_DAYS('2026-06-05', 3)")).toBe('2026-06-10');
    // Sunday 2026-09-27 is worked; 10-01 and 10-02 are holidays.
    expect(run("ADD_BUSINESS_DAYS('2026-09-25', 1)", {}, { workCalendar: national })).toBe('2026-09-27');
    expect(run("ADD_BUSINESS_DAYS('2026-09-30', 1)", {}, { workCalendar: national })).toBe('2026-10-05');
  });

  it('IS_WORKDAY knows weekends, holidays and extra working days', () => {
    expect(run('IS_WORKDAY(TODAY())')).toBe(true); // Friday, 20:00 in Shanghai
    expect(run("IS_WORKDAY('2026-06-06')")).toBe(false);
    expect(run("IS_WORKDAY('2026-10-01')", {}, { workCalendar: national })).toBe(false);
    expect(run("IS_WORKDAY('2026-09-27')", {}, { workCalendar: national })).toBe(true);
  });
});
