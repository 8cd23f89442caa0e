import fc from 'fast-check';
import type { Entity } from '@pipewright/metadata';
import { describe, expect, it, vi } from 'vitest';
import type { Expression } from './ast.ts';
import { ExpressionError, type ExpressionErrorCode } from './errors.ts';
import { evaluate, evaluateCondition, type EvaluationContext } from './evaluator.ts';
import { expressionTree, tokenSoup } from './expression.arbitrary.ts';
import { MAX_EXPRESSION_DEPTH, MAX_TEXT_LENGTH } from './limits.ts';
import { parseExpression } from './parser.ts';

const now = '2024-03-01T17:00:00Z';

function run(
  text: string,
  record: Record<string, unknown> = {},
  context: Partial<EvaluationContext> = {},
) {
  return evaluate(parseExpression(text), { record, now, ...context });
}

function failure(
  text: string,
  record: Record<string, unknown> = {},
  context: Partial<EvaluationContext> = {},
): ExpressionError {
  try {
    run(text, record, context);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" to fail`);
}

const label = { 'zh-CN': '字段', en: 'Field' };

describe('evaluate: arithmetic', () => {
  it('is exact on decimals where binary floats drift', () => {
    expect(run('0.1 + 0.2')).toBe(0.3);
    expect(run('0.1 + 0.2 = 0.3')).toBe(true);
    expect(run('1.1 * 3')).toBe(3.3);
    expect(run('price * quantity', { price: 19.99, quantity: 3 })).toBe(59.97);
    expect(run('1 / 3 * 3')).toBe(1);
  });

  it('follows precedence: * / % before + -, unary minus first', () => {
    expect(run('2 + 3 * 4')).toBe(14);
    expect(run('(2 + 3) * 4')).toBe(20);
    expect(run('10 - 4 - 3')).toBe(3);
    expect(run('-2 * -3')).toBe(6);
    expect(run('7 % 4 * 2')).toBe(6);
  });

  it('takes % with the sign of the dividend, like JavaScript', () => {
    expect(run('-7 % 3')).toBe(-1);
    expect(run('7 % -3')).toBe(1);
    expect(run('5.5 % 2')).toBe(1.5);
  });

  it('gives null for division and remainder by zero', () => {
    expect(run('10 / 0')).toBeNull();
    expect(run('10 % 0')).toBeNull();
    expect(run('total / quantity', { total: 5, quantity: 0 })).toBeNull();
  });

  it('reads numeral text (as databases return exact numbers) as numbers in arithmetic', () => {
    expect(run('amount * 2', { amount: '1234.50' })).toBe(2469);
    expect(run("'0.1' + 0.2")).toBe(0.3);
  });

  it('refuses text in arithmetic with an expression.type error at the operand', () => {
    expect(failure("'x' * 2")).toMatchObject({ code: 'expression.type', position: 0, end: 3 });
    expect(failure('1 + name', { name: 'ACME' })).toMatchObject({
      code: 'expression.type',
      position: 4,
      end: 8,
      message: expect.stringContaining("the text 'ACME'"),
    });
    expect(failure('-flag', { flag: true })).toMatchObject({
      code: 'expression.type',
      position: 1,
    });
  });

  it('refuses numbers of 10^40 or more with expression.value at the operation', () => {
    expect(failure('100000000000000000000 * 100000000000000000000')).toMatchObject({
      code: 'expression.value',
      position: 0,
    });
  });

  it('equals JavaScript arithmetic on random integers', () => {
    type Tree = number | [Tree, '+' | '-' | '*', Tree];
    const small = fc.integer({ min: -5000, max: 5000 });
    const tree: fc.Arbitrary<Tree> = fc.oneof(
      small,
      fc.tuple(small, fc.constantFrom('+', '-', '*') as fc.Arbitrary<'+' | '-' | '*'>, small),
      fc.tuple(
        fc.tuple(small, fc.constantFrom('+', '-', '*') as fc.Arbitrary<'+' | '-' | '*'>, small),
        fc.constantFrom('+', '-', '*') as fc.Arbitrary<'+' | '-' | '*'>,
        small,
      ),
    );
    const text = (t: Tree): string =>
      typeof t === 'number'
        ? `${t < 0 ? '-' : ''}${Math.abs(t)}`
        : `(${text(t[0])} ${t[1]} ${text(t[2])})`;
    const js = (t: Tree): number => {
      if (typeof t === 'number') return t;
      const [a, op, b] = [js(t[0]), t[1], js(t[2])];
      return op === '+' ? a + b : op === '-' ? a - b : a * b;
    };
    fc.assert(
      fc.property(tree, fc.constantFrom('+', '-', '*', '/', '%'), tree, (left, operator, right) => {
        const [a, b] = [js(left), js(right)];
        if ((operator === '/' || operator === '%') && b === 0) return;
        const expected = { '+': a + b, '-': a - b, '*': a * b, '/': a / b, '%': a % b }[operator]!;
        expect(run(`${text(left)} ${operator} ${text(right)}`)).toBe(expected === 0 ? 0 : expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('evaluate: null', () => {
  it.each([
    ['NULL + 1', null],
    ['-missing', null],
    ['missing * 2', null],
    ["NULL & 'x'", 'x'],
    ["'a' & missing & 'b'", 'ab'],
    ['NULL = NULL', true],
    ['missing = NULL', true],
    ['missing != 1', true],
    ['missing < 1', null],
    ['NOT missing', true],
    ['missing AND TRUE', false],
    ['missing OR TRUE', true],
  ])('%s → %j', (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it('reads undefined fields and absent records as null', () => {
    expect(run('amount', { amount: undefined })).toBeNull();
    expect(
      evaluate(parseExpression('amount'), {
        record: null as unknown as Record<string, unknown>,
        now,
      }),
    ).toBeNull();
  });
});

describe('evaluate: comparison and text', () => {
  it('compares numbers exactly and numeral text as a number against a number', () => {
    expect(run('amount > 1000', { amount: '1000.01' })).toBe(true);
    expect(run("amount = '100'", { amount: 100 })).toBe(true);
    expect(run('2 >= 2.0')).toBe(true);
  });

  it('compares text exactly, case-sensitive, in code-unit order', () => {
    expect(run("stage = 'won'", { stage: 'won' })).toBe(true);
    expect(run("stage = 'Won'", { stage: 'won' })).toBe(false);
    expect(run("'apple' < 'banana'")).toBe(true);
    expect(run("'10' < '9'")).toBe(true);
  });

  it('compares ISO dates and datetimes in time, across zones', () => {
    expect(run("'2024-05-01T00:00:00+08:00' = '2024-04-30T16:00:00Z'")).toBe(true);
    expect(run("close_date < '2024-03-02'", { close_date: '2024-03-01' })).toBe(true);
    expect(run("'2024-03-02' < '2024-03-01T17:00:00Z'")).toBe(true);
    expect(run("'2024-03-02' < '2024-03-01T17:00:00Z'", {}, { timeZone: 'UTC' })).toBe(false);
    expect(run('close_date <= TODAY()', { close_date: '2024-03-02' })).toBe(true);
  });

  it('never finds values of different kinds equal, and refuses to order them', () => {
    expect(run("1 = 'one'")).toBe(false);
    expect(run('TRUE = 1')).toBe(false);
    expect(run('FALSE < TRUE')).toBe(true);
    expect(failure("1 < 'one'")).toMatchObject({ code: 'expression.type', position: 0, end: 9 });
    expect(failure('lines.price = 1', { lines: [{ price: 1 }] })).toMatchObject({
      code: 'expression.type',
      message: expect.stringContaining('must be aggregated'),
    });
  });

  it('joins text with &, writing numbers plainly and booleans as TRUE / FALSE', () => {
    expect(run("'Total: ' & amount", { amount: 1234.5 })).toBe('Total: 1234.5');
    expect(run("0.1 + 0.2 & ''")).toBe('0.3');
    expect(run("TRUE & '/' & FALSE")).toBe('TRUE/FALSE');
    expect(failure("lines & 'x'", { lines: [{}] })).toMatchObject({
      code: 'expression.type',
      position: 0,
      end: 5,
    });
  });

  it('refuses to make text longer than MAX_TEXT_LENGTH, but reads long field values', () => {
    const half = 'x'.repeat(MAX_TEXT_LENGTH / 2);
    expect(run('a & a', { a: half })).toHaveLength(MAX_TEXT_LENGTH);
    expect(failure("a & a & 'y'", { a: half })).toMatchObject({ code: 'expression.value', position: 0, end: 11 });
    expect(failure('CONCAT(a, a, a)', { a: half })).toMatchObject({ code: 'expression.value' });
    expect(run('a', { a: 'x'.repeat(MAX_TEXT_LENGTH * 2) })).toHaveLength(MAX_TEXT_LENGTH * 2);
  });

  it('evaluates AND / OR lazily, left to right', () => {
    expect(run('quantity > 0 AND total / quantity > 10', { quantity: 0, total: 5 })).toBe(false);
    expect(run("TRUE OR 'not a condition'")).toBe(true);
    expect(failure("FALSE OR 'text'")).toMatchObject({
      code: 'expression.type',
      position: 9,
      end: 15,
    });
    expect(failure('1 AND TRUE')).toMatchObject({ code: 'expression.type', position: 0, end: 1 });
  });
});

describe('evaluate: fields, relations and line items', () => {
  it('reads only own fields: prototype names are plain unknown fields', () => {
    expect(run('constructor', {})).toBeNull();
    expect(run('__proto__', {})).toBeNull();
    expect(run('toString', {})).toBeNull();
    expect(run('a.constructor.name', { a: {} })).toBeNull();
    expect(run('__proto__', JSON.parse('{"__proto__": 5}') as Record<string, unknown>)).toBe(5);
    expect(run('process', {})).toBeNull();
  });

  it('follows an expanded related record', () => {
    expect(run('account.industry', { account: { industry: 'IT' } })).toBe('IT');
    expect(run('account.owner.region', { account: { owner: { region: 'East' } } })).toBe('East');
    expect(run('account.industry', { account: null })).toBeNull();
  });

  it('looks related records up by relation path and id through a function', () => {
    const resolve = vi.fn((path: string, id: string | number) =>
      path === 'account' && id === 42
        ? { industry: 'IT', owner: 'u1' }
        : path === 'account.owner' && id === 'u1'
          ? { region: 'East' }
          : undefined,
    );
    expect(run('account.industry & account.owner.region', { account: 42 }, { resolve })).toBe(
      'ITEast',
    );
    expect(resolve).toHaveBeenCalledWith('account', 42);
    expect(resolve).toHaveBeenCalledWith('account.owner', 'u1');
    expect(run('account.industry', { account: 7 }, { resolve })).toBeNull();
  });

  it('looks related records up in a map of pre-fetched records', () => {
    const resolve = { account: { 'acc-1': { industry: 'IT' } } };
    expect(run('account.industry', { account: 'acc-1' }, { resolve })).toBe('IT');
    expect(run('account.industry', { account: 'acc-2' }, { resolve })).toBeNull();
    expect(run('account.constructor', { account: 'acc-1' }, { resolve })).toBeNull();
    expect(run('other.x', { other: 'toString' }, { resolve })).toBeNull();
  });

  it('refuses to follow a path through a value that is not a relation', () => {
    expect(failure('flag.x', { flag: true })).toMatchObject({
      code: 'expression.type',
      position: 0,
      end: 6,
    });
  });

  it('reads a line-item column as a list and aggregates it', () => {
    const record = { lines: [{ price: 1.1 }, { price: '2.20' }, { price: null }, {}] };
    expect(run('lines.price', record)).toEqual([1.1, '2.20', null, null]);
    expect(run('SUM(lines.price)', record)).toBe(3.3);
    expect(run('COUNT(lines)', record)).toBe(4);
    expect(run('SUM(lines.price)', { lines: [] })).toBe(0);
    expect(run('SUM(lines.price)', {})).toBe(0);
  });

  it('follows relations inside line items, passing the full relation path', () => {
    const resolve = { 'lines.product': { p1: { weight: 2.5 }, p2: { weight: 0.25 } } };
    expect(
      run(
        'SUM(lines.product.weight)',
        { lines: [{ product: 'p1' }, { product: 'p2' }, { product: 'p3' }] },
        { resolve },
      ),
    ).toBe(2.75);
  });

  it('reads values by their field type when the entity is given', () => {
    const deal = {
      key: 'deal',
      label,
      version: 1,
      fields: [
        { key: 'amount', label, type: 'currency' },
        { key: 'budget', label, type: 'currency' },
        { key: 'code', label, type: 'text' },
        { key: 'close_date', label, type: 'date' },
      ],
    } as Entity;
    const record = {
      amount: '1000.00',
      budget: '999.50',
      code: '010',
      close_date: new Date('2024-03-01T16:00:00Z'),
    };
    expect(run('amount > budget', record)).toBe(false); // untyped: two texts compare as text
    expect(run('amount > budget', record, { scope: { entity: deal } })).toBe(true);
    expect(run("code = '10'", record, { scope: { entity: deal } })).toBe(false);
    expect(run('close_date', record, { scope: { entity: deal } })).toBe('2024-03-02');
  });

  it('returns plain data', () => {
    expect(run('account', { account: { name: 'ACME' } })).toEqual({ name: 'ACME' });
    expect(run('tags', { tags: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(run('big', { big: 12345678901234567890n })).toBe(12345678901234567000);
  });
});

describe('evaluate: clock', () => {
  it('takes now from the context, as ISO text or a Date, in the context time zone', () => {
    expect(run('TODAY()')).toBe('2024-03-02');
    expect(run('TODAY()', {}, { timeZone: 'UTC' })).toBe('2024-03-01');
    expect(run('NOW()', {}, { now: new Date('2024-03-01T17:00:00Z') })).toBe(
      '2024-03-01T17:00:00.000Z',
    );
    expect(run('NOW()', {}, { now: '2024-03-02T01:00:00' })).toBe('2024-03-01T17:00:00.000Z');
  });

  it('complains about an invalid now or time zone only when the clock is read', () => {
    expect(run('1 + 1', {}, { now: 'soon' })).toBe(2);
    expect(failure('x & TODAY()', {}, { now: 'soon' })).toMatchObject({
      code: 'expression.value',
      position: 4,
      end: 11,
    });
    expect(failure('TODAY()', {}, { timeZone: 'Mars/Olympus' })).toMatchObject({
      code: 'expression.value',
      message: expect.stringContaining('Mars/Olympus'),
    });
  });
});

describe('evaluateCondition', () => {
  it('reads null as FALSE and refuses anything but a condition', () => {
    expect(
      evaluateCondition(parseExpression("stage = 'won'"), { record: { stage: 'won' }, now }),
    ).toBe(true);
    expect(evaluateCondition(parseExpression('missing'), { record: {}, now })).toBe(false);
    expect(() =>
      evaluateCondition(parseExpression('amount'), { record: { amount: 1 }, now }),
    ).toThrow(ExpressionError);
  });
});

describe('evaluate: safety', () => {
  it('reports trees that did not come from the parser as errors, not crashes', () => {
    const bad = (tree: unknown) => {
      try {
        evaluate(tree as Expression, { record: {}, now });
      } catch (error) {
        return error instanceof ExpressionError ? error.code : 'other';
      }
      return 'none';
    };
    expect(bad({ kind: 'number', value: 'abc', position: 0, end: 3 })).toBe('expression.syntax');
    expect(bad({ kind: 'number', value: 12, position: 0, end: 3 })).toBe('expression.syntax');
    expect(bad({ kind: 'field', path: 'amount', position: 0, end: 3 })).toBe('expression.syntax');
    expect(bad({ kind: 'eval', position: 0, end: 3 })).toBe('expression.syntax');
    expect(bad(null)).toBe('expression.syntax');
    expect(bad({ kind: 'call', name: 'EVAL', args: [], position: 0, end: 3 })).toBe(
      'expression.unknownFunction',
    );
    expect(bad({ kind: 'call', name: 'constructor', args: [], position: 0, end: 3 })).toBe(
      'expression.unknownFunction',
    );
    expect(bad({ kind: 'call', name: 'ROUND', args: [], position: 0, end: 3 })).toBe(
      'expression.arity',
    );
  });

  it('refuses hand-built trees deeper than the limit', () => {
    let tree: Expression = { kind: 'number', value: '1', position: 0, end: 1 };
    for (let i = 0; i < 10_000; i++)
      tree = { kind: 'unary', operator: 'negate', operand: tree, position: 0, end: 1 };
    expect(() => evaluate(tree, { record: {}, now })).toThrow(
      expect.objectContaining({ code: 'expression.tooDeep' }),
    );
    let shallow: Expression = { kind: 'number', value: '1', position: 0, end: 1 };
    for (let i = 1; i < MAX_EXPRESSION_DEPTH; i++)
      shallow = { kind: 'unary', operator: 'negate', operand: shallow, position: 0, end: 1 };
    expect(evaluate(shallow, { record: {}, now })).toBe(-1);
  });

  it('refuses record data that nests lists without end', () => {
    let nested: unknown = [1];
    for (let i = 0; i < 100_000; i++) nested = [nested];
    expect(failure('COUNT(deep)', { deep: nested })).toMatchObject({
      code: 'expression.value',
      position: 6,
      end: 10,
    });
    expect(run('COUNT(tags)', { tags: [['a'], ['b']] })).toBe(2);
  });

  it('bounds the work of one evaluation', () => {
    const lines = Array.from({ length: 60_000 }, () => ({ price: 1 }));
    expect(run('SUM(lines.price)', { lines })).toBe(60_000);
    const many = Array.from({ length: 20 }, () => 'SUM(lines.price)').join(', ');
    expect(failure(`SUM(${many})`, { lines })).toMatchObject({ code: 'expression.tooCostly' });
  });
});

describe('evaluate: fuzzing', () => {
  const codes = new Set<ExpressionErrorCode>([
    'expression.syntax',
    'expression.unknownFunction',
    'expression.arity',
    'expression.unknownField',
    'expression.type',
    'expression.value',
    'expression.tooDeep',
    'expression.tooLong',
    'expression.tooCostly',
  ]);
  const record = {
    amount: 12.5,
    quantity: 0,
    name: 'ACME 客户',
    close_date: '2024-02-29',
    lines: [{ price: 1, name: 'x' }, { price: '2.50', name: null }, {}],
    account: 'acc-1',
    tags: ['a', 'b'],
  };
  const context = { record, now, resolve: { account: { 'acc-1': { name: 'ACME' } } } };

  function onlyExpressionErrors(text: string): void {
    try {
      evaluate(parseExpression(text), context);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      expect(codes).toContain(error.code);
      expect(error.position).toBeGreaterThanOrEqual(0);
      expect(error.end).toBeGreaterThanOrEqual(error.position);
      expect(error.end).toBeLessThanOrEqual(text.length);
    }
  }

  it('throws nothing but ExpressionError on random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), onlyExpressionErrors), {
      numRuns: 2000,
    });
  });

  it('throws nothing but ExpressionError on random sequences of the language tokens', () => {
    fc.assert(fc.property(tokenSoup, onlyExpressionErrors), { numRuns: 5000 });
  });

  it('throws nothing but ExpressionError on random well-formed expressions', () => {
    fc.assert(
      fc.property(expressionTree, (tree) => {
        try {
          evaluate(tree, context);
        } catch (error) {
          if (!(error instanceof ExpressionError)) throw error;
          expect(codes).toContain(error.code);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
