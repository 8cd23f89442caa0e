/**
 * The printer: syntax tree → canonical expression text, which parses back to the same tree.
 * Keywords and function names in upper case, text in single quotes, only the parentheses the
 * precedence rules need.
 */
import { comparisonOperators, precedence, precedenceOf, type Expression } from './ast.ts';
import { checkTreeDepth } from './errors.ts';

const textEscapes: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * Canonical text of an expression.
 *
 * @example
 * printExpression(parseExpression("round( a*(b+c) ,2)&\"x\"")) // "ROUND(a * (b + c), 2) & 'x'"
 */
export function printExpression(expression: Expression): string {
  return print(expression, 1);
}

function print(node: Expression, depth: number): string {
  checkTreeDepth(node, depth);
  const inner = (child: Expression, needsParentheses: boolean): string => {
    const text = print(child, depth + 1);
    return needsParentheses ? `(${text})` : text;
  };
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'text':
      return `'${[...node.value].map(escapeCharacter).join('')}'`;
    case 'boolean':
      return node.value ? 'TRUE' : 'FALSE';
    case 'null':
      return 'NULL';
    case 'field':
      return node.path.join('.');
    case 'unary': {
      const own = precedence[node.operator];
      const operand = inner(node.operand, precedenceOf(node.operand) < own);
      return node.operator === 'not' ? `NOT ${operand}` : `-${operand}`;
    }
    case 'logical':
    case 'binary': {
      const own = precedenceOf(node);
      const operator = node.kind === 'logical' ? node.operator.toUpperCase() : node.operator;
      // Left-associative: an equal-precedence left side needs no parentheses, a right side does;
      // comparisons do not chain, so either side at their level needs them.
      const chained = node.kind === 'binary' && comparisonOperators.has(node.operator);
      const left = inner(
        node.left,
        precedenceOf(node.left) < own || (chained && precedenceOf(node.left) === own),
      );
      const right = inner(node.right, precedenceOf(node.right) <= own);
      return `${left} ${operator} ${right}`;
    }
    case 'call':
      return `${node.name}(${node.args.map((arg) => print(arg, depth + 1)).join(', ')})`;
  }
}

/** Escapes quotes, backslashes and invisible control characters; everything else is written as is. */
function escapeCharacter(c: string): string {
  const escaped = textEscapes[c];
  if (escaped !== undefined) return escaped;
  const code = c.charCodeAt(0);
  const control = code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029;
  return control ? `\\u${code.toString(16).padStart(4, '0')}` : c;
}
