import type { AutoNumberField } from '@pipewright/metadata';
import { defineFieldType, textOperators } from './field-type.ts';

/** Assigned by the server from a per-period counter; see `formatAutoNumber`. */
export const autoNumber = defineFieldType<AutoNumberField>({
  type: 'autoNumber',
  column: () => ({ sql: 'text', family: 'text' }),
  valueSchema: () => ({ type: 'string' }),
  operators: textOperators,
  sortable: true,
  writable: false,
});
