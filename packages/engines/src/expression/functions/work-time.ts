/**
 * Hours and business time: HOURS, BUSINESS_HOURS, ADD_BUSINESS_HOURS, BUSINESS_DAYS,
 * ADD_BUSINESS_DAYS, IS_WORKDAY. SLAs are counted in these: "answered within 4 business hours"
 * is `BUSINESS_HOURS(created_at, first_reply_at) <= 4`.
 *
 * Business time follows the evaluation's work calendar (`context.workCalendar`: the app's working
 * hours, holidays and extra working days; by default Monday to Friday, 09:00–18:00). Dates and
 * zone-less datetimes are read in the calendar's time zone.
 */
import { formatInstant, instantOf, localDateOf, formatDate, type CalendarValue } from '../calendar.ts';
import { Decimal } from '../decimal.ts';
import {
  addBusinessDays,
  addBusinessMillis,
  businessDaysBetween,
  businessMillisBetween,
  isWorkday,
  maxCalendarDays,
} from '../../work-calendar/work-calendar.ts';
import type { FunctionArguments, FunctionDefinition } from './definition.ts';

const MS_PER_HOUR = Decimal.fromInteger(3_600_000);
/** The most hours ADD_BUSINESS_HOURS moves (about 30 years of full days). */
const MAX_HOURS = maxCalendarDays * 24;

function instant(args: FunctionArguments, index: number): number {
  return instantOf(args.date(index)!, args.clock.workCalendar().timeZone);
}

function day(args: FunctionArguments, index: number): string {
  return formatDate(localDateOf(args.date(index)! as CalendarValue, args.clock.workCalendar().timeZone));
}

function hours(ms: number): Decimal {
  return Decimal.fromInteger(ms).divide(MS_PER_HOUR)!;
}

export const workTimeFunctions: readonly FunctionDefinition[] = [
  {
    name: 'HOURS',
    family: 'date',
    signature: 'HOURS(end, start)',
    summary: 'Hours from start to end, with fractions (negative when end is earlier): HOURS(NOW(), created_at).',
    parameters: ['date', 'date'],
    minArgs: 2,
    maxArgs: 2,
    nulls: 'propagate',
    returns: 'number',
    evaluate: (args) => hours(instant(args, 0) - instant(args, 1)),
  },
  {
    name: 'BUSINESS_HOURS',
    family: 'date',
    signature: 'BUSINESS_HOURS(end, start)',
    summary: "Working hours of the app's calendar from start to end, without nights, weekends and holidays.",
    parameters: ['date', 'date'],
    minArgs: 2,
    maxArgs: 2,
    nulls: 'propagate',
    returns: 'number',
    evaluate: (args) => hours(businessMillisBetween(args.clock.workCalendar(), instant(args, 1), instant(args, 0))),
  },
  {
    name: 'ADD_BUSINESS_HOURS',
    family: 'date',
    signature: 'ADD_BUSINESS_HOURS(datetime, hours)',
    summary: 'The moment so many working hours later (earlier, for negative hours): the due time of an SLA.',
    parameters: ['date', 'number'],
    minArgs: 2,
    maxArgs: 2,
    nulls: 'propagate',
    returns: 'datetime',
    evaluate(args) {
      const amount = args.number(1)!;
      if (amount.abs().compare(Decimal.fromInteger(MAX_HOURS)) > 0) args.fail(1, 'expression.value', `at most ${MAX_HOURS} hours`);
      const ms = Math.round(amount.multiply(MS_PER_HOUR).toNumber());
      const calendar = args.clock.workCalendar();
      try {
        return formatInstant(addBusinessMillis(calendar, instant(args, 0), ms));
      } catch {
        return args.fail(1, 'expression.value', 'the work calendar has no working hours to count');
      }
    },
  },
  {
    name: 'BUSINESS_DAYS',
    family: 'date',
    signature: 'BUSINESS_DAYS(end, start)',
    summary: 'Working days after start up to and including end: from a Friday to the next Monday is 1.',
    parameters: ['date', 'date'],
    minArgs: 2,
    maxArgs: 2,
    nulls: 'propagate',
    returns: 'number',
    evaluate: (args) => Decimal.fromInteger(businessDaysBetween(args.clock.workCalendar(), day(args, 1), day(args, 0))),
  },
  {
    name: 'ADD_BUSINESS_DAYS',
    family: 'date',
    signature: 'ADD_BUSINESS_DAYS(date, days)',
    summary: 'The working day so many working days later (earlier, for negative days).',
    parameters: ['date', 'number'],
    minArgs: 2,
    maxArgs: 2,
    nulls: 'propagate',
    returns: 'date',
    evaluate(args) {
      const days = args.integer(1, -maxCalendarDays, maxCalendarDays)!;
      try {
        return addBusinessDays(args.clock.workCalendar(), day(args, 0), days);
      } catch {
        return args.fail(1, 'expression.value', 'the work calendar has no working days to count');
      }
    },
  },
  {
    name: 'IS_WORKDAY',
    family: 'date',
    signature: 'IS_WORKDAY(date)',
    summary: "Whether people work on that day in the app's calendar (not a weekend or holiday, or an extra working day).",
    parameters: ['date'],
    minArgs: 1,
    maxArgs: 1,
    nulls: 'propagate',
    returns: 'boolean',
    evaluate: (args) => isWorkday(args.clock.workCalendar(), day(args, 0)),
  },
];
