/**
 * The syntax tree of an expression: plain JSON-safe data, so it can be cached, stored and sent
 * to the browser. `position` and `end` are offsets into the text the node was parsed from.
 */

interface Span {
  /** Offset of the node's first character. */
  position: number;
  /** Offset just after the node's last character. */
  end: number;
}

/** `12`, `0.125` — `value` is the exact decimal text as written (never a float). */
export interface NumberLiteral extends Span {
  kind: 'number';
  value: string;
}

/** `'won'`, `"Q3 \"special\""` — `value` is the text after escapes are applied. */
export interface TextLiteral extends Span {
  kind: 'text';
  value: string;
}

export interface BooleanLiteral extends Span {
  kind: 'boolean';
  value: boolean;
}

export interface NullLiteral extends Span {
  kind: 'null';
}

/** `amount`, `account.industry`, `products.line_total` — field keys from the record outward. */
export interface FieldReference extends Span {
  kind: 'field';
  path: readonly string[];
}

/** `-x` (`negate`) and `NOT x` / `!x` (`not`). */
export interface UnaryOperation extends Span {
  kind: 'unary';
  operator: UnaryOperator;
  operand: Expression;
}

/** Arithmetic, `&` and comparisons. `==` is read as `=`, `<>` as `!=`. */
export interface BinaryOperation extends Span {
  kind: 'binary';
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
}

/** `a AND b` / `a && b`, `a OR b` / `a || b`; the right side is evaluated only when needed. */
export interface LogicalOperation extends Span {
  kind: 'logical';
  operator: LogicalOperator;
  left: Expression;
  right: Expression;
}

/** `ROUND(amount, 2)` — `name` is the registry's upper-case name, whatever case was written. */
export interface FunctionCall extends Span {
  kind: 'call';
  name: string;
  args: readonly Expression[];
}

export type UnaryOperator = 'negate' | 'not';
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type BinaryOperator = ArithmeticOperator | '&' | ComparisonOperator;
export type LogicalOperator = 'and' | 'or';

export type Expression =
  | NumberLiteral
  | TextLiteral
  | BooleanLiteral
  | NullLiteral
  | FieldReference
  | UnaryOperation
  | BinaryOperation
  | LogicalOperation
  | FunctionCall;

export const arithmeticOperators: ReadonlySet<string> = new Set<ArithmeticOperator>([
  '+',
  '-',
  '*',
  '/',
  '%',
]);
export const comparisonOperators: ReadonlySet<string> = new Set<ComparisonOperator>([
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
]);

/**
 * Binding strength of each operator, loosest first. The parser, the printer and the README's
 * precedence table all follow this one list.
 */
export const precedence = {
  or: 1,
  and: 2,
  not: 3,
  comparison: 4,
  concat: 5,
  additive: 6,
  multiplicative: 7,
  negate: 8,
  primary: 9,
} as const;

/** How tightly a node binds, for deciding where the printer needs parentheses. */
export function precedenceOf(node: Expression): number {
  switch (node.kind) {
    case 'logical':
      return precedence[node.operator];
    case 'unary':
      return precedence[node.operator];
    case 'binary':
      if (comparisonOperators.has(node.operator)) return precedence.comparison;
      if (node.operator === '&') return precedence.concat;
      return node.operator === '+' || node.operator === '-'
        ? precedence.additive
        : precedence.multiplicative;
    default:
      return precedence.primary;
  }
}
