import type { NumberField } from '@pipewright/metadata';
import { comparisonOperators, defineFieldType } from './field-type.ts';
import { checkScale, numberSchema, numericSql, type NumericColumn } from './number-schema.ts';

/** With a scale: `numeric(30, scale)`; without: `numeric`, which holds any decimal exactly. */
const numericColumn = (field: NumberField): NumericColumn | undefined => (field.scale === undefined ? undefined : { precision: 30, scale: field.scale });

export const number = defineFieldType<NumberField>({
  type: 'number',
  column: (field) => {
    const numeric = numericColumn(field);
    return { sql: numeric ? numericSql(numeric) : 'numeric', family: 'number' };
  },
  valueSchema: (field) => numberSchema(field.min, field.max, numericColumn(field)),
  check: (value, field) => checkScale(value, numericColumn(field)),
  operators: comparisonOperators,
  sortable: true,
  writable: true,
});
