import { describe, expect, it } from 'vitest';
import { findFunction, listFunctions } from './registry.ts';

const required = [
  'IF',
  'IFS',
  'AND',
  'OR',
  'ISBLANK',
  'COALESCE',
  'ROUND',
  'ROUNDUP',
  'ROUNDDOWN',
  'ABS',
  'MIN',
  'MAX',
  'SUM',
  'AVG',
  'COUNT',
  'POWER',
  'MOD',
  'CONCAT',
  'LEFT',
  'RIGHT',
  'MID',
  'LEN',
  'UPPER',
  'LOWER',
  'TRIM',
  'CONTAINS',
  'TEXT',
  'TODAY',
  'NOW',
  'DATE',
  'YEAR',
  'MONTH',
  'DAY',
  'DAYS',
  'ADDDAYS',
  'ADDMONTHS',
  'HOURS',
  'BUSINESS_HOURS',
  'ADD_BUSINESS_HOURS',
  'BUSINESS_DAYS',
  'ADD_BUSINESS_DAYS',
  'IS_WORKDAY',
];

describe('function registry', () => {
  it('registers every function of the language exactly once', () => {
    expect(
      listFunctions()
        .map((fn) => fn.name)
        .sort(),
    ).toEqual([...required].sort());
  });

  it('finds functions in any letter case and nothing from Object.prototype', () => {
    expect(findFunction('round')?.name).toBe('ROUND');
    expect(findFunction('AddDays')?.name).toBe('ADDDAYS');
    expect(findFunction('constructor')).toBeUndefined();
    expect(findFunction('toString')).toBeUndefined();
  });

  it('documents every function with a signature that names it and a consistent arity', () => {
    for (const fn of listFunctions()) {
      expect(fn.signature.startsWith(`${fn.name}(`)).toBe(true);
      expect(fn.summary.length).toBeGreaterThan(10);
      expect(fn.minArgs).toBeLessThanOrEqual(fn.maxArgs);
      expect(fn.maxArgs === Infinity || fn.parameters.length >= fn.maxArgs).toBe(true);
    }
  });
});
