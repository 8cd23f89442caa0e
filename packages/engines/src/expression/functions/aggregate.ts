/**
 * Aggregates over arguments and line-item columns: SUM, AVG, COUNT, MIN, MAX. Each argument may
 * be a single value or a column such as `products.line_total`; columns are spread out and null
 * values skipped. `SUM(products.line_total, shipping_fee)` adds the lines and the fee.
 */
import { compareValues } from '../comparison.ts';
import { Decimal } from '../decimal.ts';
import { elementType, mergeTypes, type ExpressionType } from '../types.ts';
import { asNumber, describeValue, type Value } from '../values.ts';
import type { FunctionArguments, FunctionDefinition } from './definition.ts';

/** The non-null numbers of all arguments, columns spread out. */
function numbers(args: FunctionArguments, name: string): Decimal[] {
  const found: Decimal[] = [];
  for (let i = 0; i < args.count; i++) {
    const value = args.value(i);
    for (const item of Array.isArray(value) ? (value as Value[]) : [value]) {
      const number = asNumber(item);
      if (number === undefined)
        args.fail(
          i,
          'expression.type',
          `${name} adds numbers, but argument ${i + 1} holds ${describeValue(item)}`,
        );
      if (number !== null) found.push(number);
    }
  }
  return found;
}

function extreme(name: 'MIN' | 'MAX', direction: 1 | -1, summary: string): FunctionDefinition {
  return {
    name,
    family: 'aggregate',
    signature: `${name}(value, …)`,
    summary,
    parameters: ['comparables'],
    minArgs: 1,
    maxArgs: Infinity,
    nulls: 'handle',
    returns: (types) => types.map((t): ExpressionType => elementType(t)).reduce(mergeTypes, 'null'),
    evaluate(args) {
      let best: Value = null;
      for (const value of args.spread()) {
        if (value === null) continue;
        if (best === null || compareValues(value, best, args.clock.timeZone) === direction)
          best = value;
      }
      return best;
    },
  };
}

export const aggregateFunctions: readonly FunctionDefinition[] = [
  {
    name: 'SUM',
    family: 'aggregate',
    signature: 'SUM(number, …)',
    summary:
      'The exact total of the numbers and columns given, nulls skipped; 0 when there are none: SUM(products.line_total).',
    parameters: ['numbers'],
    minArgs: 1,
    maxArgs: Infinity,
    nulls: 'handle',
    returns: 'number',
    evaluate: (args) => numbers(args, 'SUM').reduce((total, n) => total.add(n), Decimal.zero),
  },
  {
    name: 'AVG',
    family: 'aggregate',
    signature: 'AVG(number, …)',
    summary:
      'The average of the numbers and columns given, nulls skipped; NULL when there are none.',
    parameters: ['numbers'],
    minArgs: 1,
    maxArgs: Infinity,
    nulls: 'handle',
    returns: 'number',
    evaluate(args) {
      const values = numbers(args, 'AVG');
      if (values.length === 0) return null;
      return (
        values
          .reduce((total, n) => total.add(n), Decimal.zero)
          .divide(Decimal.fromInteger(values.length)) ?? null
      );
    },
  },
  {
    name: 'COUNT',
    family: 'aggregate',
    signature: 'COUNT(value, …)',
    summary:
      'How many non-null values: COUNT(products) counts the lines, COUNT(products.discount) the lines with a discount.',
    parameters: ['values'],
    minArgs: 1,
    maxArgs: Infinity,
    nulls: 'handle',
    returns: 'number',
    evaluate: (args) => Decimal.fromInteger(args.spread().filter((value) => value !== null).length),
  },
  extreme(
    'MIN',
    -1,
    'The smallest of the numbers, dates or texts given (columns spread out, nulls skipped); NULL when there are none.',
  ),
  extreme(
    'MAX',
    1,
    'The largest of the numbers, dates or texts given (columns spread out, nulls skipped); NULL when there are none.',
  ),
];
