/**
 * Dates and instants as the API reads and writes them: ISO 8601 with four-digit years from 0001
 * to 9999. That is every date a sales app needs, and all of them fit PostgreSQL's `date` and
 * `timestamptz` (which have no year 0 and would refuse `0000-01-01` or `+010000-…`).
 *
 * @example
 * isCalendarDate('2024-02-29') // true
 * isCalendarDate('2023-02-29') // false
 * instantOf('2026-11-22T08:30:00+08:00') // '2026-11-22T00:30:00.000Z'
 */

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateTimePattern = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-](\d{2})(?::?(\d{2}))?)?$/;

/** Whether `text` is a real calendar date `YYYY-MM-DD` in the years 0001–9999. */
export function isCalendarDate(text: string): boolean {
  const match = datePattern.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeapYear(year) ? 1 : 0);
}

/**
 * The instant an ISO date-time names (`2026-11-22T08:30:00Z`, `…+08:00`, without an offset:
 * the process's local time, as `Date` reads it), as a UTC ISO string; undefined when the text is
 * no date-time, names a day that does not exist, or falls outside the years 0001–9999 in UTC.
 */
export function instantOf(text: string): string | undefined {
  const match = dateTimePattern.exec(text);
  if (!match || !isCalendarDate(match[1]!)) return undefined;
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59 || Number(match[5] ?? 0) > 23 || Number(match[6] ?? 0) > 59) return undefined;
  const time = Date.parse(text.replace(' ', 'T'));
  if (Number.isNaN(time)) return undefined;
  const iso = new Date(time).toISOString();
  return isCalendarDate(iso.slice(0, 10)) ? iso : undefined;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
