import type { BooleanField } from '@pipewright/metadata';
import { defineFieldType } from './field-type.ts';

export const boolean = defineFieldType<BooleanField>({
  type: 'boolean',
  column: () => ({ sql: 'boolean', family: 'boolean' }),
  valueSchema: () => ({ type: 'boolean' }),
  operators: ['eq', 'ne', 'isEmpty', 'isNotEmpty'],
  sortable: true,
  writable: true,
});
