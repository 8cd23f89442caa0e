/**
 * What Pipewright knows about one kind of field: its column, the JSON Schema of its value in API
 * bodies, how input is normalised and compared, and which filter operators apply. One file per
 * field type in this folder, all listed in `registry.ts`.
 */
import type { Field, FilterOperator } from '@pipewright/metadata';

/** The Postgres column a field is stored in (plain data; the runtime writes the DDL). */
export interface ColumnType {
  /** Postgres type name, e.g. `text`, `numeric(20,2)`, `bigint[]`. */
  sql: string;
  /** The value family, used when reading rows back and when converting between types. */
  family: ValueFamily;
}

export type ValueFamily =
  | 'text'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'id'
  | 'textList'
  | 'idList'
  | 'json';

/** A JSON Schema fragment (draft 2020-12) describing one value. */
export type ValueSchema = Record<string, unknown>;

export interface FieldType<F extends Field = Field> {
  readonly type: F['type'];
  /** The column on the record table, or undefined when the field lives elsewhere (child or join table). */
  column(field: F): ColumnType | undefined;
  /** JSON Schema of a non-null value a client may send. */
  valueSchema(field: F): ValueSchema;
  /** Cleans a valid input value before it is stored (trim, lower-case, strip phone punctuation …). */
  normalize?(value: unknown, field: F): unknown;
  /** Checks a normalised value beyond its JSON Schema; returns a message when it is not acceptable. */
  check?(value: unknown, field: F): string | undefined;
  /** The text unique checks compare; defaults to the stored value. */
  comparisonKey?(value: unknown, field: F): string;
  /** Filter operators that make sense on this type. */
  readonly operators: readonly FilterOperator[];
  /** Whether lists can be sorted by this field. */
  readonly sortable: boolean;
  /** Whether a client may write the value (formulas and auto-numbers are computed by the server). */
  readonly writable: boolean;
}

export const comparisonOperators: readonly FilterOperator[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'notIn', 'between', 'isEmpty', 'isNotEmpty'];
export const textOperators: readonly FilterOperator[] = [...comparisonOperators, 'contains', 'notContains', 'startsWith', 'endsWith'];
export const dateOperators: readonly FilterOperator[] = [...comparisonOperators, 'within'];
export const equalityOperators: readonly FilterOperator[] = ['eq', 'ne', 'in', 'notIn', 'isEmpty', 'isNotEmpty'];
export const listOperators: readonly FilterOperator[] = ['contains', 'notContains', 'isEmpty', 'isNotEmpty', 'eq', 'ne'];
export const presenceOperators: readonly FilterOperator[] = ['isEmpty', 'isNotEmpty'];

/** Declares a field type with the type checker's help: `defineFieldType<TextField>({ … })`. */
export function defineFieldType<F extends Field>(definition: FieldType<F>): FieldType<F> {
  return definition;
}
