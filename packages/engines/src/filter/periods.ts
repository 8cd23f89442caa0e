/**
 * Relative periods of the filter language (`within`) as concrete date ranges. The SQL compiler
 * and the in-memory evaluator both use this, so a view and its studio preview agree.
 *
 * Weeks start on Monday. `last N days` is the N days ending today (today included); `last N
 * months` runs from the day after the same date N months ago up to today. `next N …` runs from today
 * forward the same way.
 */
import type { NamedPeriod, PeriodUnit, RelativePeriod } from '@pipewright/metadata';
import type { Problem } from '../errors.ts';
import { addDays, addMonths } from '../clock.ts';

/** An inclusive range of calendar dates, YYYY-MM-DD. */
export interface DateRange {
  from: string;
  to: string;
}

const namedPeriods: Record<NamedPeriod, true> = {
  today: true, yesterday: true, tomorrow: true, thisWeek: true, lastWeek: true, nextWeek: true,
  thisMonth: true, lastMonth: true, nextMonth: true, thisQuarter: true, lastQuarter: true, nextQuarter: true,
  thisYear: true, lastYear: true, nextYear: true,
};
const units: Record<PeriodUnit, true> = { day: true, week: true, month: true, quarter: true, year: true };
/** The largest N of `last N …` / `next N …`, as the filter schema has it. */
export const maxPeriodCount = 3650;

/**
 * What is wrong with a value given as a relative period (the filter arrives from clients
 * unchecked), with paths relative to the value; empty when it is a `RelativePeriod`.
 *
 * @example
 * periodProblems({ period: 'someday' }) // [{ path: '/period', code: 'filter.value', message: 'must be one of today, …' }]
 */
export function periodProblems(value: unknown): Problem[] {
  const problem = (path: string, message: string): Problem[] => [{ path, code: 'filter.value', message }];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return problem('', 'must be a relative period such as { "period": "thisQuarter" }');
  const period = value as Record<string, unknown>;
  const count = 'last' in period ? 'last' : 'next' in period ? 'next' : undefined;
  if (count === undefined) {
    const extra = Object.keys(period).find((k) => k !== 'period');
    if (extra !== undefined) return problem(`/${extra}`, 'is not a member of a relative period (period, or last/next with unit)');
    if (typeof period.period !== 'string' || !Object.hasOwn(namedPeriods, period.period)) return problem('/period', `must be one of ${Object.keys(namedPeriods).join(', ')}`);
    return [];
  }
  const extra = Object.keys(period).find((k) => k !== count && k !== 'unit');
  if (extra !== undefined) return problem(`/${extra}`, `is not allowed beside "${count}" and "unit"`);
  const n = period[count];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > maxPeriodCount) return problem(`/${count}`, `must be a whole number from 1 to ${maxPeriodCount}`);
  if (typeof period.unit !== 'string' || !Object.hasOwn(units, period.unit)) return problem('/unit', `must be one of ${Object.keys(units).join(', ')}`);
  return [];
}

/**
 * Ranges reaching past the calendar the API speaks (0001-01-01 to 9999-12-31) are cut at its
 * ends: `last 3650 years` means everything since year 1.
 *
 * @example
 * resolvePeriod({ period: 'thisQuarter' }, '2026-11-22') // { from: '2026-10-01', to: '2026-12-31' }
 * resolvePeriod({ last: 7, unit: 'day' }, '2026-11-22')  // { from: '2026-11-16', to: '2026-11-22' }
 */
export function resolvePeriod(period: RelativePeriod, today: string): DateRange {
  const range = uncutPeriod(period, today);
  return { from: range.from < firstDate ? firstDate : range.from, to: range.to > lastDate || range.to.startsWith('+') ? lastDate : range.to };
}

const firstDate = '0001-01-01';
const lastDate = '9999-12-31';

function uncutPeriod(period: RelativePeriod, today: string): DateRange {
  if ('last' in period) {
    const n = period.last;
    if (period.unit === 'day') return { from: addDays(today, -(n - 1)), to: today };
    if (period.unit === 'week') return { from: addDays(today, -(7 * n - 1)), to: today };
    const start = addMonths(today, -n * monthsIn(period.unit));
    return { from: start < firstDate ? firstDate : addDays(start, 1), to: today };
  }
  if ('next' in period) {
    const n = period.next;
    if (period.unit === 'day') return { from: today, to: addDays(today, n - 1) };
    if (period.unit === 'week') return { from: today, to: addDays(today, 7 * n - 1) };
    return { from: today, to: addDays(addMonths(today, n * monthsIn(period.unit)), -1) };
  }
  switch (period.period) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case 'tomorrow':
      return { from: addDays(today, 1), to: addDays(today, 1) };
    case 'thisWeek':
      return week(today, 0);
    case 'lastWeek':
      return week(today, -1);
    case 'nextWeek':
      return week(today, 1);
    case 'thisMonth':
      return months(today, 1, 0);
    case 'lastMonth':
      return months(today, 1, -1);
    case 'nextMonth':
      return months(today, 1, 1);
    case 'thisQuarter':
      return months(today, 3, 0);
    case 'lastQuarter':
      return months(today, 3, -1);
    case 'nextQuarter':
      return months(today, 3, 1);
    case 'thisYear':
      return months(today, 12, 0);
    case 'lastYear':
      return months(today, 12, -1);
    case 'nextYear':
      return months(today, 12, 1);
  }
}

function monthsIn(unit: 'month' | 'quarter' | 'year'): number {
  return unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12;
}

function week(today: string, offset: number): DateRange {
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const monday = addDays(today, -weekday + 7 * offset);
  return { from: monday, to: addDays(monday, 6) };
}

function months(today: string, size: number, offset: number): DateRange {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const startMonth = Math.floor((m - 1) / size) * size;
  const start = `${String(y).padStart(4, '0')}-${String(startMonth + 1).padStart(2, '0')}-01`;
  const from = addMonths(start, size * offset);
  return { from, to: addDays(addMonths(from, size), -1) };
}
