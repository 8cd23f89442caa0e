import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../errors.ts';
import { evaluate } from '../evaluator.ts';
import { parseExpression } from '../parser.ts';

const run = (text: string, record: Record<string, unknown> = {}) =>
  evaluate(parseExpression(text), { record, now: '2024-03-01T00:00:00Z' });

describe('logic functions', () => {
  it('IF returns the branch the condition picks, NULL for a missing else, and reads null as FALSE', () => {
    expect(run("IF(amount > 100, 'big', 'small')", { amount: 150 })).toBe('big');
    expect(run("IF(amount > 100, 'big', 'small')", { amount: 50 })).toBe('small');
    expect(run("IF(amount > 100, 'big')", { amount: 50 })).toBeNull();
    expect(run("IF(missing, 'yes', 'no')")).toBe('no');
  });

  it('IF evaluates only the branch it returns', () => {
    expect(run('IF(quantity = 0, 0, total / quantity)', { quantity: 0, total: 10 })).toBe(0);
    expect(run("IF(TRUE, 1, 'x' * 2)")).toBe(1);
  });

  it('IF refuses a condition that is not TRUE or FALSE, at the condition', () => {
    expect(() => run('IF(amount, 1, 2)', { amount: 5 })).toThrow(
      expect.objectContaining({ code: 'expression.type', position: 3, end: 9 }),
    );
  });

  it('IFS returns the value after the first TRUE condition, the odd last argument as default, else NULL', () => {
    const grade = "IFS(score >= 90, 'A', score >= 60, 'B', 'C')";
    expect(run(grade, { score: 95 })).toBe('A');
    expect(run(grade, { score: 70 })).toBe('B');
    expect(run(grade, { score: 10 })).toBe('C');
    expect(run("IFS(score >= 90, 'A', score >= 60, 'B')", { score: 10 })).toBeNull();
    expect(run("IFS(missing, 'A', TRUE, 'B')")).toBe('B');
    expect(run("IFS(TRUE, 'A', 1 / 'x', 'B')")).toBe('A');
  });

  it('AND and OR take any number of conditions and stop early', () => {
    expect(run('AND(TRUE, 1 < 2, NOT FALSE)')).toBe(true);
    expect(run('AND(TRUE, missing)')).toBe(false);
    expect(run("AND(FALSE, 'not a condition')")).toBe(false);
    expect(run('OR(FALSE, missing, 2 > 1)')).toBe(true);
    expect(run("OR(TRUE, 'not a condition')")).toBe(true);
    expect(run('OR(FALSE, missing)')).toBe(false);
    expect(() => run('OR(FALSE, 3)')).toThrow(ExpressionError);
  });

  it('NOT is the operator, also written as a call', () => {
    expect(run('NOT(TRUE)')).toBe(false);
    expect(run('NOT(missing)')).toBe(true);
    expect(run('!(1 > 2)')).toBe(true);
  });

  it('ISBLANK is TRUE for null, empty text and empty lists only', () => {
    expect(run('ISBLANK(missing)')).toBe(true);
    expect(run("ISBLANK('')")).toBe(true);
    expect(run('ISBLANK(tags)', { tags: [] })).toBe(true);
    expect(run('ISBLANK(lines)', { lines: [{}] })).toBe(false);
    expect(run("ISBLANK(' ')")).toBe(false);
    expect(run('ISBLANK(0)')).toBe(false);
    expect(run('ISBLANK(FALSE)')).toBe(false);
  });

  it('COALESCE returns the first non-blank argument', () => {
    expect(run('COALESCE(discount, 0)')).toBe(0);
    expect(run('COALESCE(discount, 0)', { discount: 5 })).toBe(5);
    expect(run("COALESCE(nickname, '', name)", { nickname: '', name: 'Li' })).toBe('Li');
    expect(run('COALESCE(a, b)')).toBeNull();
  });
});
