import type { LineItemsField } from '@pipewright/metadata';
import { defineFieldType, presenceOperators } from './field-type.ts';

/** Line items live in a child table; their values are validated item by item by the record schema. */
export const lineItems = defineFieldType<LineItemsField>({
  type: 'lineItems',
  column: () => undefined,
  valueSchema: (field) => ({
    type: 'array',
    maxItems: field.maxItems ?? 1000,
    ...(field.minItems !== undefined ? { minItems: field.minItems } : {}),
  }),
  operators: presenceOperators,
  sortable: false,
  writable: true,
});
