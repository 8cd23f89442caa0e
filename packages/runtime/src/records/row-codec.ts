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
      return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
    case 'json':
      return typeof value === 'string' ? JSON.parse(value) : value;
    default:
      return value;
  }
}

/** Converts a row of the given columns to an API record (columns not selected are skipped). */
export function decodeRow(columns: readonly ColumnLayout[], row: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const column of columns) {
    if (!(column.name in row)) continue;
    if (column.name.endsWith('__key')) continue; // comparison keys stay inside
    record[column.name] = fromColumnValue(column.family, row[column.name]);
  }
  return record;
}
