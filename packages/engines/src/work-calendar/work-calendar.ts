/**
 * A work calendar: when an app's people work, so that SLAs can be counted in business hours and
 * business days ("answer within 4 business hours", "not followed up for 3 business days").
 *
 * The metadata (`app.calendar`, `WorkCalendar` in common.schema.json) names a time zone, working
 * hours per ISO weekday, holidays, and extra working days (weekends worked in exchange for a
 * holiday, 调休). Everything here is pure arithmetic over instants (milliseconds since 1970 UTC)
 * and calendar days (`YYYY-MM-DD`); time zones come from `Intl`, so it runs in the browser too.
 *
 * @example
 * const calendar = workCalendar({ holidays: ['2026-10-01'] }); // Mon–Fri 09:00–18:00, Asia/Shanghai
 * businessMillisBetween(calendar, Date.parse('2026-09-30T08:00:00Z'), Date.parse('2026-10-02T02:00:00Z')) / 3_600_000 // 3
 */
import type { WorkCalendar as WorkCalendarDefinition } from '@pipewright/metadata';
import { defaultTimeZone } from '../clock.ts';
import {
  addDays,
  civilDate,
  epochDay,
  formatDate,
  instantFromWallTime,
  wallTimeAt,
  type CivilDate,
} from '../expression/calendar.ts';

/** A span of working time within a day, in minutes after midnight: [from, to). */
export interface WorkingSpan {
  readonly from: number;
  readonly to: number;
}

/** A work calendar ready for arithmetic. */
export interface WorkCalendar {
  readonly timeZone: string;
  /** Working spans per ISO weekday (index 1 = Monday … 7 = Sunday; index 0 unused), sorted. */
  readonly spans: readonly (readonly WorkingSpan[])[];
  readonly holidays: ReadonlySet<string>;
  readonly workdays: ReadonlySet<string>;
}

/** Monday to Friday, 09:00–18:00. */
const defaultHours = [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }];
/** Counting stops after this many days (about 30 years), so a far date cannot hang a rule. */
export const maxCalendarDays = 11_000;
const MS_PER_MINUTE = 60_000;

/**
 * The calendar a definition describes (`app.calendar`), in its own time zone or else `timeZone`
 * (the app's); without one, Monday to Friday 09:00–18:00. Overlapping spans of one day are merged.
 *
 * @example
 * workCalendar({ workingHours: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' }, { days: [1, 2, 3, 4, 5], from: '13:00', to: '18:00' }] })
 */
export function workCalendar(definition: WorkCalendarDefinition = {}, timeZone: string = defaultTimeZone): WorkCalendar {
  const spans: WorkingSpan[][] = Array.from({ length: 8 }, () => []);
  for (const hours of definition.workingHours ?? defaultHours) {
    const from = minutesOf(hours.from);
    const to = minutesOf(hours.to);
    if (to <= from) continue;
    for (const day of hours.days) spans[day]!.push({ from, to });
  }
  return {
    timeZone: definition.timeZone ?? timeZone,
    spans: spans.map(merge),
    holidays: new Set(definition.holidays ?? []),
    workdays: new Set(definition.workdays ?? []),
  };
}

/** Whether people work on `date` (`YYYY-MM-DD`): not a holiday, and a weekday with hours or an extra working day. */
export function isWorkday(calendar: WorkCalendar, date: string): boolean {
  return spansOn(calendar, parseDay(date)).length > 0;
}

/** Whether `instant` falls inside working time. */
export function isWorkingTime(calendar: WorkCalendar, instant: number): boolean {
  const { date, time } = wallTimeAt(instant, calendar.timeZone);
  const minute = time.hour * 60 + time.minute + (time.second * 1000 + time.millisecond) / MS_PER_MINUTE;
  return spansOn(calendar, date).some((span) => minute >= span.from && minute < span.to);
}

/**
 * Working time between two instants, in milliseconds; negative when `to` is before `from`.
 *
 * @example
 * // Friday 17:00 to Monday 10:00 in Shanghai: one hour on Friday, one on Monday.
 * businessMillisBetween(workCalendar(), Date.parse('2026-06-05T09:00:00Z'), Date.parse('2026-06-08T02:00:00Z')) // 7_200_000
 */
