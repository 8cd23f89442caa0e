import { describe, expect, it } from 'vitest';
import { evaluate, type EvaluationContext } from '../evaluator.ts';
import { parseExpression } from '../parser.ts';

// 01:00 on 2 March in Shanghai, still 1 March in UTC and New York.
const now = '2024-03-01T17:00:00Z';
const run = (
  text: string,
  record: Record<string, unknown> = {},
  context: Partial<EvaluationContext> = {},
) => evaluate(parseExpression(text), { record, now, ...context });

describe('date functions', () => {
  it('TODAY is the calendar day of now in the time zone, Asia/Shanghai by default', () => {
    expect(run('TODAY()')).toBe('2024-03-02');
    expect(run('TODAY()', {}, { timeZone: 'America/New_York' })).toBe('2024-03-01');
    expect(run('TODAY()', {}, { now: new Date('2024-12-31T16:00:00Z') })).toBe('2025-01-01');
  });

  it('NOW is now as a UTC ISO datetime', () => {
    expect(run('NOW()')).toBe('2024-03-01T17:00:00.000Z');
  });

  it('DATE builds a date and rolls months and days over as spreadsheets do', () => {
    expect(run('DATE(2024, 2, 29)')).toBe('2024-02-29');
    expect(run('DATE(2023, 2, 29)')).toBe('2023-03-01');
    expect(run('DATE(2024, 13, 1)')).toBe('2025-01-01');
    expect(run('DATE(2024, 1, 0)')).toBe('2023-12-31');
    expect(run('DATE(2024, 0, 1)')).toBe('2023-12-01');
    expect(run('DATE(2024, missing, 1)')).toBeNull();
    expect(() => run('DATE(10000, 1, 1)')).toThrow(
      expect.objectContaining({ code: 'expression.value', position: 5, end: 10 }),
    );
    expect(() => run('DATE(9999, 12, 32)')).toThrow(
      expect.objectContaining({
        code: 'expression.value',
        message: expect.stringContaining('10000'),
      }),
    );
  });

  it('YEAR, MONTH and DAY read dates, and datetimes on their day in the time zone', () => {
    expect(run("YEAR('2024-05-17')")).toBe(2024);
    expect(run("MONTH('2024-05-17')")).toBe(5);
    expect(run("DAY('2024-05-17')")).toBe(17);
    expect(run("YEAR('2023-12-31T16:30:00Z')")).toBe(2024);
    expect(run("YEAR('2023-12-31T16:30:00Z')", {}, { timeZone: 'UTC' })).toBe(2023);
    expect(run("DAY('2024-05-17 23:30')")).toBe(17);
    expect(run('MONTH(missing)')).toBeNull();
    expect(() => run("YEAR('next friday')")).toThrow(
      expect.objectContaining({ code: 'expression.type', position: 5, end: 18 }),
    );
    expect(() => run('YEAR(2024)')).toThrow(expect.objectContaining({ code: 'expression.type' }));
  });

  it('DAYS counts calendar days between two dates or datetimes', () => {
    expect(run("DAYS('2024-03-01', '2024-02-01')")).toBe(29);
    expect(run("DAYS('2024-02-01', '2024-03-01')")).toBe(-29);
    expect(run('DAYS(TODAY(), created_at)', { created_at: '2024-02-28T23:59:00+08:00' })).toBe(3);
    expect(run("DAYS('2025-01-01', '2024-01-01')")).toBe(366);
    expect(run('DAYS(close_date, TODAY())')).toBeNull();
  });

  it("ADDDAYS and ADDMONTHS move dates, keeping a datetime's wall-clock time", () => {
    expect(run("ADDDAYS('2024-02-28', 2)")).toBe('2024-03-01');
    expect(run("ADDDAYS('2024-03-01', -1)")).toBe('2024-02-29');
    expect(run("ADDDAYS('2024-03-01', 1.9)")).toBe('2024-03-02');
    expect(run('ADDDAYS(TODAY(), 3)')).toBe('2024-03-05');
    expect(run("ADDMONTHS('2024-01-31', 1)")).toBe('2024-02-29');
    expect(run("ADDMONTHS('2024-03-31', -1)")).toBe('2024-02-29');
    expect(run("ADDMONTHS('2024-05-15', 12)")).toBe('2025-05-15');
    expect(run("ADDDAYS('2024-03-01T17:00:00Z', 1)")).toBe('2024-03-02T17:00:00.000Z');
    expect(run("ADDMONTHS('2024-01-31T20:00:00Z', 1)")).toBe('2024-02-29T20:00:00.000Z');
    // 09:00 New York time stays 09:00 across the start of daylight saving time.
    expect(run("ADDDAYS('2024-03-09T14:00:00Z', 1)", {}, { timeZone: 'America/New_York' })).toBe(
      '2024-03-10T13:00:00.000Z',
    );
    expect(run('ADDDAYS(missing, 1)')).toBeNull();
  });
});
