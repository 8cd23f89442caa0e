import type { PercentField } from '@pipewright/metadata';
import { comparisonOperators, defineFieldType } from './field-type.ts';
import { checkScale, numberSchema, numericSql, type NumericColumn } from './number-schema.ts';

const numericColumn = (field: PercentField): NumericColumn => ({ precision: 12, scale: field.scale ?? 4 });

export const percent = defineFieldType<PercentField>({
  type: 'percent',
  column: (field) => ({ sql: numericSql(numericColumn(field)), family: 'number' }),
  valueSchema: (field) => numberSchema(field.min ?? -1e6, field.max ?? 1e6, numericColumn(field)),
  check: (value, field) => checkScale(value, numericColumn(field)),
  operators: comparisonOperators,
  sortable: true,
  writable: true,
});
