import type { LongTextField } from '@pipewright/metadata';
import { defineFieldType, textOperators } from './field-type.ts';

export const longText = defineFieldType<LongTextField>({
  type: 'longText',
  column: () => ({ sql: 'text', family: 'text' }),
  valueSchema: (field) => ({ type: 'string', maxLength: field.maxLength ?? 100_000 }),
  operators: textOperators,
  sortable: false,
  writable: true,
});
