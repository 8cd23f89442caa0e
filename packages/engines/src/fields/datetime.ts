import type { DatetimeField } from '@pipewright/metadata';
import { dateOperators, defineFieldType } from './field-type.ts';

export const datetime = defineFieldType<DatetimeField>({
  type: 'datetime',
  column: () => ({ sql: 'timestamptz', family: 'datetime' }),
  valueSchema: () => ({ type: 'string', format: 'date-time' }),
  normalize: (value) => new Date(String(value)).toISOString(),
  operators: dateOperators,
  sortable: true,
  writable: true,
});
