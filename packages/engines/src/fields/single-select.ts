import type { SingleSelectField } from '@pipewright/metadata';
import { comparisonOperators, defineFieldType } from './field-type.ts';

export const singleSelect = defineFieldType<SingleSelectField>({
  type: 'singleSelect',
  column: () => ({ sql: 'text', family: 'text' }),
  valueSchema: (field) => ({ type: 'string', enum: field.options.map((o) => o.value) }),
  operators: comparisonOperators,
  sortable: true,
  writable: true,
});
