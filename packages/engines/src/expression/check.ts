/**
 * Static checking of an expression against an entity, as the studio does while an analyst
 * types: unknown fields (with "did you mean"), operands and arguments of the wrong type where
 * the type is knowable, and the type of the result.
 */
import type { Expression, FieldReference, FunctionCall } from './ast.ts';
import { arithmeticOperators, comparisonOperators } from './ast.ts';
import { checkTreeDepth, ExpressionError, type ExpressionErrorCode, type ExpressionProblem } from './errors.ts';
import { findFunction } from './functions/registry.ts';
import { parameterAt, returnType } from './functions/definition.ts';
import { parseExpression } from './parser.ts';
import type { ExpressionScope } from './paths.ts';
import { referencedFields } from './references.ts';
import { closestName } from './suggestions.ts';
import {
  accepts,
  describeType,
  isCollectionType,
  listOf,
  systemFieldTypes,
  typeOfField,
  type ExpressionType,
  type ParameterType,
} from './types.ts';

export interface CheckOptions extends ExpressionScope {
  /** The type the result must have: `boolean` for conditions, a formula's result type … */
  expect?: ExpressionType;
}

export interface ExpressionCheck {
  ok: boolean;
  /** The result type; `unknown` when the text does not parse. */
  type: ExpressionType;
  /** Every problem found, in text order; empty when `ok`. */
  errors: ExpressionProblem[];
  /** The syntax tree, when the text parses. */
  expression?: Expression;
  /** The field paths the expression reads. */
  references: string[];
}

/**
 * Checks expression text against an entity and reports every problem with its position.
 *
 * @example
 * checkExpression('ROUND(amout * 1.13, 2)', { entity: quote }).errors
 * // [{ code: 'expression.unknownField', message: 'quote has no field "amout": did you mean amount?', position: 6, end: 11 }]
 */
export function checkExpression(text: string, options: CheckOptions): ExpressionCheck {
  let expression: Expression;
  try {
    expression = parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionError)
      return { ok: false, type: 'unknown', errors: [error.toJSON()], references: [] };
    throw error;
  }
  const checker = new TypeChecker(options);
  let type: ExpressionType;
  try {
    type = checker.typeOf(expression, 1);
  } catch (error) {
    // A tree deeper than the limit (built by hand, not parsed) stops the walk.
    if (error instanceof ExpressionError)
      return { ok: false, type: 'unknown', errors: [error.toJSON()], expression, references: [] };
    throw error;
  }
  if (options.expect !== undefined && !accepts(options.expect, type)) {
    checker.report(
      'expression.type',
      expression,
      `The expression must give ${describeType(options.expect)}, but it gives ${describeType(type)}`,
    );
  }
  const errors = checker.problems.sort((a, b) => a.position - b.position);
  return {
    ok: errors.length === 0,
    type,
    errors,
    expression,
    references: referencedFields(expression),
  };
}

/**
 * The result type of a parsed expression; fields are typed from `scope` when given, else `unknown`.
 *
 * @example
 * inferType(parseExpression("IF(amount > 0, 'open', NULL)")) // 'text'
 */
export function inferType(expression: Expression, scope?: ExpressionScope): ExpressionType {
  return new TypeChecker(scope).typeOf(expression, 1);
}

class TypeChecker {
  readonly problems: ExpressionProblem[] = [];

  constructor(private readonly scope: ExpressionScope | undefined) {}

  report(
    code: ExpressionErrorCode,
    span: { position: number; end: number },
    message: string,
  ): void {
    this.problems.push({ code, message, position: span.position, end: span.end });
  }

  typeOf(node: Expression, depth: number): ExpressionType {
    checkTreeDepth(node, depth);
    switch (node.kind) {
      case 'number':
      case 'text':
      case 'boolean':
      case 'null':
        return node.kind;
      case 'field':
        return this.fieldType(node);
      case 'unary': {
        const operand = this.typeOf(node.operand, depth + 1);
        if (node.operator === 'not') {
          this.expectOperand(node.operand, operand, 'boolean', 'NOT needs a condition');
          return 'boolean';
        }
        this.expectOperand(node.operand, operand, 'number', 'Only numbers can be negated');
        return 'number';
      }
      case 'logical': {
        const word = node.operator.toUpperCase();
        this.expectOperand(
          node.left,
          this.typeOf(node.left, depth + 1),
          'boolean',
          `${word} needs conditions`,
        );
        this.expectOperand(
          node.right,
          this.typeOf(node.right, depth + 1),
          'boolean',
          `${word} needs conditions`,
        );
        return 'boolean';
      }
      case 'binary': {
        const left = this.typeOf(node.left, depth + 1);
        const right = this.typeOf(node.right, depth + 1);
        if (arithmeticOperators.has(node.operator)) {
          const hint =
            left === 'date' || left === 'datetime' || right === 'date' || right === 'datetime'
              ? ' (for dates use DAYS, ADDDAYS or ADDMONTHS)'
              : '';
          this.expectOperand(node.left, left, 'number', `${node.operator} needs numbers${hint}`);
          this.expectOperand(node.right, right, 'number', `${node.operator} needs numbers${hint}`);
          return 'number';
        }
        if (node.operator === '&') {
          this.expectOperand(node.left, left, 'text', '& joins single values');
          this.expectOperand(node.right, right, 'text', '& joins single values');
          return 'text';
        }
        if (comparisonOperators.has(node.operator))
          this.checkComparison(node.left, left, node.right, right, node.operator);
        return 'boolean';
      }
      case 'call':
        return this.callType(node, depth);
    }
  }

