import type { ValueSchema } from './field-type.ts';

/** A `numeric(precision, scale)` column: `precision` digits in all, `scale` of them after the point. */
export interface NumericColumn {
  precision: number;
  scale: number;
}

/** The Postgres type of a numeric column: `numeric(20,2)`. */
export function numericSql(column: NumericColumn): string {
  return `numeric(${column.precision},${column.scale})`;
}

/**
 * JSON Schema of a finite number within optional bounds (±10^15 when unset) that its column can
 * hold: below 10^(precision − scale) in magnitude, so PostgreSQL never reports an overflow.
 *
 * @example
 * numberSchema(undefined, undefined, { precision: 12, scale: 4 })
 * // { type: 'number', minimum: -1e15, maximum: 1e15, exclusiveMinimum: -1e8, exclusiveMaximum: 1e8, 'x-scale': 4 }
 */
export function numberSchema(min: number | undefined, max: number | undefined, column: NumericColumn | undefined): ValueSchema {
  const minimum = min ?? -1e15;
  const maximum = max ?? 1e15;
  const schema: ValueSchema = { type: 'number', minimum, maximum };
  if (column === undefined) return schema;
  const limit = 10 ** (column.precision - column.scale);
  if (-limit >= minimum) schema.exclusiveMinimum = -limit;
  if (limit <= maximum) schema.exclusiveMaximum = limit;
  schema['x-scale'] = column.scale;
  return schema;
}

/**
 * The problem with a number for its column beyond its schema: more decimals than the scale
 * (PostgreSQL would round 1.5 to 2 in silence), or undefined when it fits.
 */
export function checkScale(value: unknown, column: NumericColumn | undefined): string | undefined {
  if (column === undefined || typeof value !== 'number') return undefined;
  return fitsScale(value, column.scale) ? undefined : column.scale === 0 ? 'must be a whole number' : `must have at most ${column.scale} decimal places`;
}

/** Whether `value` has no more than `scale` digits after the decimal point. */
export function fitsScale(value: number, scale: number): boolean {
  const [, decimals = ''] = String(value).split('.');
  if (String(value).includes('e')) return Number(value.toFixed(scale)) === value;
  return decimals.length <= scale;
}
