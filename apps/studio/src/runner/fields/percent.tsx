/** Percent: the stored number is the percentage itself (15 means 15 %). */
import type { PercentField } from '@pipewright/metadata';
import { useRunner } from '../app/runner-context.tsx';
import { defineWidget, isEmptyValue } from './field-widget.ts';
import { formatNumber } from './format.ts';
import { NumberInput } from './number-input.tsx';

function PercentDisplay({ field, value }: { field: PercentField; value: unknown }) {
  const { locale } = useRunner();
  return <span>{isEmptyValue(value) ? '' : `${formatNumber(value, locale, field.scale)}%`}</span>;
}

export const percent = defineWidget<PercentField>({
  type: 'percent',
  align: 'right',
  width: 100,
  Display: PercentDisplay,
  Input: (props) => <NumberInput {...props} suffix="%" />,
});
