/**
 * Every field type, keyed by its `type`. Adding a field type: one file in this folder (its column,
 * value schema, checks, operators), one entry here, and in packages/metadata its capabilities
 * (`src/field-capabilities.ts`: expression type, aggregatable, unique, indexed, searchable, in
 * line items) and its own properties in `schemas/field.schema.json`, whose common part
 * `pnpm gen` writes from the capabilities (decision 045).
 */
import type { Field } from '@pipewright/metadata';
import { attachment } from './attachment.ts';
import { autoNumber } from './auto-number.ts';
import { boolean } from './boolean.ts';
import { cascade } from './cascade.ts';
import { currency } from './currency.ts';
import { date } from './date.ts';
import { datetime } from './datetime.ts';
import { department } from './department.ts';
import { email } from './email.ts';
import { comparisonOperators, dateOperators, equalityOperators, textOperators, type FieldType } from './field-type.ts';
import type { FilterOperator } from '@pipewright/metadata';
import { formula } from './formula.ts';
import { image } from './image.ts';
import { lineItems } from './line-items.ts';
import { location } from './location.ts';
import { longText } from './long-text.ts';
import { multiSelect } from './multi-select.ts';
import { number } from './number.ts';
import { percent } from './percent.ts';
import { phone } from './phone.ts';
import { rating } from './rating.ts';
import { region } from './region.ts';
import { relation } from './relation.ts';
import { richText } from './rich-text.ts';
import { signature } from './signature.ts';
import { singleSelect } from './single-select.ts';
import { text } from './text.ts';
import { url } from './url.ts';
import { user } from './user.ts';

type Registry = { [T in Field['type']]: FieldType<Extract<Field, { type: T }>> };

export const fieldTypes: Registry = {
  text, longText, richText, number, currency, percent, date, datetime, boolean, singleSelect,
  multiSelect, cascade, region, user, department, relation, lineItems, attachment, image, formula,
  autoNumber, email, phone, url, rating, signature, location,
};

/** The definition of a field's type. */
export function fieldTypeOf<F extends Field>(field: F): FieldType<F> {
  return fieldTypes[field.type] as unknown as FieldType<F>;
}

/**
 * The filter operators that apply to a field: its type's, and for a formula those of the value it
 * computes (`within` on a date, `contains` on a text, neither on a number).
 *
 * @example
 * operatorsOf({ type: 'formula', resultType: 'currency', … }).includes('within') // false
 */
export function operatorsOf(field: Field): readonly FilterOperator[] {
  if (field.type !== 'formula') return fieldTypeOf(field).operators;
  switch (field.resultType) {
    case 'text':
      return textOperators;
    case 'date':
    case 'datetime':
      return dateOperators;
    case 'boolean':
      return equalityOperators;
    default:
      return comparisonOperators;
  }
}
