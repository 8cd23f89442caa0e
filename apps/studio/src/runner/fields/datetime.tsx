/** Date and time: an instant, shown in the browser's time zone to the minute. */
import dayjs from 'dayjs';
import type { DatetimeField } from '@pipewright/metadata';
import { defineWidget } from './field-widget.ts';
import { formatInstant } from './format.ts';
import { DatePicker } from './lazy-inputs.tsx';

export const datetime = defineWidget<DatetimeField>({
  type: 'datetime',
  width: 160,
  Display: ({ value }) => <span>{formatInstant(value)}</span>,
  Input: ({ value, onChange, id, disabled, invalid, placeholder }) => (
    <DatePicker
      id={id}
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      style={{ width: '100%' }}
      value={typeof value === 'string' && value ? dayjs(value) : null}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      placeholder={placeholder}
      onChange={(moment) => onChange(moment ? moment.toISOString() : null)}
    />
  ),
});
