/**
 * The values an expression computes with, and how plain data crosses into and out of them.
 *
 * Inside, numbers are exact `Decimal`s, dates and datetimes are ISO text, a line-item column is
 * an array, and a line or related record is a `RecordValue`. Outside (`evaluate`'s result) there
 * are only JSON-like values: number, string, boolean, null, arrays and plain objects.
 */
import { Decimal } from './decimal.ts';
import { ValueProblem } from './errors.ts';

export type Value = null | boolean | string | Decimal | readonly Value[] | RecordValue;

/** What `evaluate` returns: plain data. */
export type ExpressionValue =
  number | string | boolean | null | readonly ExpressionValue[] | Readonly<Record<string, unknown>>;

/**
 * A record seen as a value (a line item, an expanded related record). Only its own properties
 * can be read, so `constructor` or `__proto__` are simply absent fields.
 */
export class RecordValue {
  constructor(readonly fields: object) {}

  get(key: string): unknown {
    return Object.hasOwn(this.fields, key)
      ? (this.fields as Record<string, unknown>)[key]
      : undefined;
  }
}

/** Text that is a plain decimal numeral, as databases return exact numbers: `-12.50`. */
const numeral = /^[+-]?\d+(?:\.\d+)?$/;

/** Lists inside lists deeper than this are refused rather than walked (data, not expressions, could nest without end). */
const MAX_LIST_NESTING = 8;

/** A plain value as an expression value. Arrays become arrays of values; objects become records. */
export function fromPlain(raw: unknown, nesting = 0): Value {
  switch (typeof raw) {
    case 'undefined':
      return null;
    case 'boolean':
    case 'string':
      return raw;
    case 'number':
      return Decimal.fromNumber(raw);
    case 'bigint':
      return Decimal.of(raw, 0);
    case 'object':
      if (raw === null) return null;
      if (raw instanceof Decimal || raw instanceof RecordValue) return raw;
      if (raw instanceof Date) {
        if (Number.isNaN(raw.getTime()))
          throw new ValueProblem('expression.value', 'an invalid Date was given as a value');
        return raw.toISOString();
      }
      if (Array.isArray(raw)) {
        if (nesting >= MAX_LIST_NESTING)
          throw new ValueProblem(
            'expression.value',
            `lists nested more than ${MAX_LIST_NESTING} deep cannot be read`,
          );
        return raw.map((item: unknown) => fromPlain(item, nesting + 1));
      }
      return new RecordValue(raw);
    default:
      throw new ValueProblem('expression.type', `a ${typeof raw} cannot be used as a value`);
  }
}

/** An expression value as plain data. */
export function toPlain(value: Value): ExpressionValue {
  if (value instanceof Decimal) return value.toNumber();
  if (value instanceof RecordValue) return value.fields as Readonly<Record<string, unknown>>;
  if (Array.isArray(value)) return value.map(toPlain);
  return value as ExpressionValue;
}

/** The number a value stands for: a `Decimal`, numeral text read exactly, else `undefined`. Null stays null. */
export function asNumber(value: Value): Decimal | null | undefined {
  if (value === null || value instanceof Decimal) return value;
  if (typeof value === 'string' && numeral.test(value)) return Decimal.parse(value);
  return undefined;
}

export function isList(value: Value): value is readonly Value[] {
  return Array.isArray(value);
}

/** Blank means null, empty text or an empty list (ISBLANK, COALESCE). */
export function isBlank(value: Value): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * A value as text, as `&` and the text functions see it: null → '', numbers in plain decimal
 * notation, booleans as TRUE / FALSE. Lists and records are not text.
 */
export function toText(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Decimal) return value.toString();
  throw new ValueProblem('expression.type', `${describeValue(value)} cannot be used as text`);
}

/** A condition's truth: null counts as false; anything but a boolean is a type problem. */
export function toCondition(value: Value): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  throw new ValueProblem(
    'expression.type',
    `a condition must be TRUE or FALSE, not ${describeValue(value)}`,
  );
}

/** A short description of a value for messages: `the text 'abc'`, `the number 12.5`. */
export function describeValue(value: Value): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string')
    return `the text '${value.length > 30 ? `${value.slice(0, 30)}…` : value}'`;
  if (value instanceof Decimal) return `the number ${value.toString()}`;
  if (value instanceof RecordValue) return 'a record';
  return `a list of ${value.length} values (a line-item column must be aggregated with SUM, AVG, MIN, MAX or COUNT)`;
}
