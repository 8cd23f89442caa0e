import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluator.ts';
import { parseExpression } from '../parser.ts';

const run = (text: string, record: Record<string, unknown> = {}) =>
  evaluate(parseExpression(text), { record, now: '2024-03-01T00:00:00Z' });

describe('text functions', () => {
  it('CONCAT joins like &, null as empty text', () => {
    expect(run("CONCAT('QT-', year, '-', seq)", { year: 2024, seq: 7 })).toBe('QT-2024-7');
    expect(run("CONCAT('a', missing, TRUE)")).toBe('aTRUE');
    expect(() => run('CONCAT(lines)', { lines: [{}] })).toThrow(
      expect.objectContaining({ code: 'expression.type', position: 7, end: 12 }),
    );
  });

  it('LEFT, RIGHT and MID count characters, not bytes or UTF-16 units', () => {
    expect(run("LEFT('上海浦东', 2)")).toBe('上海');
    expect(run("LEFT('abc')")).toBe('a');
    expect(run("RIGHT('13800138000', 4)")).toBe('8000');
    expect(run("RIGHT('ab', 5)")).toBe('ab');
    expect(run("MID('客户ABC', 2, 3)")).toBe('户AB');
    expect(run("MID('😀ab', 1, 2)")).toBe('😀a');
    expect(run("MID('abc', 5, 2)")).toBe('');
    expect(run('LEFT(missing, 2)')).toBe('');
    expect(run('LEFT(12345, 2)')).toBe('12');
  });

  it('refuses negative counts and positions before the first character', () => {
    expect(() => run("LEFT('abc', -1)")).toThrow(
      expect.objectContaining({ code: 'expression.value', position: 12, end: 14 }),
    );
    expect(() => run("MID('abc', 0, 1)")).toThrow(
      expect.objectContaining({ code: 'expression.value' }),
    );
    expect(run("LEFT('abc', missing)")).toBeNull();
  });

  it('LEN counts characters, 0 for null', () => {
    expect(run("LEN('客户A')")).toBe(3);
    expect(run("LEN('😀')")).toBe(1);
    expect(run('LEN(missing)')).toBe(0);
    expect(run('LEN(1.50)')).toBe(3);
  });

  it('UPPER, LOWER and TRIM', () => {
    expect(run("UPPER('acme ltd')")).toBe('ACME LTD');
    expect(run("LOWER('Sales@ACME.com')")).toBe('sales@acme.com');
    expect(run("TRIM('  ACME   Trading \t Co ')")).toBe('ACME Trading Co');
    expect(run('UPPER(missing)')).toBe('');
  });

  it('CONTAINS searches text case-sensitively, and multi-value fields by value', () => {
    expect(run("CONTAINS(name, 'ACME')", { name: 'ACME 有限公司' })).toBe(true);
    expect(run("CONTAINS(name, 'acme')", { name: 'ACME 有限公司' })).toBe(false);
    expect(run("CONTAINS(LOWER(name), 'acme')", { name: 'ACME' })).toBe(true);
    expect(run("CONTAINS(name, '')", { name: 'x' })).toBe(true);
    expect(run("CONTAINS(missing, 'x')")).toBe(false);
    expect(run("CONTAINS(tags, 'vip')", { tags: ['new', 'vip'] })).toBe(true);
    expect(run("CONTAINS(tags, 'vi')", { tags: ['new', 'vip'] })).toBe(false);
    expect(run("CONTAINS(products.sku, 'B2')", { products: [{ sku: 'A1' }, { sku: 'B2' }] })).toBe(
      true,
    );
  });

  it('TEXT writes numbers with fixed decimals, rounded half away from zero', () => {
    expect(run('TEXT(2.5, 2)')).toBe('2.50');
    expect(run('TEXT(1.005, 2)')).toBe('1.01');
    expect(run('TEXT(1234.5)')).toBe('1234.5');
    expect(run('TEXT(1234.5, 0)')).toBe('1235');
    expect(run("TEXT('12.345', 1)")).toBe('12.3');
    expect(run('TEXT(TRUE)')).toBe('TRUE');
    expect(run("TEXT('2024-03-01')")).toBe('2024-03-01');
    expect(run('TEXT(missing, 2)')).toBeNull();
    expect(() => run("TEXT('abc', 2)")).toThrow(
      expect.objectContaining({ code: 'expression.type', position: 5, end: 10 }),
    );
  });
});
