/**
 * Which fields an expression reads — so the runtime can order formulas, fetch related records
 * before evaluating, and know which line-item columns a total depends on.
 */
import type { Expression, FieldReference } from './ast.ts';
import { checkTreeDepth } from './errors.ts';

/**
 * The distinct field paths an expression reads, in order of first appearance.
 *
 * @example
 * referencedFields(parseExpression('SUM(products.line_total) * (1 - account.discount_rate)'))
 * // ['products.line_total', 'account.discount_rate']
 */
export function referencedFields(expression: Expression): string[] {
  return [...new Set(fieldReferences(expression).map((reference) => reference.path.join('.')))];
}

/** Every field reference node of an expression, in text order, repeats included. */
export function fieldReferences(expression: Expression): FieldReference[] {
  const found: FieldReference[] = [];
  const visit = (node: Expression, depth: number): void => {
    checkTreeDepth(node, depth);
    switch (node.kind) {
      case 'field':
        found.push(node);
        return;
      case 'unary':
        visit(node.operand, depth + 1);
        return;
      case 'binary':
      case 'logical':
        visit(node.left, depth + 1);
        visit(node.right, depth + 1);
        return;
      case 'call':
        for (const arg of node.args) visit(arg, depth + 1);
        return;
      default:
        return;
    }
  };
  visit(expression, 1);
  return found;
}
