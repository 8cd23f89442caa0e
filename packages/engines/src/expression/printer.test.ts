import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expressionTree, withoutPositions } from './expression.arbitrary.ts';
import { parseExpression } from './parser.ts';
import { printExpression } from './printer.ts';

const canonical = (text: string) => printExpression(parseExpression(text));

describe('printExpression', () => {
  it('writes canonical text: upper-case words, single quotes, spaced operators', () => {
    expect(canonical('round( a*(b+c) ,2)&"x"')).toBe("ROUND(a * (b + c), 2) & 'x'");
    expect(canonical('a && !b || c == null')).toBe('a AND NOT b OR c = NULL');
    expect(canonical('a <> b')).toBe('a != b');
  });

  it('keeps only the parentheses precedence needs', () => {
    expect(canonical('((a + b)) + c')).toBe('a + b + c');
    expect(canonical('a + (b + c)')).toBe('a + (b + c)');
    expect(canonical('a - (b - c)')).toBe('a - (b - c)');
    expect(canonical('(a = b) = c')).toBe('(a = b) = c');
    expect(canonical('NOT (a AND b)')).toBe('NOT (a AND b)');
    expect(canonical('(NOT a) = b')).toBe('(NOT a) = b');
    expect(canonical('-(a + b)')).toBe('-(a + b)');
    expect(canonical('(a OR b) AND c')).toBe('(a OR b) AND c');
  });

  it('escapes quotes, backslashes and control characters in text', () => {
    expect(printExpression({ kind: 'text', value: "it's \\ \n\u0001", position: 0, end: 0 })).toBe(
      "'it\\'s \\\\ \\n\\u0001'",
    );
  });

  it('prints any syntax tree as text that parses back to the same tree', () => {
    fc.assert(
      fc.property(expressionTree, (tree) => {
        const text = printExpression(tree);
        expect(withoutPositions(parseExpression(text))).toEqual(withoutPositions(tree));
      }),
      { numRuns: 500 },
    );
  });
});
