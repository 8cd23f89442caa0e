import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluator.ts';
import { parseExpression } from '../parser.ts';

const run = (text: string, record: Record<string, unknown> = {}) =>
  evaluate(parseExpression(text), { record, now: '2024-03-01T00:00:00Z' });

describe('math functions', () => {
  it.each([
    ['ROUND(1.005, 2)', 1.01],
    ['ROUND(2.675, 2)', 2.68],
    ['ROUND(1.015, 2)', 1.02],
    ['ROUND(-1.005, 2)', -1.01],
    ['ROUND(2.5)', 3],
    ['ROUND(-2.5)', -3],
    ['ROUND(0.5)', 1],
    ['ROUND(1234.5678, -2)', 1200],
    ['ROUND(1.23456789, 10)', 1.23456789],
    ['ROUND(0.1 + 0.2, 15)', 0.3],
    ['ROUND(8.345, 2.9)', 8.35],
    ['ROUND(1 / 3, 4)', 0.3333],
  ])('money rounding: %s = %d', (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it('ROUND rounds JavaScript numbers from the record by their decimal text, not their binary value', () => {
    // 1.005 is stored as 1.00499999999999989… in binary; as money it is 1.005.
    expect(run('ROUND(price, 2)', { price: 1.005 })).toBe(1.01);
    expect(run('ROUND(price * quantity, 2)', { price: 0.285, quantity: 10 })).toBe(2.85);
    expect(run('ROUND(price * 1.13, 2)', { price: '88.50' })).toBe(100.01);
  });

  it('ROUNDUP rounds away from zero, ROUNDDOWN toward zero', () => {
    expect(run('ROUNDUP(1.201, 2)')).toBe(1.21);
    expect(run('ROUNDUP(-1.201, 2)')).toBe(-1.21);
    expect(run('ROUNDUP(3.2)')).toBe(4);
    expect(run('ROUNDUP(1.2, 2)')).toBe(1.2);
    expect(run('ROUNDDOWN(1.209, 2)')).toBe(1.2);
    expect(run('ROUNDDOWN(-1.209, 2)')).toBe(-1.2);
    expect(run('ROUNDDOWN(1999, -3)')).toBe(1000);
  });

  it('rounding propagates null and refuses out-of-range digits', () => {
    expect(run('ROUND(missing, 2)')).toBeNull();
    expect(run('ROUND(1.5, missing)')).toBeNull();
    expect(() => run('ROUND(1, 31)')).toThrow(
      expect.objectContaining({ code: 'expression.value', position: 9, end: 11 }),
    );
    expect(() => run("ROUND('x', 2)")).toThrow(
      expect.objectContaining({ code: 'expression.type', position: 6, end: 9 }),
    );
  });

  it('ABS drops the sign', () => {
    expect(run('ABS(-12.5)')).toBe(12.5);
    expect(run('ABS(3)')).toBe(3);
    expect(run('ABS(missing)')).toBeNull();
  });

  it('POWER is exact for whole exponents and close for fractional ones', () => {
    expect(run('POWER(1.1, 2)')).toBe(1.21);
    expect(run('POWER(2, -2)')).toBe(0.25);
    expect(run('POWER(2, 0)')).toBe(1);
    expect(run('POWER(9, 0.5)')).toBe(3);
    expect(run('ROUND(1000 * POWER(1 + 0.05, 3), 2)')).toBe(1157.63);
    expect(run('POWER(-8, 0.5)')).toBeNull();
    expect(run('POWER(0, -1)')).toBeNull();
    expect(() => run('POWER(10, 50)')).toThrow(
      expect.objectContaining({ code: 'expression.value' }),
    );
  });

  it('MOD takes the sign of the divisor, as in spreadsheets, and gives null for 0', () => {
    expect(run('MOD(7, 3)')).toBe(1);
    expect(run('MOD(-7, 3)')).toBe(2);
    expect(run('MOD(7, -3)')).toBe(-2);
    expect(run('MOD(7.5, 2)')).toBe(1.5);
    expect(run('MOD(7, 0)')).toBeNull();
  });
});
