/** Number: right-aligned, grouped digits, the field's decimals. */
import type { NumberField } from '@pipewright/metadata';
import { useRunner } from '../app/runner-context.tsx';
import { defineWidget } from './field-widget.ts';
import { formatNumber } from './format.ts';
import { NumberInput } from './number-input.tsx';

function NumberDisplay({ field, value }: { field: NumberField; value: unknown }) {
  return <span>{formatNumber(value, useRunner().locale, field.scale)}</span>;
}

export const number = defineWidget<NumberField>({
  type: 'number',
  align: 'right',
  width: 110,
  Display: NumberDisplay,
  Input: (props) => <NumberInput {...props} />,
});
