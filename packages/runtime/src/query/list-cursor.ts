/**
 * The cursor of a list page: the sort values of the page's last row, as JSON in base64url. Sort
 * values travel as PostgreSQL's own text (`(expr)::text`), so microseconds and long numerics
 * survive exactly; the id, last, as a number. A cursor comes back from the client, so before its
 * values are cast to the sort columns' types each must be text that type reads: a forged
 * `["abc"]` is a 400 at `/cursor`, not a failed cast.
 *
 * @example
 * const cursor = encodeCursor(['date', 'id'], { _k0: '2026-11-22', id: 42 }, ['_k0', 'id']);
 * decodeCursor(cursor, ['date', 'id']) // ['2026-11-22', 42]
 */
import { isCalendarDate, isRecordId, PipewrightError, type Scalar, type ValueFamily } from '@pipewright/engines';

const maxCursorLength = 4000;
const bigintMax = 9_223_372_036_854_775_807n;
const numeral = /^-?\d+(?:\.\d+)?$/;
const integer = /^-?\d{1,19}$/;
// timestamptz as PostgreSQL prints it in a UTC session: 2026-11-22 08:30:00.123456+00
const timestamp = /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?[+-]\d{2}(?::\d{2}){0,2}$/;

/** The cursor after `row`, whose sort values are in the columns `aliases` (the id last, as `id`). */
export function encodeCursor(aliases: readonly string[], row: Record<string, unknown>): string {
  const values = aliases.map((alias) => {
    const raw = row[alias];
    return raw === undefined || raw === null ? null : alias === 'id' ? Number(raw) : String(raw);
  });
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * The sort values of a cursor, one per key, each checked against the family of its column (the
 * last key is the id). Throws `query.invalid` at `/cursor` for anything else.
 */
export function decodeCursor(cursor: string, families: readonly ValueFamily[]): (Scalar | null)[] {
  let values: unknown;
  try {
    if (cursor.length > maxCursorLength) throw new Error('too long');
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return refuse();
  }
  if (!Array.isArray(values) || values.length !== families.length) return refuse();
  const last = families.length - 1;
  values.forEach((value, i) => {
    if (i === last ? !isRecordId(value) : value !== null && !(typeof value === 'string' && readsAs(families[i]!, value))) refuse();
  });
  return values as (Scalar | null)[];
}

/** Whether PostgreSQL reads `text` as a value of a column of this family without an error. */
function readsAs(family: ValueFamily, text: string): boolean {
  switch (family) {
    case 'text':
      return !text.includes('\u0000');
    case 'number':
      return numeral.test(text);
    case 'integer':
    case 'id':
      return integer.test(text) && BigInt(text) <= bigintMax && BigInt(text) >= -bigintMax;
    case 'boolean':
      return text === 'true' || text === 'false';
    case 'date':
      return isCalendarDate(text);
    case 'datetime': {
      const match = timestamp.exec(text);
      return match !== null && isCalendarDate(match[1]!);
    }
    default:
      return false; // lists and JSON are not sortable
  }
}

function refuse(): never {
  const message = 'is not a cursor of this list (the sort may have changed); start from the first page';
  throw new PipewrightError('query.invalid', `Invalid query: /cursor ${message}`, [{ path: '/cursor', code: 'query.invalid', message }]);
}
