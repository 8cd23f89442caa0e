import { describe, expect, it } from 'vitest';
import type { Expression } from './ast.ts';
import { ExpressionError } from './errors.ts';
import { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from './limits.ts';
import { parseExpression } from './parser.ts';

/** The tree as a fully parenthesised S-expression, to assert structure regardless of spacing. */
function tree(node: Expression): string {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'text':
      return JSON.stringify(node.value);
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    case 'field':
      return node.path.join('.');
    case 'unary':
      return `(${node.operator} ${tree(node.operand)})`;
    case 'binary':
    case 'logical':
      return `(${node.operator} ${tree(node.left)} ${tree(node.right)})`;
    case 'call':
      return `(${node.name}${node.args.map((arg) => ` ${tree(arg)}`).join('')})`;
  }
}

const parsed = (text: string) => tree(parseExpression(text));

function failure(text: string): ExpressionError {
  try {
    parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" not to parse`);
}

describe('parseExpression: precedence and associativity', () => {
  it.each([
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['(1 + 2) * 3', '(* (+ 1 2) 3)'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b * c % d', '(% (* (/ a b) c) d)'],
    ['-a * b', '(* (negate a) b)'],
    ['- -a', '(negate (negate a))'],
    ['a - -1', '(- a (negate 1))'],
    ["a & b + c & 'x'", '(& (& a (+ b c)) "x")'],
    ['a + b & c = d', '(= (& (+ a b) c) d)'],
    ['a < b + 1', '(< a (+ b 1))'],
    ['NOT a = b', '(not (= a b))'],
    ['NOT NOT a', '(not (not a))'],
    ['a OR b AND c', '(or a (and b c))'],
    ['a AND NOT b OR c', '(or (and a (not b)) c)'],
    ['a && b || !c', '(or (and a b) (not c))'],
    ['(a OR b) AND c', '(and (or a b) c)'],
    ['a == b', '(= a b)'],
    ['a <> b', '(!= a b)'],
    ['a != b', '(!= a b)'],
    ['a >= b', '(>= a b)'],
  ])('%s → %s', (text, expected) => {
    expect(parsed(text)).toBe(expected);
  });
});

describe('parseExpression: words and literals', () => {
  it('reads keywords and function names in any letter case', () => {
    expect(parsed('true and False or NULL')).toBe('(or (and true false) null)');
    expect(parsed('round(amount, 2)')).toBe('(ROUND amount 2)');
    expect(parsed('Not(x)')).toBe('(not x)');
  });

  it('reads AND / OR before "(" as the functions and elsewhere as operators', () => {
    expect(parsed('AND(a, b, c) OR d')).toBe('(or (AND a b c) d)');
    expect(parsed('a AND (b)')).toBe('(and a b)');
  });

  it('keeps the exact decimal text of numbers', () => {
    expect(parseExpression('0.10')).toMatchObject({ kind: 'number', value: '0.10' });
    expect(parseExpression('12345678901234567890.123')).toMatchObject({
      value: '12345678901234567890.123',
    });
  });

  it('reads text in either quote with escapes', () => {
    expect(parseExpression(`'it\\'s'`)).toMatchObject({ kind: 'text', value: "it's" });
    expect(parseExpression(`"say \\"hi\\""`)).toMatchObject({ value: 'say "hi"' });
    expect(parseExpression(`'a\\nb\\t\\\\\\u4e2d'`)).toMatchObject({ value: 'a\nb\t\\中' });
    expect(parseExpression(`"it's"`)).toMatchObject({ value: "it's" });
    expect(parseExpression(`'客户'`)).toMatchObject({ value: '客户' });
  });

  it('reads dotted paths as one field reference', () => {
    expect(parseExpression('account.owner.region')).toMatchObject({
      kind: 'field',
      path: ['account', 'owner', 'region'],
      position: 0,
      end: 20,
    });
    expect(parsed('SUM(products.line_total)')).toBe('(SUM products.line_total)');
  });

  it('records the span of every node', () => {
    const ast = parseExpression('ROUND(amount * 2, 2)');
    expect(ast).toMatchObject({
      position: 0,
      end: 20,
      args: [
        { position: 6, end: 16, left: { position: 6, end: 12 } },
        { position: 18, end: 19 },
      ],
    });
  });

  it('allows full-width and no-break spaces between tokens', () => {
    expect(parsed('a\u3000+\u00a0b')).toBe('(+ a b)');
  });
});

describe('parseExpression: errors name what was expected and where', () => {
  it.each([
    ['', 'expression.syntax', 0, /empty/],
    ['1 +', 'expression.syntax', 3, /Expected a value .* found the end/],
    [
      '1 2',
      'expression.syntax',
      2,
      /Expected an operator or the end of the expression but found the number 2/,
    ],
    ['(1 + 2', 'expression.syntax', 6, /Expected "\)" to close the "\(" at 0/],
    ['ROUND(1 2)', 'expression.syntax', 8, /Expected "," or "\)" after argument 1 of ROUND/],
    ['a < b < c', 'expression.syntax', 6, /cannot be chained/],
    ['a = NOT b', 'expression.syntax', 4, /parentheses/],
    ['1.', 'expression.syntax', 1, /digits after the decimal point/],
    ['.5', 'expression.syntax', 0, /Unexpected character "\."/],
    ['a.', 'expression.syntax', 2, /field key after "a\."/],
    ['a.b(1)', 'expression.syntax', 0, /field path and cannot be called/],
    ["'open", 'expression.syntax', 0, /not closed/],
    ["'\\q'", 'expression.syntax', 1, /Unknown escape/],
    ['amount # 2', 'expression.syntax', 7, /Unexpected character "#"/],
    ['ROUND（1）', 'expression.syntax', 5, /full-width "（": write the ASCII "\("/],
    ['金额 * 2', 'expression.syntax', 0, /by their key/],
    ['AND', 'expression.syntax', 0, /before the operator AND/],
    ['ROUDN(1)', 'expression.unknownFunction', 0, /Unknown function ROUDN: did you mean ROUND\?/],
    ['VLOOKUP(a)', 'expression.unknownFunction', 0, /Unknown function VLOOKUP$/],
    [
      'ROUND(1, 2, 3)',
      'expression.arity',
      0,
      /ROUND expects 1 to 2 arguments, got 3: ROUND\(number, digits\?\)/,
    ],
    ['TODAY(1)', 'expression.arity', 0, /TODAY expects 0 arguments, got 1/],
    ['SUM()', 'expression.arity', 0, /at least 1 argument, got 0/],
  ] as const)('%j → %s at %i', (text, code, position, message) => {
    const error = failure(text);
    expect(error.code).toBe(code);
    expect(error.position).toBe(position);
    expect(error.message).toMatch(message);
  });

  it('spans the whole call for an arity error, so the studio can underline it', () => {
    expect(failure('x + MID(a, 1)')).toMatchObject({
      code: 'expression.arity',
      position: 4,
      end: 13,
    });
  });

  it(`refuses text longer than ${MAX_EXPRESSION_LENGTH} characters`, () => {
    const longest = `'${'x'.repeat(MAX_EXPRESSION_LENGTH - 2)}'`;
    expect(parseExpression(longest)).toMatchObject({ kind: 'text' });
    expect(failure(`${longest} `)).toMatchObject({
      code: 'expression.tooLong',
      position: MAX_EXPRESSION_LENGTH,
    });
  });

  it(`refuses nesting deeper than ${MAX_EXPRESSION_DEPTH} levels, without exhausting the stack`, () => {
    const parens = (n: number) => `${'('.repeat(n)}1${')'.repeat(n)}`;
    expect(parseExpression(parens(MAX_EXPRESSION_DEPTH))).toMatchObject({ kind: 'number' });
    expect(failure(parens(MAX_EXPRESSION_DEPTH + 1)).code).toBe('expression.tooDeep');
    expect(failure(parens(1900)).code).toBe('expression.tooDeep');
    expect(failure(`${'-'.repeat(3000)}1`).code).toBe('expression.tooDeep');
    const calls = (n: number) => `${'ABS('.repeat(n)}1${')'.repeat(n)}`;
    expect(parseExpression(calls(MAX_EXPRESSION_DEPTH - 1)).kind).toBe('call');
    expect(failure(calls(MAX_EXPRESSION_DEPTH)).code).toBe('expression.tooDeep');
  });

  it('counts a long chain of operators as depth and suggests SUM or CONCAT', () => {
    const chain = (n: number) => Array.from({ length: n }, () => 'a').join(' + ');
    expect(parseExpression(chain(MAX_EXPRESSION_DEPTH)).kind).toBe('binary');
    const error = failure(chain(MAX_EXPRESSION_DEPTH + 1));
    expect(error.code).toBe('expression.tooDeep');
    expect(error.message).toMatch(/SUM/);
  });
});
