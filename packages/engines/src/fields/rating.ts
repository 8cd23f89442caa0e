import type { RatingField } from '@pipewright/metadata';
import { comparisonOperators, defineFieldType } from './field-type.ts';

export const rating = defineFieldType<RatingField>({
  type: 'rating',
  column: () => ({ sql: 'smallint', family: 'integer' }),
  valueSchema: (field) => ({ type: 'integer', minimum: 0, maximum: field.max ?? 5 }),
  operators: comparisonOperators,
  sortable: true,
  writable: true,
});
