/** The numeric input shared by number, currency and percent: bounds and decimals from the field. */
import type { CurrencyField, NumberField, PercentField } from '@pipewright/metadata';
import type { InputProps } from './field-widget.ts';
import { InputNumber } from './lazy-inputs.tsx';

export function NumberInput({ field, value, onChange, id, disabled, invalid, placeholder, prefix, suffix }: InputProps<NumberField | CurrencyField | PercentField> & { prefix?: string; suffix?: string }) {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : null;
  return (
    <InputNumber
      id={id}
      style={{ width: '100%' }}
      value={number}
      min={field.min}
      max={field.max}
      precision={field.scale}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      placeholder={placeholder}
      prefix={prefix}
      suffix={suffix}
      onChange={(next) => onChange(next ?? null)}
    />
  );
}