export function businessMillisBetween(calendar: WorkCalendar, from: number, to: number): number {
  if (to < from) return -businessMillisBetween(calendar, to, from);
  let total = 0;
  let day = wallTimeAt(from, calendar.timeZone).date;
  const last = epochDay(wallTimeAt(to, calendar.timeZone).date);
  for (let n = 0; epochDay(day) <= last && n <= maxCalendarDays; n++, day = addDays(day, 1)) {
    for (const span of spansOn(calendar, day)) {
      const start = Math.max(from, instantAt(calendar, day, span.from));
      const end = Math.min(to, instantAt(calendar, day, span.to));
      if (end > start) total += end - start;
    }
  }
  return total;
}

/**
 * The instant `millis` of working time after `from` (before it, for negative `millis`). Starting
 * outside working time counts from the next working moment: 2 business hours from Friday 20:00
 * is Monday 11:00.
 */
export function addBusinessMillis(calendar: WorkCalendar, from: number, millis: number): number {
  if (millis < 0) return subtractBusinessMillis(calendar, from, -millis);
  let left = millis;
  let day = wallTimeAt(from, calendar.timeZone).date;
  for (let n = 0; n <= maxCalendarDays; n++, day = addDays(day, 1)) {
    for (const span of spansOn(calendar, day)) {
      const start = Math.max(from, instantAt(calendar, day, span.from));
      const end = instantAt(calendar, day, span.to);
      if (end <= start) continue;
      if (end - start >= left) return start + left;
      left -= end - start;
    }
  }
  throw new RangeError(`no working time within ${maxCalendarDays} days: the calendar has no working hours`);
}

function subtractBusinessMillis(calendar: WorkCalendar, from: number, millis: number): number {
  let left = millis;
  let day = wallTimeAt(from, calendar.timeZone).date;
  for (let n = 0; n <= maxCalendarDays; n++, day = addDays(day, -1)) {
    for (const span of [...spansOn(calendar, day)].reverse()) {
      const end = Math.min(from, instantAt(calendar, day, span.to));
      const start = instantAt(calendar, day, span.from);
      if (end <= start) continue;
      if (end - start >= left) return end - left;
      left -= end - start;
    }
  }
  throw new RangeError(`no working time within ${maxCalendarDays} days: the calendar has no working hours`);
}

/**
 * Working days after `from` up to and including `to` (`YYYY-MM-DD`); negative when `to` is
 * earlier. From a Friday to the next Monday is 1.
 */
export function businessDaysBetween(calendar: WorkCalendar, from: string, to: string): number {
  const a = epochDay(parseDay(from));
  const b = epochDay(parseDay(to));
  if (b < a) return -businessDaysBetween(calendar, to, from);
  let count = 0;
  for (let d = a + 1; d <= b && d - a <= maxCalendarDays; d++) if (spansOn(calendar, civilDate(d)).length > 0) count++;
  return count;
}

/** The working day `days` working days after `date` (before it, for negative `days`). */
export function addBusinessDays(calendar: WorkCalendar, date: string, days: number): string {
  let day = parseDay(date);
  const step = days < 0 ? -1 : 1;
  for (let left = Math.abs(days), n = 0; left > 0; n++) {
    if (n > maxCalendarDays) throw new RangeError(`no working day within ${maxCalendarDays} days: the calendar has no working hours`);
    day = addDays(day, step);
    if (spansOn(calendar, day).length > 0) left--;
  }
  return formatDate(day);
}

/** The working spans of a calendar day. */
function spansOn(calendar: WorkCalendar, day: CivilDate): readonly WorkingSpan[] {
  const text = formatDate(day);
  if (calendar.holidays.has(text)) return [];
  const regular = calendar.spans[isoWeekday(day)]!;
  if (regular.length === 0 && calendar.workdays.has(text)) return calendar.spans[1]!;
  return regular;
}

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: CivilDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((epochDay(day) + 3) % 7) + 7) % 7) + 1;
}

function instantAt(calendar: WorkCalendar, day: CivilDate, minutes: number): number {
  if (minutes >= 24 * 60) return instantFromWallTime(addDays(day, 1), midnight, calendar.timeZone);
  return instantFromWallTime(day, { hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }, calendar.timeZone);
}

const midnight = { hour: 0, minute: 0, second: 0, millisecond: 0 };

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

function parseDay(date: string): CivilDate {
  const [year, month, day] = date.slice(0, 10).split('-').map(Number);
  return { year: year!, month: month!, day: day! };
}

function merge(spans: WorkingSpan[]): WorkingSpan[] {
  const sorted = [...spans].sort((a, b) => a.from - b.from);
  const merged: WorkingSpan[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.from <= last.to) merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, span.to) };
    else merged.push(span);
  }
  return merged;
}
