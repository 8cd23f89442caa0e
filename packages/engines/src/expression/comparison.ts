/**
 * Equality and order between expression values.
 *
 * - Numbers compare exactly (`0.1 + 0.2 = 0.3` is TRUE); numeral text counts as a number when
 *   the other side is a number.
 * - Two texts that are both ISO dates / datetimes compare in time (`2024-05-01T00:00:00+08:00`
 *   equals `2024-04-30T16:00:00Z`; a date is the start of its day in the context time zone);
 *   other texts compare exactly, case-sensitive, in code-unit order.
 * - `=` and `!=` treat null as a value (`x = NULL` is TRUE when x is blank); the ordering
 *   operators give null when either side is null. Values of different kinds are never equal
 *   and cannot be ordered.
 */
import { instantOf, parseCalendarText, epochDay, type CalendarValue } from './calendar.ts';
import { Decimal } from './decimal.ts';
import { ValueProblem } from './errors.ts';
import { asNumber, describeValue, RecordValue, type Value } from './values.ts';

/** Whether two values are equal under the rules above. */
export function valuesEqual(a: Value, b: Value, timeZone: string): boolean {
  if (a === null || b === null) return a === b;
  rejectCollections(a);
  rejectCollections(b);
  return order(a, b, timeZone) === 0;
}

/** -1, 0 or 1 by the rules above; null when either side is null. */
export function compareValues(a: Value, b: Value, timeZone: string): -1 | 0 | 1 | null {
  if (a === null || b === null) return null;
  rejectCollections(a);
  rejectCollections(b);
  const result = order(a, b, timeZone);
  if (result === undefined) {
    throw new ValueProblem(
      'expression.type',
      `cannot order ${describeValue(a)} against ${describeValue(b)}`,
    );
  }
  return result;
}

/** The order of two non-null values, or `undefined` when they are of different kinds. */
function order(
  a: Exclude<Value, null>,
  b: Exclude<Value, null>,
  timeZone: string,
): -1 | 0 | 1 | undefined {
  if (a instanceof Decimal || b instanceof Decimal) {
    const x = asNumber(a);
    const y = asNumber(b);
    return x instanceof Decimal && y instanceof Decimal ? x.compare(y) : undefined;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return 0;
    const x = parseCalendarText(a);
    const y = parseCalendarText(b);
    if (x && y) return compareCalendar(x, y, timeZone);
    return a < b ? -1 : 1;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return undefined;
}

function compareCalendar(a: CalendarValue, b: CalendarValue, timeZone: string): -1 | 0 | 1 {
  const [x, y] =
    a.kind === 'date' && b.kind === 'date'
      ? [epochDay(a.date), epochDay(b.date)]
      : [instantOf(a, timeZone), instantOf(b, timeZone)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function rejectCollections(value: Exclude<Value, null>): void {
  if (Array.isArray(value) || value instanceof RecordValue) {
    throw new ValueProblem('expression.type', `cannot compare ${describeValue(value)}`);
  }
}
