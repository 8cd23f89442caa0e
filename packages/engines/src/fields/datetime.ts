import type { DatetimeField } from '@pipewright/metadata';
import { instantOf } from './calendar-values.ts';
import { dateOperators, defineFieldType } from './field-type.ts';

export const datetime = defineFieldType<DatetimeField>({
  type: 'datetime',
  column: () => ({ sql: 'timestamptz', family: 'datetime' }),
  valueSchema: () => ({ type: 'string', format: 'date-time' }),
  // Stored as the UTC instant; text that names no instant stays as sent, for the check to name.
  normalize: (value) => instantOf(String(value)) ?? value,
  check: (value) => (instantOf(String(value)) === undefined ? 'must be a date-time from 0001-01-01 to 9999-12-31 (UTC) with a time zone offset' : undefined),
  operators: dateOperators,
  sortable: true,
  writable: true,
});
