/**
 * Dates: TODAY, NOW, DATE, YEAR, MONTH, DAY, DAYS, ADDDAYS, ADDMONTHS.
 *
 * Dates are `YYYY-MM-DD` text and datetimes ISO 8601 text. "Today", and the calendar day of a
 * datetime, are taken in the evaluation's time zone (default Asia/Shanghai), and the clock is
 * the evaluation's `now`: the same inputs always give the same result.
 */
import {
  addDays,
  addMonths,
  epochDay,
  formatDate,
  formatInstant,
  instantFromWallTime,
  instantOf,
  localDateOf,
  wallTimeAt,
  type CalendarValue,
  type CivilDate,
} from '../calendar.ts';
import { Decimal } from '../decimal.ts';
import type { ExpressionType } from '../types.ts';
import type { FunctionArguments, FunctionDefinition } from './definition.ts';

/** The widest day and month counts accepted (about 27,000 years either way). */
const MAX_DAYS = 10_000_000;
const MAX_MONTHS = 120_000;

/**
 * `value` moved by `move`: a date gives a date; a datetime keeps its wall-clock time in the
 * evaluation's time zone and gives a UTC datetime.
 */
function shifted(
  value: CalendarValue,
  timeZone: string,
  move: (date: CivilDate) => CivilDate,
): string {
  if (value.kind === 'date') return formatDate(move(value.date));
  const wall =
    value.offsetMinutes === undefined ? value : wallTimeAt(instantOf(value, timeZone), timeZone);
  return formatInstant(instantFromWallTime(move(wall.date), wall.time, timeZone));
}

function sameKind([type]: readonly ExpressionType[]): ExpressionType {
  return type === 'datetime' || type === 'unknown' ? type : 'date';
}

function datePart(
  name: 'YEAR' | 'MONTH' | 'DAY',
  part: keyof CivilDate,
  summary: string,
): FunctionDefinition {
  return {
    name,
    family: 'date',
    signature: `${name}(date)`,
    summary,
    parameters: ['date'],
    minArgs: 1,
    maxArgs: 1,
    nulls: 'propagate',
    returns: 'number',
    evaluate: (args: FunctionArguments) =>
      Decimal.fromInteger(localDateOf(args.date(0)!, args.clock.timeZone)[part]),
  };
}

export const dateFunctions: readonly FunctionDefinition[] = [
  {
    name: 'TODAY',
    family: 'date',
    signature: 'TODAY()',
    summary: "Today's date in the evaluation's time zone.",
    parameters: [],
    minArgs: 0,
    maxArgs: 0,
    nulls: 'propagate',
    returns: 'date',
    evaluate: (args) => formatDate(wallTimeAt(args.clock.now(), args.clock.timeZone).date),
  },
  {
    name: 'NOW',
    family: 'date',
    signature: 'NOW()',
    summary: "The current date and time (the evaluation's `now`) as an ISO datetime in UTC.",
    parameters: [],
    minArgs: 0,
    maxArgs: 0,
    nulls: 'propagate',
    returns: 'datetime',
    evaluate: (args) => formatInstant(args.clock.now()),
  },
  {
    name: 'DATE',
    family: 'date',
    signature: 'DATE(year, month, day)',
    summary:
      'The date with these parts; months and days past the end roll over as in spreadsheets: DATE(2024, 13, 1) = 2025-01-01.',
    parameters: ['number', 'number', 'number'],
    minArgs: 3,
    maxArgs: 3,
    nulls: 'propagate',
    returns: 'date',
    evaluate(args) {
      const year = args.integer(0, 1, 9999)!;
      const month = args.integer(1, -MAX_MONTHS, MAX_MONTHS)!;
      const day = args.integer(2, -MAX_DAYS, MAX_DAYS)!;
      return formatDate(addDays(addMonths({ year, month: 1, day: 1 }, month - 1), day - 1));
    },
  },
  datePart('YEAR', 'year', "The year of a date (of a datetime: in the evaluation's time zone)."),
  datePart('MONTH', 'month', 'The month of a date, 1 … 12.'),
  datePart('DAY', 'day', 'The day of the month of a date, 1 … 31.'),
  {
    name: 'DAYS',
    family: 'date',
    signature: 'DAYS(end, start)',
    summary:
      'Whole calendar days from start to end (negative when end is earlier): DAYS(close_date, TODAY()).',
    parameters: ['date', 'date'],
    minArgs: 2,
    maxArgs: 2,
    nulls: 'propagate',
    returns: 'number',
    evaluate(args) {
      const { timeZone } = args.clock;
      return Decimal.fromInteger(
        epochDay(localDateOf(args.date(0)!, timeZone)) -
          epochDay(localDateOf(args.date(1)!, timeZone)),
      );
    },
  },
  {
    name: 'ADDDAYS',
    family: 'date',
    signature: 'ADDDAYS(date, days)',
    summary:
      'The date days later (earlier when negative; fractions of a day are dropped). A datetime keeps its time of day.',
    parameters: ['date', 'number'],
    minArgs: 2,
    maxArgs: 2,
    nulls: 'propagate',
    returns: sameKind,
    evaluate(args) {
      const days = args.integer(1, -MAX_DAYS, MAX_DAYS)!;
      return shifted(args.date(0)!, args.clock.timeZone, (date) => addDays(date, days));
    },
  },
  {
    name: 'ADDMONTHS',
    family: 'date',
    signature: 'ADDMONTHS(date, months)',
    summary:
      "The date months later, the day kept or moved back to the month's last day: ADDMONTHS('2024-01-31', 1) = 2024-02-29.",
    parameters: ['date', 'number'],
    minArgs: 2,
    maxArgs: 2,
    nulls: 'propagate',
    returns: sameKind,
    evaluate(args) {
      const months = args.integer(1, -MAX_MONTHS, MAX_MONTHS)!;
      return shifted(args.date(0)!, args.clock.timeZone, (date) => addMonths(date, months));
    },
  },
];
