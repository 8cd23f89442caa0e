import type { FormulaField } from '@pipewright/metadata';
import { comparisonOperators, dateOperators, defineFieldType, textOperators, type ColumnType } from './field-type.ts';

const columns: Record<FormulaField['resultType'], ColumnType> = {
  number: { sql: 'numeric', family: 'number' },
  currency: { sql: 'numeric(20,2)', family: 'number' },
  percent: { sql: 'numeric(12,4)', family: 'number' },
  text: { sql: 'text', family: 'text' },
  date: { sql: 'date', family: 'date' },
  datetime: { sql: 'timestamptz', family: 'datetime' },
  boolean: { sql: 'boolean', family: 'boolean' },
};

/** Computed by the server on every write and stored, so lists can filter and sort by it. */
export const formula = defineFieldType<FormulaField>({
  type: 'formula',
  column: (field) =>
    field.scale !== undefined && ['number', 'currency', 'percent'].includes(field.resultType)
      ? { sql: `numeric(30,${field.scale})`, family: 'number' }
      : columns[field.resultType],
  valueSchema: () => ({}),
  operators: [...new Set([...comparisonOperators, ...textOperators, ...dateOperators])],
  sortable: true,
  writable: false,
});
