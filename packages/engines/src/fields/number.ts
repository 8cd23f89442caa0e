import type { NumberField } from '@pipewright/metadata';
import { comparisonOperators, defineFieldType } from './field-type.ts';
import { numberSchema } from './number-schema.ts';

export const number = defineFieldType<NumberField>({
  type: 'number',
  column: (field) => ({ sql: field.scale === undefined ? 'numeric' : `numeric(30,${field.scale})`, family: 'number' }),
  valueSchema: (field) => numberSchema(field.min, field.max, field.scale),
  operators: comparisonOperators,
  sortable: true,
  writable: true,
});
