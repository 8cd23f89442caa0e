/**
 * Formula: computed from other fields. The server stores it on every write; the record page
 * computes it live with the same engines code (`computeFormulas`), so this widget only shows the
 * value it is given, in the way its result type reads.
 */
import type { ComponentType } from 'react';
import type { Field, FormulaField } from '@pipewright/metadata';
import { boolean } from './boolean.tsx';
import { currency } from './currency.tsx';
import { date } from './date.tsx';
import { datetime } from './datetime.tsx';
import { defineWidget, type DisplayProps } from './field-widget.ts';
import { number } from './number.tsx';
import { percent } from './percent.tsx';
import { text } from './text.tsx';

const displays = { number, currency, percent, date, datetime, boolean, text } as const;

/** The formula as a plain field of its result type, so that type's display shows it. */
function asResultField(field: FormulaField): Field {
  const { key, label } = field;
  switch (field.resultType) {
    case 'number':
    case 'currency':
    case 'percent':
      return { key, label, type: field.resultType, ...(field.scale === undefined ? {} : { scale: field.scale }) };
    default:
      return { key, label, type: field.resultType };
  }
}

function FormulaDisplay({ field, value, record }: DisplayProps<FormulaField>) {
  const Display = displays[field.resultType].Display as ComponentType<DisplayProps>;
  return <Display field={asResultField(field)} value={value} record={record} />;
}

export const formula = defineWidget<FormulaField>({
  type: 'formula',
  computed: true,
  width: 140,
  align: (field) => (['number', 'currency', 'percent'].includes(field.resultType) ? 'right' : undefined),
  Display: FormulaDisplay,
  Input: ({ field, value, id }) => (
    <span id={id} className="pw-computed">
      <FormulaDisplay field={field} value={value} />
    </span>
  ),
});
