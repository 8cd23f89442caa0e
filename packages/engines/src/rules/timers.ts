/**
 * Date-relative triggers of a ruleset (`timer`): when a record's timer is due, and whether the
 * record still qualifies for one. Pure: the runtime keeps one durable timer row per record and
 * ruleset, computed here at each write, and fires it when the due time comes.
 *
 * Offsets in days, weeks and months move the date in the app's time zone (3 days after 10:30 is
 * 10:30, across a DST change too); hours and minutes are elapsed time; business hours and
 * business days count in the app's work calendar (3 business days after Friday 10:30 is
 * Wednesday 10:30). A `date` field counts from the start of its day in the app's time zone.
 *
 * @example
 * const timer = compileTimer(catalog, 'lead', { field: 'created_at', offset: { amount: 3, unit: 'days' }, while: { field: 'status', op: 'eq', value: 'new' } }, calendar, context, '/rules/4/timer', problems);
 * timer.holds(lead) && timer.due(lead, Date.now()) // Date.parse(lead.created_at) + 3 days
 */
import type { Catalog, Filter, RuleTimer, TimerOffset } from '@pipewright/metadata';
import type { Problem } from '../errors.ts';
import { addDays, addMonths, instantFromWallTime, instantOf, parseCalendarText, wallTimeAt } from '../expression/calendar.ts';
import { bindFilter, FilterError, type BoundFilter, type FilterContext } from '../filter/bind.ts';
import { matchesFilter, type RecordData } from '../filter/evaluate.ts';
import { addBusinessDays, addBusinessMillis, type WorkCalendar } from '../work-calendar/work-calendar.ts';

/** A ruleset's timer, ready to compute. */
export interface CompiledTimer {
  /** The date field it counts from. */
  field: string;
  /** Fields whose change moves, sets or cancels the timer: the date field and what `while` reads. */
  watched: ReadonlySet<string>;
  repeat: 'monthly' | 'yearly' | undefined;
  /** Whether the record qualifies for a timer now (`while`, when there is one). */
  holds(record: RecordData): boolean;
  /**
   * When the record's timer is due, in ms since 1970; null without a date. With `repeat`, the
   * first occurrence at or after `notBefore`; without, the one due time (perhaps past: then it is due at once).
   */
  due(record: RecordData, notBefore: number): number | null;
}

const MS_PER_MINUTE = 60_000;
/** The longest offset a timer may have: about 30 years. */
const maxOffsetDays = 11_000;
const unitDays: Record<TimerOffset['unit'], number> = { minutes: 1 / 1440, hours: 1 / 24, days: 1, weeks: 7, months: 31, businessHours: 1 / 8, businessDays: 1.4 };
const systemDates = new Set(['created_at', 'updated_at']);

/**
 * Checks and compiles a ruleset's `timer` on `entityKey`; adds problems with JSON pointers from
 * `at` (the timer's own path) and answers undefined when there are any.
 */
