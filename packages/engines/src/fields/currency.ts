import type { CurrencyField } from '@pipewright/metadata';
import { comparisonOperators, defineFieldType } from './field-type.ts';
import { fitsScale, numberSchema } from './number-schema.ts';

export const currency = defineFieldType<CurrencyField>({
  type: 'currency',
  column: (field) => ({ sql: `numeric(20,${field.scale ?? 2})`, family: 'number' }),
  valueSchema: (field) => numberSchema(field.min, field.max, field.scale ?? 2),
  check: (value, field) =>
    fitsScale(Number(value), field.scale ?? 2) ? undefined : `must have at most ${field.scale ?? 2} decimal places`,
  operators: comparisonOperators,
  sortable: true,
  writable: true,
});
