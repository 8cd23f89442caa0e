/** Currency: an amount in the field's currency (CNY unless it names another). */
import type { CurrencyField } from '@pipewright/metadata';
import { useRunner } from '../app/runner-context.tsx';
import { defineWidget } from './field-widget.ts';
import { formatCurrency } from './format.ts';
import { NumberInput } from './number-input.tsx';

function CurrencyDisplay({ field, value }: { field: CurrencyField; value: unknown }) {
  return <span>{formatCurrency(value, useRunner().locale, field.currency, field.scale ?? 2)}</span>;
}

const symbols: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$', JPY: '¥', GBP: '£' };

export const currency = defineWidget<CurrencyField>({
  type: 'currency',
  align: 'right',
  width: 140,
  Display: CurrencyDisplay,
  Input: (props) => <NumberInput {...props} prefix={symbols[props.field.currency ?? 'CNY'] ?? props.field.currency} />,
});
