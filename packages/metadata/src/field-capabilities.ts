/**
 * What each field type supports, declared once: the field schema's common properties are
 * generated from this table (`pnpm gen` writes them into `schemas/field.schema.json`, so `unique`
 * is offered only where a field type can be unique), and the engines and reference checks read
 * the same table (decision 045). A new field type is one entry here, its `$defs` branch with the
 * properties only it has, and its module in `packages/engines/src/fields/`.
 *
 * No imports but types: the generator runs this file before the generated types exist.
 */
import type { Field } from './generated/types.ts';

export type FieldTypeName = Field['type'];

export interface FieldCapabilities {
  /** The type a formula reads (`list<text>` for multi-value fields); `byField` when it depends on the field's settings. */
  expression: 'number' | 'text' | 'boolean' | 'date' | 'datetime' | 'list<text>' | 'rows' | 'unknown' | 'byField';
  /** SUM and AVG apply (reports, formulas over line items). */
  aggregatable: boolean;
  /** `unique` may be set: one scalar column compared for equality. Never inside line items. */
  unique: boolean;
  /** `indexed` may be set: one scalar column a B-tree can order. */
  indexed: boolean;
  /** `searchable` may be set: text that search matches. */
  searchable: boolean;
  /** The field may be a field of line items. */
  inLineItems: boolean;
}

const scalar = { aggregatable: false, unique: false, indexed: true, searchable: false, inLineItems: true } as const;
const textual = { ...scalar, expression: 'text', unique: true, searchable: true } as const;
const numeric = { ...scalar, expression: 'number', aggregatable: true } as const;
const stored = { ...scalar, expression: 'unknown', indexed: false } as const;

/** Every field type, in the order the schema lists them. */
export const fieldCapabilities: { readonly [T in FieldTypeName]: FieldCapabilities } = {
  text: textual,
  longText: { ...textual, indexed: false },
  richText: { ...textual, unique: false, indexed: false },
  number: { ...numeric, unique: true },
  currency: { ...numeric, unique: true },
  percent: numeric,
  date: { ...scalar, expression: 'date', unique: true },
  datetime: { ...scalar, expression: 'datetime', unique: true },
  boolean: { ...scalar, expression: 'boolean' },
  singleSelect: { ...scalar, expression: 'text' },
  multiSelect: { ...stored, expression: 'list<text>' },
  cascade: { ...stored, expression: 'list<text>' },
  region: { ...stored, expression: 'list<text>' },
  user: { ...scalar, expression: 'byField' },
  department: { ...scalar, expression: 'byField' },
  relation: { ...scalar, expression: 'unknown', unique: true },
  lineItems: { ...stored, expression: 'rows', inLineItems: false },
  attachment: stored,
  image: stored,
  formula: { ...scalar, expression: 'byField', aggregatable: true },
  autoNumber: { ...textual, unique: false },
  email: textual,
  phone: textual,
  url: textual,
  rating: numeric,
  signature: stored,
  location: stored,
};

/** Whether `field` asks for a unique value (only types that can be unique offer the property). */
export function isUniqueField(field: Field): boolean {
  return 'unique' in field && field.unique === true;
}

/** Whether `field` is marked searchable. */
export function isSearchableField(field: Field): boolean {
  return 'searchable' in field && field.searchable === true;
}

/** Whether `field` asks for an index. */
export function isIndexedField(field: Field): boolean {
  return 'indexed' in field && field.indexed === true;
}
