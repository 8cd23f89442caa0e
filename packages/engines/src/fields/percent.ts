import type { PercentField } from '@pipewright/metadata';
import { comparisonOperators, defineFieldType } from './field-type.ts';
import { numberSchema } from './number-schema.ts';

export const percent = defineFieldType<PercentField>({
  type: 'percent',
  column: (field) => ({ sql: `numeric(12,${field.scale ?? 4})`, family: 'number' }),
  valueSchema: (field) => numberSchema(field.min ?? -1e6, field.max ?? 1e6, field.scale),
  operators: comparisonOperators,
  sortable: true,
  writable: true,
});
