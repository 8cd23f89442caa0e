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

/** Digits before the point that each numeric column of a formula holds (`numeric(20,2)` → 18). */
const integerDigits: Partial<Record<FormulaField['resultType'], number>> = { currency: 18, percent: 8 };

function columnOf(field: FormulaField): ColumnType {
  return field.scale !== undefined && ['number', 'currency', 'percent'].includes(field.resultType)
    ? { sql: `numeric(30,${field.scale})`, family: 'number' }
    : columns[field.resultType];
}

/** Computed by the server on every write and stored, so lists can filter and sort by it. */
export const formula = defineFieldType<FormulaField>({
  type: 'formula',
  column: columnOf,
  /** A computed number must fit its column: PostgreSQL would refuse it with an overflow. */
  check: (value, field) => {
    if (typeof value !== 'number') return undefined;
    const digits = field.scale !== undefined && columnOf(field).sql.startsWith('numeric(30,') ? 30 - field.scale : integerDigits[field.resultType];
    return digits !== undefined && Math.abs(value) >= 10 ** digits ? `the computed value ${value} is too large to store (at most ${digits} digits before the point)` : undefined;
  },
  valueSchema: () => ({}),
  operators: [...new Set([...comparisonOperators, ...textOperators, ...dateOperators])],
  sortable: true,
  writable: false,
});
