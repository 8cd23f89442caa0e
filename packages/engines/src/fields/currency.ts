import type { CurrencyField } from '@pipewright/metadata';
import { comparisonOperators, defineFieldType } from './field-type.ts';
import { checkScale, numberSchema, numericSql, type NumericColumn } from './number-schema.ts';

const numericColumn = (field: CurrencyField): NumericColumn => ({ precision: 20, scale: field.scale ?? 2 });

export const currency = defineFieldType<CurrencyField>({
  type: 'currency',
  column: (field) => ({ sql: numericSql(numericColumn(field)), family: 'number' }),
  valueSchema: (field) => numberSchema(field.min, field.max, numericColumn(field)),
  check: (value, field) => checkScale(value, numericColumn(field)),
  operators: comparisonOperators,
  sortable: true,
  writable: true,
});
