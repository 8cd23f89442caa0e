/**
 * Converting between API values and column values. The API speaks JSON: numbers as numbers,
 * dates as `YYYY-MM-DD`, date-times as ISO strings, lists as arrays. The database keeps money in
 * exact `numeric` columns.
 */
import type { ValueFamily } from '@pipewright/engines';
import type { ColumnLayout } from '../schema/layout.ts';

/** A value ready to bind as a parameter for a column of this family. */
export function toColumnValue(family: ValueFamily, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (family === 'json') return JSON.stringify(value);
  return value;
}

/** A value read from the database (either driver, or inside json_agg) as the API shows it. */
export function fromColumnValue(family: ValueFamily, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (family) {
    case 'number':
    case 'integer':
    case 'id':
      return typeof value === 'number' ? value : Number(value);
    case 'idList':
      return (value as unknown[]).map((v) => (typeof v === 'number' ? v : Number(v)));
    case 'datetime':
      return value instanceof Date ? value.toISOString() : isoDateTime(String(value));
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
    case 'json':
      return typeof value === 'string' ? JSON.parse(value) : value;
    default:
      return value;
  }
}

/**
 * A UTC date-time in the text PostgreSQL prints for a `timestamptz` in a UTC session
 * (`2026-11-22 08:30:00.123456+00`, also inside JSON as `2026-11-22T08:30:00.123456+00:00`) as
 * the API's ISO string with milliseconds, without building a `Date`; any other text (another
 * offset, years beyond 9999, BC) goes through `Date`.
 *
 * ```ts
 * isoDateTime('2026-11-22 08:30:00.5+00') // '2026-11-22T08:30:00.500Z'
 * ```
 */
export function isoDateTime(text: string): string {
  const zone = text.endsWith('+00') ? 3 : text.endsWith('+00:00') ? 6 : text.endsWith('Z') ? 1 : 0;
  const separator = text.charCodeAt(10);
  if (zone > 0 && (separator === 32 || separator === 84) && text.charCodeAt(4) === 45 && text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58) {
    const end = text.length - zone;
    if (end === 19) return `${text.slice(0, 10)}T${text.slice(11, 19)}.000Z`;
    if (text.charCodeAt(19) === 46 && end > 20 && end <= 26) return `${text.slice(0, 10)}T${text.slice(11, 20)}${text.slice(20, Math.min(end, 23)).padEnd(3, '0')}Z`;
  }
  return new Date(text).toISOString();
}

/**
 * Converts rows of the given columns to API records, prepared once for decoding many rows (a list
 * page): columns not selected are skipped, and comparison keys (`…__key`) stay inside.
 */
export function rowDecoder(columns: readonly ColumnLayout[]): (row: Record<string, unknown>) => Record<string, unknown> {
  const shown = columns.filter((c) => !c.name.endsWith('__key'));
  return (row) => {
    const record: Record<string, unknown> = {};
    for (const column of shown) {
      if (!Object.hasOwn(row, column.name)) continue;
      const value = row[column.name];
      record[column.name] = fromColumnValue(column.family, value);
    }
    return record;
  };
}
