/**
 * Relative periods of the filter language (`within`) as concrete date ranges. The SQL compiler
 * and the in-memory evaluator both use this, so a view and its studio preview agree.
 *
 * Weeks start on Monday. `last N days` is the N days ending today (today included); `last N
 * months` runs from the day after the same date N months ago up to today. `next N …` runs from today
 * forward the same way.
 */
import type { RelativePeriod } from '@pipewright/metadata';
import { addDays, addMonths } from '../clock.ts';

/** An inclusive range of calendar dates, YYYY-MM-DD. */
export interface DateRange {
  from: string;
  to: string;
}

/**
 * @example
 * resolvePeriod({ period: 'thisQuarter' }, '2026-11-22') // { from: '2026-10-01', to: '2026-12-31' }
 * resolvePeriod({ last: 7, unit: 'day' }, '2026-11-22')  // { from: '2026-11-16', to: '2026-11-22' }
 */
export function resolvePeriod(period: RelativePeriod, today: string): DateRange {
  if ('last' in period) {
    const n = period.last;
    if (period.unit === 'day') return { from: addDays(today, -(n - 1)), to: today };
    if (period.unit === 'week') return { from: addDays(today, -(7 * n - 1)), to: today };
    return { from: addDays(addMonths(today, -n * monthsIn(period.unit)), 1), to: today };
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