  private callType(node: FunctionCall, depth: number): ExpressionType {
    const definition = findFunction(node.name);
    const types = node.args.map((arg) => this.typeOf(arg, depth + 1));
    if (!definition) {
      this.report('expression.unknownFunction', node, `Unknown function ${node.name}`);
      return 'unknown';
    }
    types.forEach((type, i) => {
      const parameter = parameterAt(definition, i, types.length);
      if (!accepts(parameter, type)) {
        const arg = node.args[i]!;
        this.report(
          'expression.type',
          arg,
          `${definition.name} expects ${describeType(parameter)} as argument ${i + 1}, but gets ${describeType(type)}${hintFor(parameter, type)}`,
        );
      }
    });
    return returnType(definition, types);
  }

  private checkComparison(
    leftNode: Expression,
    left: ExpressionType,
    rightNode: Expression,
    right: ExpressionType,
    operator: string,
  ): void {
    for (const [node, type] of [
      [leftNode, left],
      [rightNode, right],
    ] as const) {
      if (isCollectionType(type))
        this.report(
          'expression.type',
          node,
          `${operator} compares single values, but this is ${describeType(type)}${hintFor('any', type)}`,
        );
    }
    if (isCollectionType(left) || isCollectionType(right)) return;
    if (comparable(left, right)) return;
    this.report(
      'expression.type',
      { position: leftNode.position, end: rightNode.end },
      `Cannot compare ${describeType(left)} with ${describeType(right)}`,
    );
  }

  private expectOperand(
    node: Expression,
    type: ExpressionType,
    expected: ParameterType,
    message: string,
  ): void {
    if (!accepts(expected, type))
      this.report(
        'expression.type',
        node,
        `${message}, but this is ${describeType(type)}${hintFor(expected, type)}`,
      );
  }

  /** The type at a field path, following many-to-one relations and line items through the scope. */
  private fieldType(node: FieldReference): ExpressionType {
    if (!this.scope) return 'unknown';
    let fields = this.scope.entity.fields;
    let owner = this.scope.entity.key;
    let inLineItems = false;
    let position = node.position;
    for (let i = 0; i < node.path.length; i++) {
      const segment = node.path[i]!;
      const span = { position, end: position + segment.length };
      const last = i === node.path.length - 1;
      const field = fields.find((f) => f.key === segment);
      if (!field) {
        const system = systemFieldTypes.get(segment);
        if (system !== undefined && last) return inLineItems ? listOf(system) : system;
        const suggestion = closestName(
          segment,
          fields.map((f) => f.key),
        );
        this.report(
          'expression.unknownField',
          span,
          `${owner} has no field "${segment}"${suggestion ? `: did you mean ${suggestion}?` : ''}`,
        );
        return 'unknown';
      }
      if (field.type === 'relation' && field.kind !== 'manyToOne') {
        this.report(
          'expression.type',
          span,
          `"${segment}" is a to-many relation; expressions can only read many-to-one relations and line items`,
        );
        return 'unknown';
      }
      if (last) {
        const type = typeOfField(field);
        return inLineItems ? listOf(type) : type;
      }
      if (field.type === 'relation') {
        if (!this.scope.entities) return inLineItems ? 'list<unknown>' : 'unknown';
        const target = this.scope.entities.find((e) => e.key === field.target);
        if (!target) {
          this.report(
            'expression.unknownField',
            span,
            `"${segment}" points to entity "${field.target}", which does not exist`,
          );
          return 'unknown';
        }
        fields = target.fields;
        owner = target.key;
      } else if (field.type === 'lineItems' && !inLineItems) {
        fields = field.fields;
        owner = `${owner}.${segment}`;
        inLineItems = true;
      } else {
        this.report(
          'expression.unknownField',
          span,
          `"${segment}" is a ${field.type} field, not a relation or line items, so ".${node.path[i + 1]}" cannot follow it`,
        );
        return 'unknown';
      }
      position = span.end + 1;
    }
    return 'unknown';
  }
}

function comparable(a: ExpressionType, b: ExpressionType): boolean {
  if (a === b || a === 'unknown' || b === 'unknown' || a === 'null' || b === 'null') return true;
  const calendarOrText = new Set<ExpressionType>(['date', 'datetime', 'text']);
  return calendarOrText.has(a) && calendarOrText.has(b);
}

function hintFor(expected: ParameterType | ExpressionType, actual: ExpressionType): string {
  if (actual === 'rows')
    return ' (name a column, such as SUM(lines.amount), or count the lines with COUNT(lines))';
  if (
    isCollectionType(actual) &&
    !isCollectionType(expected as ExpressionType) &&
    expected !== 'numbers' &&
    expected !== 'comparables' &&
    expected !== 'values'
  ) {
    return ' (aggregate a column with SUM, AVG, MIN, MAX or COUNT)';
  }
  return '';
}