export function compileTimer(catalog: Catalog, entityKey: string, timer: RuleTimer, calendar: WorkCalendar, context: FilterContext, at: string, problems: Problem[]): CompiledTimer | undefined {
  const before = problems.length;
  const field = catalog.field(entityKey, timer.field);
  if (!systemDates.has(timer.field)) {
    if (!field) problems.push({ path: `${at}/field`, code: 'rule.timerField', message: `entity "${entityKey}" has no field "${timer.field}": a timer counts from a date or date-time field, or created_at / updated_at` });
    else if (field.type !== 'date' && field.type !== 'datetime') problems.push({ path: `${at}/field`, code: 'rule.timerField', message: `"${timer.field}" is a ${field.type} field: a timer counts from a date or date-time field, or created_at / updated_at` });
  }
  const offset = timer.offset ?? { amount: 0, unit: 'days' as const };
  if (offset.amount * unitDays[offset.unit] > maxOffsetDays) {
    problems.push({ path: `${at}/offset/amount`, code: 'rule.timerOffset', message: `${offset.amount} ${offset.unit} is longer than a timer may wait (about 30 years, ${maxOffsetDays} days)` });
  }
  if ((offset.unit === 'businessHours' || offset.unit === 'businessDays') && offset.amount > 0 && calendar.spans.every((day) => day.length === 0)) {
    problems.push({ path: `${at}/offset/unit`, code: 'rule.timerOffset', message: `the app's work calendar has no working hours, so ${offset.unit} never pass` });
  }
  if (timer.repeat === 'monthly' && (offset.unit === 'months' ? offset.amount >= 1 : offset.amount * unitDays[offset.unit] >= 28)) {
    problems.push({ path: `${at}/offset`, code: 'rule.timerOffset', message: 'a monthly timer needs an offset shorter than a month (28 days), or its occurrences overlap' });
  }
  if (timer.repeat === 'yearly' && (offset.unit === 'months' ? offset.amount >= 12 : offset.amount * unitDays[offset.unit] >= 365)) {
    problems.push({ path: `${at}/offset`, code: 'rule.timerOffset', message: 'a yearly timer needs an offset shorter than a year, or its occurrences overlap' });
  }
  let condition: BoundFilter | undefined;
  const watched = new Set<string>([timer.field]);
  if (timer.while !== undefined) {
    try {
      condition = bindFilter(catalog, entityKey, timer.while, context, `${at}/while`);
      for (const path of fieldsOf(timer.while)) {
        if (path.includes('.')) problems.push({ path: `${at}/while`, code: 'rule.timerCondition', message: `a timer's condition reads the record's own fields only, not "${path}" of a related record (its changes would not move the timer)` });
        watched.add(path.split('.')[0]!);
      }
    } catch (error) {
      if (!(error instanceof FilterError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > before) return undefined;
  const sign = timer.direction === 'before' ? -1 : 1;
  const repeat = timer.repeat;
  const timeZone = calendar.timeZone;
  const shift = (from: number): number => offsetFrom(calendar, from, { amount: sign * offset.amount, unit: offset.unit });
  return {
    field: timer.field,
    watched,
    repeat,
    holds: (record) => condition === undefined || matchesFilter(condition, record),
    due(record, notBefore) {
      const base = instant(record[timer.field], timeZone);
      if (base === null) return null;
      if (!repeat) return shift(base);
      const step = repeat === 'yearly' ? 12 : 1;
      // Occurrence k is the date k months (or years) on, counted from the date itself so the 31st stays the 31st where a month has one.
      const wall = wallTimeAt(base, timeZone);
      const occurrence = (k: number) => shift(instantFromWallTime(addMonths(wall.date, k * step), wall.time, timeZone));
      const elapsedMonths = (wallTimeAt(notBefore, timeZone).date.year - wall.date.year) * 12 + (wallTimeAt(notBefore, timeZone).date.month - wall.date.month);
      let k = Math.max(0, Math.floor(elapsedMonths / step) - 2);
      while (occurrence(k) < notBefore) k++;
      return occurrence(k);
    },
  };
}

/** `from` moved by an offset (negative amounts move back). */
function offsetFrom(calendar: WorkCalendar, from: number, offset: TimerOffset): number {
  const { amount, unit } = offset;
  const zone = calendar.timeZone;
  const onDate = (move: (date: ReturnType<typeof wallTimeAt>['date']) => ReturnType<typeof wallTimeAt>['date']) => {
    const wall = wallTimeAt(from, zone);
    return instantFromWallTime(move(wall.date), wall.time, zone);
  };
  switch (unit) {
    case 'minutes':
      return from + amount * MS_PER_MINUTE;
    case 'hours':
      return from + amount * 60 * MS_PER_MINUTE;
    case 'days':
      return onDate((d) => addDays(d, amount));
    case 'weeks':
      return onDate((d) => addDays(d, amount * 7));
    case 'months':
      return onDate((d) => addMonths(d, amount));
    case 'businessHours':
      return addBusinessMillis(calendar, from, amount * 60 * MS_PER_MINUTE);
    case 'businessDays': {
      const wall = wallTimeAt(from, zone);
      const day = addBusinessDays(calendar, `${String(wall.date.year).padStart(4, '0')}-${String(wall.date.month).padStart(2, '0')}-${String(wall.date.day).padStart(2, '0')}`, amount);
      const [year, month, date] = day.split('-').map(Number) as [number, number, number];
      return instantFromWallTime({ year, month, day: date }, wall.time, zone);
    }
  }
}

function instant(value: unknown, timeZone: string): number | null {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : null;
  if (typeof value !== 'string' || value === '') return null;
  const parsed = parseCalendarText(value);
  return parsed ? instantOf(parsed, timeZone) : null;
}

/** The field paths a filter reads. */
function fieldsOf(filter: Filter): string[] {
  if ('and' in filter) return filter.and.flatMap(fieldsOf);
  if ('or' in filter) return filter.or.flatMap(fieldsOf);
  if ('not' in filter) return fieldsOf(filter.not);
  return [filter.field];
}

/** Binds a scheduled ruleset's `scheduleFilter` (problems at `at`); `{ and: [] }` without one. */
export function bindScheduleFilter(catalog: Catalog, entityKey: string, filter: Filter | undefined, context: FilterContext, at: string, problems: Problem[]): BoundFilter | undefined {
  try {
    return bindFilter(catalog, entityKey, filter ?? { and: [] }, context, at);
  } catch (error) {
    if (!(error instanceof FilterError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}
