/**
 * Every field type's widget, keyed by its `type`: the runner's one place to ask how a value is
 * shown and edited. Adding a field type means one module in this folder and one entry here; the
 * type system refuses a registry that misses a type of the metadata's `Field` union.
 *
 * @example
 * const widget = widgetOf(field);
 * <widget.Display field={field} value={record[field.key]} />
 */
import type { Field } from '@pipewright/metadata';
import { attachment } from './attachment.tsx';
import { autoNumber } from './auto-number.tsx';
import { boolean } from './boolean.tsx';
import { cascade } from './cascade.tsx';
import { currency } from './currency.tsx';
import { date } from './date.tsx';
import { datetime } from './datetime.tsx';
import { department } from './department.tsx';
import { email } from './email.tsx';
import type { FieldWidget } from './field-widget.ts';
import { formula } from './formula.tsx';
import { image } from './image.tsx';
import { lineItems } from './line-items.tsx';
import { location } from './location.tsx';
import { longText } from './long-text.tsx';
import { multiSelect } from './multi-select.tsx';
import { number } from './number.tsx';
import { percent } from './percent.tsx';
import { phone } from './phone.tsx';
import { rating } from './rating.tsx';
import { region } from './region.tsx';
import { relation } from './relation.tsx';
import { richText } from './rich-text.tsx';
import { signature } from './signature.tsx';
import { singleSelect } from './single-select.tsx';
import { text } from './text.tsx';
import { url } from './url.tsx';
import { user } from './user.tsx';
import { installWidgetLookup } from './widget-lookup.ts';

type Registry = { [T in Field['type']]: FieldWidget<Extract<Field, { type: T }>> };

export const fieldWidgets: Registry = {
  text, longText, richText, number, currency, percent, date, datetime, boolean, singleSelect,
  multiSelect, cascade, region, user, department, relation, lineItems, attachment, image, formula,
  autoNumber, email, phone, url, rating, signature, location,
};

/** The widget of a field's type. */
export function widgetOf<F extends Field>(field: F): FieldWidget<F> {
  return fieldWidgets[field.type] as unknown as FieldWidget<F>;
}

installWidgetLookup(widgetOf);
