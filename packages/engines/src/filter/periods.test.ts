// Relative periods against ranges written out by hand (an oracle independent of resolvePeriod):
// weeks start on Monday, `last N` ends today and `next N` starts today, month-based periods
// clamp the day to the month's length, ranges stop at 0001-01-01 and 9999-12-31.
import type { Catalog, RelativePeriod } from '@pipewright/metadata';
import { Catalog as MetadataCatalog } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { bindFilter } from './bind.ts';
import { periodProblems, resolvePeriod } from './periods.ts';

type Case = [RelativePeriod, string, string];

const byToday: Record<string, Case[]> = {
  // A Sunday in November.
  '2026-11-22': [
    [{ period: 'today' }, '2026-11-22', '2026-11-22'],
    [{ period: 'yesterday' }, '2026-11-21', '2026-11-21'],
    [{ period: 'tomorrow' }, '2026-11-23', '2026-11-23'],
    [{ period: 'thisWeek' }, '2026-11-16', '2026-11-22'],
    [{ period: 'lastWeek' }, '2026-11-09', '2026-11-15'],
    [{ period: 'nextWeek' }, '2026-11-23', '2026-11-29'],
    [{ period: 'thisMonth' }, '2026-11-01', '2026-11-30'],
    [{ period: 'lastMonth' }, '2026-10-01', '2026-10-31'],
    [{ period: 'nextMonth' }, '2026-12-01', '2026-12-31'],
    [{ period: 'thisQuarter' }, '2026-10-01', '2026-12-31'],
    [{ period: 'lastQuarter' }, '2026-07-01', '2026-09-30'],
    [{ period: 'nextQuarter' }, '2027-01-01', '2027-03-31'],
    [{ period: 'thisYear' }, '2026-01-01', '2026-12-31'],
    [{ period: 'lastYear' }, '2025-01-01', '2025-12-31'],
    [{ period: 'nextYear' }, '2027-01-01', '2027-12-31'],
    [{ last: 1, unit: 'day' }, '2026-11-22', '2026-11-22'],
    [{ last: 7, unit: 'day' }, '2026-11-16', '2026-11-22'],
    [{ last: 2, unit: 'week' }, '2026-11-09', '2026-11-22'],
    [{ last: 1, unit: 'month' }, '2026-10-23', '2026-11-22'],
    [{ last: 1, unit: 'quarter' }, '2026-08-23', '2026-11-22'],
    [{ last: 1, unit: 'year' }, '2025-11-23', '2026-11-22'],
    [{ next: 7, unit: 'day' }, '2026-11-22', '2026-11-28'],
    [{ next: 1, unit: 'week' }, '2026-11-22', '2026-11-28'],
    [{ next: 1, unit: 'month' }, '2026-11-22', '2026-12-21'],
    [{ next: 2, unit: 'quarter' }, '2026-11-22', '2027-05-21'],
    [{ next: 1, unit: 'year' }, '2026-11-22', '2027-11-21'],
    [{ last: 3650, unit: 'year' }, '0001-01-01', '2026-11-22'],
    [{ next: 3650, unit: 'year' }, '2026-11-22', '5676-11-21'],
  ],
  // A Monday: this week starts today.
  '2026-11-23': [
    [{ period: 'thisWeek' }, '2026-11-23', '2026-11-29'],
    [{ period: 'lastWeek' }, '2026-11-16', '2026-11-22'],
    [{ last: 1, unit: 'week' }, '2026-11-17', '2026-11-23'],
  ],
  // Leap day, a Thursday.
  '2024-02-29': [
    [{ period: 'thisWeek' }, '2024-02-26', '2024-03-03'],
    [{ period: 'thisMonth' }, '2024-02-01', '2024-02-29'],
    [{ period: 'lastMonth' }, '2024-01-01', '2024-01-31'],
    [{ period: 'nextMonth' }, '2024-03-01', '2024-03-31'],
    [{ period: 'thisQuarter' }, '2024-01-01', '2024-03-31'],
    [{ last: 1, unit: 'month' }, '2024-01-30', '2024-02-29'],
    // 2023 has no February 29: the anniversary is February 28.
    [{ last: 1, unit: 'year' }, '2023-03-01', '2024-02-29'],
    [{ next: 1, unit: 'year' }, '2024-02-29', '2025-02-27'],
    [{ last: 7, unit: 'day' }, '2024-02-23', '2024-02-29'],
  ],
  // The last day of a month whose next month is shorter; end of the first quarter.
  '2026-03-31': [
    [{ period: 'thisWeek' }, '2026-03-30', '2026-04-05'],
    [{ period: 'lastMonth' }, '2026-02-01', '2026-02-28'],
    [{ period: 'thisQuarter' }, '2026-01-01', '2026-03-31'],
    [{ period: 'nextQuarter' }, '2026-04-01', '2026-06-30'],
    [{ last: 1, unit: 'month' }, '2026-03-01', '2026-03-31'],
    [{ next: 1, unit: 'month' }, '2026-03-31', '2026-04-29'],
  ],
  // New Year's Day (a Thursday): periods reach back into the previous year.
  '2026-01-01': [
    [{ period: 'yesterday' }, '2025-12-31', '2025-12-31'],
    [{ period: 'thisWeek' }, '2025-12-29', '2026-01-04'],
    [{ period: 'lastWeek' }, '2025-12-22', '2025-12-28'],
    [{ period: 'lastMonth' }, '2025-12-01', '2025-12-31'],
    [{ period: 'lastQuarter' }, '2025-10-01', '2025-12-31'],
    [{ period: 'lastYear' }, '2025-01-01', '2025-12-31'],
    [{ last: 3, unit: 'day' }, '2025-12-30', '2026-01-01'],
  ],
  // New Year's Eve: periods reach into the next year.
  '2026-12-31': [
    [{ period: 'tomorrow' }, '2027-01-01', '2027-01-01'],
    [{ period: 'thisWeek' }, '2026-12-28', '2027-01-03'],
    [{ period: 'nextWeek' }, '2027-01-04', '2027-01-10'],
    [{ period: 'nextMonth' }, '2027-01-01', '2027-01-31'],
    [{ period: 'nextQuarter' }, '2027-01-01', '2027-03-31'],
    [{ next: 2, unit: 'day' }, '2026-12-31', '2027-01-01'],
  ],
  // The calendar's ends.
  '9999-12-30': [
    [{ next: 5, unit: 'day' }, '9999-12-30', '9999-12-31'],
  ],
};

