import type { MultiSelectField } from '@pipewright/metadata';
import { defineFieldType, listOperators } from './field-type.ts';

export const multiSelect = defineFieldType<MultiSelectField>({
  type: 'multiSelect',
  column: () => ({ sql: 'text[]', family: 'textList' }),
  valueSchema: (field) => ({
    type: 'array',
    uniqueItems: true,
    maxItems: field.maxSelected ?? field.options.length,
    items: { type: 'string', enum: field.options.map((o) => o.value) },
  }),
  operators: [...listOperators, 'in'],
  sortable: false,
  writable: true,
});
