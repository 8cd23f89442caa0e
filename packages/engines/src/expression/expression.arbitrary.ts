/**
 * fast-check generators of syntax trees and expression text, shared by the property tests of the
 * parser, printer and evaluator. Trees carry no positions (`withoutPositions` strips them from
 * parsed trees for comparison).
 */
import fc from 'fast-check';
import type { BinaryOperator, Expression } from './ast.ts';
import { listFunctions } from './functions/registry.ts';

const keywords = new Set(['and', 'or', 'not', 'true', 'false', 'null']);

export const fieldKey = fc
  .stringMatching(/^[a-z_][a-z0-9_]{0,8}$/)
  .filter((key) => !keywords.has(key));

const binaryOperators: BinaryOperator[] = [
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
];

/** Generated trees have no source text; every span is 0 … 0. */
const at = { position: fc.constant(0), end: fc.constant(0) };

const leaf: fc.Arbitrary<Expression> = fc.oneof(
  fc.record({
    kind: fc.constant('number' as const),
    value: fc.stringMatching(/^(0|[1-9]\d{0,8})(\.\d{1,6})?$/),
    ...at,
  }),
  fc.record({
    kind: fc.constant('text' as const),
    value: fc.string({ unit: 'binary', maxLength: 8 }),
    ...at,
  }),
  fc.record({ kind: fc.constant('boolean' as const), value: fc.boolean(), ...at }),
  fc.record({ kind: fc.constant('null' as const), ...at }),
  fc.record({
    kind: fc.constant('field' as const),
    path: fc.array(fieldKey, { minLength: 1, maxLength: 3 }),
    ...at,
  }),
);

const functions = listFunctions();

/** Any syntax tree the parser could produce (without positions), a few levels deep. */
export const expressionTree: fc.Arbitrary<Expression> = fc.letrec<{ node: Expression }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({
      kind: fc.constant('unary' as const),
      operator: fc.constantFrom('negate' as const, 'not' as const),
      operand: tie('node'),
      ...at,
    }),
    fc.record({
      kind: fc.constant('binary' as const),
      operator: fc.constantFrom(...binaryOperators),
      left: tie('node'),
      right: tie('node'),
      ...at,
    }),
    fc.record({
      kind: fc.constant('logical' as const),
      operator: fc.constantFrom('and' as const, 'or' as const),
      left: tie('node'),
      right: tie('node'),
      ...at,
    }),
    fc.constantFrom(...functions).chain((fn) =>
      fc.record({
        kind: fc.constant('call' as const),
        name: fc.constant(fn.name),
        args: fc.array(tie('node'), {
          minLength: fn.minArgs,
          maxLength: Math.min(fn.maxArgs, fn.minArgs + 2),
        }),
        ...at,
      }),
    ),
  ),
})).node;

/** A parsed tree without `position` / `end`, to compare with generated trees. */
export function withoutPositions(node: Expression): unknown {
  return JSON.parse(
    JSON.stringify(node, (key, value: unknown) =>
      key === 'position' || key === 'end' ? undefined : value,
    ),
  );
}

/** Expression-like text: random sequences of the language's own tokens, most of which do not parse. */
export const tokenSoup: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ...binaryOperators,
        '(',
        ')',
        ',',
        '&&',
        '||',
        '!',
        '==',
        '<>',
        'AND',
        'OR',
        'NOT',
        'TRUE',
        'NULL',
        '-',
      ),
      fc.constantFrom(...functions.map((fn) => `${fn.name}(`)),
      fc.constantFrom(
        '0',
        '1',
        '2.5',
        '0.001',
        '-3',
        "'2024-02-29'",
        "'2024-01-31T20:00:00Z'",
        "'abc'",
        "''",
        "'12.5'",
      ),
      fc.constantFrom(
        'amount',
        'quantity',
        'name',
        'close_date',
        'lines',
        'lines.price',
        'lines.name',
        'account.name',
        'tags',
        'constructor',
        '__proto__',
        'missing',
      ),
    ),
    { maxLength: 14 },
  )
  .map((tokens) => tokens.join(' '));