describe('resolvePeriod', () => {
  for (const [today, cases] of Object.entries(byToday)) {
    it.each(cases)(`on ${today}: %j is %s … %s`, (period, from, to) => {
      expect(resolvePeriod(period, today)).toEqual({ from, to });
    });
  }
});

describe('periodProblems', () => {
  it('accepts every relative period and names the member of a wrong one', () => {
    for (const cases of Object.values(byToday)) for (const [period] of cases) expect(periodProblems(period)).toEqual([]);
    expect(periodProblems({ period: 'someday' })[0]!.path).toBe('/period');
    expect(periodProblems({ last: 0, unit: 'day' })[0]!.path).toBe('/last');
    expect(periodProblems({ next: 3651, unit: 'day' })[0]!.path).toBe('/next');
    expect(periodProblems({ last: 2, unit: 'fortnight' })[0]!.path).toBe('/unit');
    expect(periodProblems({ last: 2 })[0]!.path).toBe('/unit');
    expect(periodProblems({ period: 'today', last: 1 })[0]!.path).toBe('/period');
    expect(periodProblems('thisMonth')[0]!.path).toBe('');
  });
});

describe('within in a time zone', () => {
  const catalog: Catalog = new MetadataCatalog({
    formatVersion: 1,
    app: { key: 'p', name: { 'zh-CN': 'p', en: 'p' }, version: '1.0.0' },
    entities: [
      {
        key: 'visit',
        label: { 'zh-CN': '拜访', en: 'Visit' },
        version: 1,
        fields: [
          { key: 'day', label: { 'zh-CN': '日期', en: 'Day' }, type: 'date' },
          { key: 'at', label: { 'zh-CN': '时间', en: 'At' }, type: 'datetime' },
        ],
      },
    ],
  });
  // Sunday 22 November in UTC, already Monday 23 November in Shanghai.
  const now = new Date('2026-11-22T16:30:00Z');
  const bound = (field: string, timeZone: string) => bindFilter(catalog, 'visit', { field, op: 'within', value: { period: 'thisWeek' } }, { now, timeZone });

  it('takes today from the time zone, and whole days of it for date-times', () => {
    expect(bound('day', 'UTC')).toMatchObject({ kind: 'between', from: '2026-11-16', to: '2026-11-22' });
    expect(bound('day', 'Asia/Shanghai')).toMatchObject({ kind: 'between', from: '2026-11-23', to: '2026-11-29' });
    expect(bound('at', 'UTC')).toMatchObject({ kind: 'between', from: '2026-11-16T00:00:00.000Z', to: '2026-11-22T23:59:59.999Z' });
    expect(bound('at', 'Asia/Shanghai')).toMatchObject({ kind: 'between', from: '2026-11-22T16:00:00.000Z', to: '2026-11-29T15:59:59.999Z' });
  });

  it('keeps date-time ranges at the calendar ends inside the years 0001-9999', () => {
    const filter = (value: unknown) => bindFilter(catalog, 'visit', { field: 'at', op: 'within', value } as never, { now, timeZone: 'Asia/Shanghai' });
    expect(filter({ last: 3650, unit: 'year' })).toMatchObject({ from: '0001-01-01T00:00:00.000Z' });
    const far = bindFilter(catalog, 'visit', { field: 'at', op: 'within', value: { next: 5, unit: 'day' } }, { now: new Date('9999-12-30T12:00:00Z'), timeZone: 'UTC' });
    expect(far).toMatchObject({ to: '9999-12-31T23:59:59.999Z' });
  });
});
