/** Date: a calendar day, `YYYY-MM-DD`. */
import dayjs from 'dayjs';
import type { DateField } from '@pipewright/metadata';
import { defineWidget } from './field-widget.ts';
import { formatDate } from './format.ts';
import { DatePicker } from './lazy-inputs.tsx';

export const date = defineWidget<DateField>({
  type: 'date',
  width: 120,
  Display: ({ value }) => <span>{formatDate(value)}</span>,
  Input: ({ field, value, onChange, id, disabled, invalid, placeholder }) => (
    <DatePicker
      id={id}
      style={{ width: '100%' }}
      value={typeof value === 'string' && value ? dayjs(value) : null}
      minDate={field.min ? dayjs(field.min) : undefined}
      maxDate={field.max ? dayjs(field.max) : undefined}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      placeholder={placeholder}
      onChange={(day) => onChange(day ? day.format('YYYY-MM-DD') : null)}
    />
  ),
});
