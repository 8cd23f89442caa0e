/**
 * Calendar arithmetic in a business time zone, without Node-only APIs. Sales teams in China work in
 * Asia/Shanghai; `today` means the date there, not in UTC.
 */
export const defaultTimeZone = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(instant: Date, timeZone: string = defaultTimeZone): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(instant);
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds months to a YYYY-MM-DD date, clamping the day to the month's length (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Minutes a time zone is ahead of UTC at an instant (Asia/Shanghai: 480). */
export function zoneOffsetMinutes(instant: Date, timeZone: string = defaultTimeZone): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a calendar date begins in a time zone, as an ISO string. */
export function startOfDay(date: string, timeZone: string = defaultTimeZone): string {
  const guess = new Date(`${date}T00:00:00Z`);
  const offset = zoneOffsetMinutes(guess, timeZone);
  return new Date(guess.getTime() - offset * 60_000).toISOString();
}

/** Where "now" comes from: the machine's clock in production, one a test moves by hand. */
export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that stands still until moved: tests of timers and schedules advance it instead of
 * waiting three days.
 *
 * @example
 * const clock = new ManualClock();
 * clock.advance(3 * 86_400_000); // three days later
 */
export class ManualClock implements Clock {
  #at: number;

  constructor(start: Date = new Date()) {
    this.#at = start.getTime();
  }

  now(): Date {
    return new Date(this.#at);
  }

  /** Moves the clock on by `millis`. */
  advance(millis: number): void {
    this.#at += millis;
  }

  /** Sets the clock to an instant. */
  set(instant: Date): void {
    this.#at = instant.getTime();
  }
}
