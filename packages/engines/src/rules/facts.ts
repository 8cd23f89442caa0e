/**
 * The facts a rule condition reads, and the derived ones computed from them.
 *
 * The runtime hands in what it knows about one record event ({@link RuleEventFacts}); the rules
 * engine adds the derived numbers (ages, business time, time of day) that the ruleset's
 * conditions use, counted on the event's clock in the app's work calendar. Nothing here reads
 * the machine's clock.
 */
import type { RuleFact } from '@pipewright/metadata';
import type { BoundPath } from '../filter/bind.ts';
import type { ValueFamily } from '../fields/field-type.ts';
import type { RecordData } from '../filter/evaluate.ts';
import {
  businessDaysBetween,
  businessMillisBetween,
  isWorkingTime,
  isoWeekday,
  type WorkCalendar,
} from '../work-calendar/work-calendar.ts';
import { formatDate, instantOf, parseCalendarText, wallTimeAt } from '../expression/calendar.ts';

/** Who caused the event. */
export interface ActingUser {
  id: number;
  /** Their department's id. */
  department?: number | null;
  /** Their role keys in this app. */
  roles?: readonly string[];
  /** Ids of their teams. */
  teams?: readonly number[];
}

/** What the runtime knows about one record event. */
export interface RuleEventFacts {
  /** The record after the change; related records nested under their relation keys (`account: { industry }`). */
  record: RecordData;
  /** The record before the change; absent (or null) on create. */
  previous?: RecordData | null;
  /** Whether the event is a create; by default, whether there is no previous record. */
  isNew?: boolean;
  user?: ActingUser;
  /** The event's clock. */
  now: Date;
  /** When the record last saw activity, when the runtime knows better than the ruleset's `lastActivityField`. */
  lastActivityAt?: string | Date | null;
  /** Open records of the entity owned by the record's owner. */
  ownerOpenRecords?: number | null;
}

/** Facts that are values of their own (no field), with the family their conditions are bound with. */
export const derivedFacts: Readonly<Record<Exclude<RuleFact, 'record' | 'previous' | 'user'>, ValueFamily>> = {
  isNew: 'boolean',
  daysSinceCreated: 'number',
  daysSinceLastActivity: 'number',
  daysSinceLastUpdate: 'number',
  businessDaysSinceCreated: 'integer',
  hoursSinceCreated: 'number',
  businessHoursSinceCreated: 'number',
  hourOfDay: 'integer',
  weekday: 'integer',
  isWorkingTime: 'boolean',
  ownerOpenRecords: 'integer',
};

export type DerivedFact = keyof typeof derivedFacts;

/** The fields of the acting user, with their families. */
export const userFields: Readonly<Record<string, ValueFamily>> = {
  id: 'id',
  department: 'id',
  roles: 'textList',
  teams: 'idList',
};

/** A bound path for a value that is not a column of an entity. */
export function factPath(column: string, family: ValueFamily): BoundPath {
  return { via: [], column, family, field: undefined, caseInsensitive: false };
}

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

/** Where the derived facts are counted from. */
export interface DerivedFactSettings {
  calendar: WorkCalendar;
  /** The field holding the record's last activity (`lastActivityField`); else `updated_at`. */
  lastActivityField?: string | undefined;
}

/**
 * The value of one derived fact for an event; null when the record lacks what it is counted
 * from. Ages are elapsed time: `daysSinceCreated > 3` holds 72 hours after creation.
 *
 * @example
 * deriveFact('hoursSinceCreated', { record: { created_at: '2026-06-05T00:00:00Z' }, now: new Date('2026-06-05T06:00:00Z') }, settings) // 6
 */
export function deriveFact(fact: DerivedFact, event: RuleEventFacts, settings: DerivedFactSettings): number | boolean | null {
  const now = event.now.getTime();
  const { record } = event;
  const { calendar } = settings;
  switch (fact) {
    case 'isNew':
      return event.isNew ?? (event.previous === undefined || event.previous === null);
    case 'daysSinceCreated':
      return since(instant(record.created_at, calendar.timeZone), now, MS_PER_DAY);
    case 'daysSinceLastUpdate':
      return since(instant(record.updated_at, calendar.timeZone), now, MS_PER_DAY);
    case 'daysSinceLastActivity': {
      const last =
        instant(event.lastActivityAt, calendar.timeZone) ??
        instant(settings.lastActivityField ? record[settings.lastActivityField] : undefined, calendar.timeZone) ??
        instant(record.updated_at, calendar.timeZone) ??
        instant(record.created_at, calendar.timeZone);
      return since(last, now, MS_PER_DAY);
    }
    case 'hoursSinceCreated':
      return since(instant(record.created_at, calendar.timeZone), now, MS_PER_HOUR);
    case 'businessHoursSinceCreated': {
      const created = instant(record.created_at, calendar.timeZone);
      return created === null ? null : businessMillisBetween(calendar, created, now) / MS_PER_HOUR;
    }
    case 'businessDaysSinceCreated': {
      const created = instant(record.created_at, calendar.timeZone);
      if (created === null) return null;
      return businessDaysBetween(calendar, dayOf(created, calendar), dayOf(now, calendar));
    }
    case 'hourOfDay':
      return wallTimeAt(now, calendar.timeZone).time.hour;
    case 'weekday':
      return isoWeekday(wallTimeAt(now, calendar.timeZone).date);
    case 'isWorkingTime':
      return isWorkingTime(calendar, now);
    case 'ownerOpenRecords':
      return event.ownerOpenRecords ?? null;
  }
}

function since(from: number | null, now: number, unit: number): number | null {
  return from === null ? null : (now - from) / unit;
}

function instant(value: unknown, timeZone: string): number | null {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : null;
  if (typeof value !== 'string' || value === '') return null;
  const parsed = parseCalendarText(value);
  // A calendar day (a date field) counts from its start in the calendar's time zone.
  return parsed ? instantOf(parsed, timeZone) : null;
}

function dayOf(ms: number, calendar: WorkCalendar): string {
  return formatDate(wallTimeAt(ms, calendar.timeZone).date);
}
