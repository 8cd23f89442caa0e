import type { DateField } from '@pipewright/metadata';
import { isCalendarDate } from './calendar-values.ts';
import { dateOperators, defineFieldType } from './field-type.ts';

export const date = defineFieldType<DateField>({
  type: 'date',
  column: () => ({ sql: 'date', family: 'date' }),
  valueSchema: () => ({ type: 'string', format: 'date' }),
  check: (value, field) => {
    const s = String(value);
    if (!isCalendarDate(s)) return 'must be a date from 0001-01-01 to 9999-12-31';
    if (field.min !== undefined && s < field.min) return `must be on or after ${field.min}`;
    if (field.max !== undefined && s > field.max) return `must be on or before ${field.max}`;
    return undefined;
  },
  operators: dateOperators,
  sortable: true,
  writable: true,
});
