/**
 * Calendar arithmetic for the expression language, without `Date` quirks and without a global
 * clock: dates are `YYYY-MM-DD` text, datetimes ISO 8601 text, and "today" is a calendar day in
 * a named IANA time zone (default `Asia/Shanghai`). Time zones come from `Intl`, so this runs
 * the same in Node and in the browser.
 */
import { ValueProblem } from './errors.ts';

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export interface WallTime {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** A date or datetime read from text. `offsetMinutes` is absent when the text named no zone (local wall time). */
export type CalendarValue =
  | { kind: 'date'; date: CivilDate }
  | { kind: 'datetime'; date: CivilDate; time: WallTime; offsetMinutes?: number };

const MS_PER_DAY = 86_400_000;
const calendarText =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Reads `2024-05-01`, `2024-05-01T08:30:00Z`, `2024-05-01 08:30` or `2024-05-01T08:30:00.123+08:00`;
 * `undefined` for anything else, including impossible days such as `2023-02-29`.
 */
export function parseCalendarText(text: string): CalendarValue | undefined {
  const match = calendarText.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const date = { year: Number(y), month: Number(mo), day: Number(d) };
  if (
    date.year < 1 ||
    date.month < 1 ||
    date.month > 12 ||
    date.day < 1 ||
    date.day > daysInMonth(date.year, date.month)
  )
    return undefined;
  if (h === undefined) return { kind: 'date', date };
  const time = {
    hour: Number(h),
    minute: Number(mi),
    second: s === undefined ? 0 : Number(s),
    millisecond: fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0')),
  };
  if (time.hour > 23 || time.minute > 59 || time.second > 59) return undefined;
  if (zone === undefined) return { kind: 'datetime', date, time };
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    const hours = Number(digits.slice(1, 3));
    const minutes = Number(digits.slice(3, 5));
    if (hours > 23 || minutes > 59) return undefined;
    offsetMinutes = (digits.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  return { kind: 'datetime', date, time, offsetMinutes };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 (proleptic Gregorian calendar; H. Hinnant's `days_from_civil`). */
export function epochDay({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The calendar date `days` after 1970-01-01 (inverse of `epochDay`). */
export function civilDate(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** `YYYY-MM-DD`; an `expression.value` problem outside the years 1 … 9999. */
export function formatDate(date: CivilDate): string {
  checkYear(date.year);
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** ISO 8601 in UTC with milliseconds: `2024-05-01T00:30:00.000Z`. */
export function formatInstant(epochMs: number): string {
  const date = civilDate(Math.floor(epochMs / MS_PER_DAY));
  checkYear(date.year);
  return new Date(epochMs).toISOString();
}

/** `date` moved by whole months, the day clamped to the month's end (Jan 31 + 1 month → Feb 28/29). */
export function addMonths(date: CivilDate, months: number): CivilDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

export function addDays(date: CivilDate, days: number): CivilDate {
  return civilDate(epochDay(date) + days);
}

/** The instant a calendar value stands for; dates and zone-less datetimes are read in `timeZone`. */
export function instantOf(value: CalendarValue, timeZone: string): number {
  if (value.kind === 'date')
    return instantFromWallTime(
      value.date,
      { hour: 0, minute: 0, second: 0, millisecond: 0 },
      timeZone,
    );
  if (value.offsetMinutes === undefined)
    return instantFromWallTime(value.date, value.time, timeZone);
  return wallTimeMs(value.date, value.time) - value.offsetMinutes * 60_000;
}

/** The calendar day a value falls on in `timeZone` (a date is its own day). */
export function localDateOf(value: CalendarValue, timeZone: string): CivilDate {
  if (value.kind === 'date' || value.offsetMinutes === undefined) return value.date;
  return wallTimeAt(instantOf(value, timeZone), timeZone).date;
}

/** The date and wall-clock time an instant shows in `timeZone`. */
export function wallTimeAt(epochMs: number, timeZone: string): { date: CivilDate; time: WallTime } {
  const local = epochMs + offsetMinutesAt(epochMs, timeZone) * 60_000;
  const days = Math.floor(local / MS_PER_DAY);
  let rest = local - days * MS_PER_DAY;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  return {
    date: civilDate(days),
    time: { hour, minute, second, millisecond: rest - second * 1000 },
  };
}

/** The instant at which `timeZone` shows this wall-clock time (the earlier one in a DST overlap). */
export function instantFromWallTime(date: CivilDate, time: WallTime, timeZone: string): number {
  const wall = wallTimeMs(date, time);
  const first = wall - offsetMinutesAt(wall, timeZone) * 60_000;
  const second = wall - offsetMinutesAt(first, timeZone) * 60_000;
  return Math.min(first, second);
}

function wallTimeMs(date: CivilDate, time: WallTime): number {
  return (
    epochDay(date) * MS_PER_DAY +
    ((time.hour * 60 + time.minute) * 60 + time.second) * 1000 +
    time.millisecond
  );
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new ValueProblem(
        'expression.value',
        `unknown time zone "${timeZone}" (use an IANA name such as Asia/Shanghai)`,
      );
    }
    zoneFormats.set(timeZone, format);
  }
  return format;
}

/** Minutes `timeZone` is ahead of UTC at an instant (+480 for Asia/Shanghai). */
export function offsetMinutesAt(epochMs: number, timeZone: string): number {
  if (!Number.isFinite(epochMs) || Math.abs(epochMs) > 8.64e15) {
    throw new ValueProblem('expression.value', 'the date is outside the years 1 … 9999');
  }
  const parts: Record<string, number> = {};
  for (const part of zoneFormat(timeZone).formatToParts(epochMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  const shown = wallTimeMs(
    { year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1 },
    { hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0, millisecond: 0 },
  );
  return Math.round((shown - wholeSecond) / 60_000);
}

function checkYear(year: number): void {
  if (year < 1 || year > 9999)
    throw new ValueProblem(
      'expression.value',
      `the date falls in the year ${year}, outside 1 … 9999`,
    );
}
