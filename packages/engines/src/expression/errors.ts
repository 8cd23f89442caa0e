import { pointer } from '@pipewright/metadata';
import { PipewrightError } from '../errors.ts';
import { MAX_EXPRESSION_DEPTH } from './limits.ts';

/**
 * Typed errors of the expression language. Every problem carries a stable `code`, a sentence for
 * people, and the character span (`position` … `end`, offsets into the expression text) that the
 * studio underlines.
 */

export type ExpressionErrorCode =
  /** The text is not a well-formed expression. */
  | 'expression.syntax'
  /** A function name that the registry does not know. */
  | 'expression.unknownFunction'
  /** A function called with too few or too many arguments. */
  | 'expression.arity'
  /** A field or path the entity does not have. */
  | 'expression.unknownField'
  /** A value of the wrong kind: text in arithmetic, a number as a condition … */
  | 'expression.type'
  /** A value of the right kind but outside what the operation accepts: a negative length, an invalid date, a number too large. */
  | 'expression.value'
  /** The expression nests deeper than the limit. */
  | 'expression.tooDeep'
  /** The expression text is longer than the limit. */
  | 'expression.tooLong'
  /** Evaluation would take more steps than the limit. */
  | 'expression.tooCostly'
  /** Formula fields depend on each other in a loop. */
  | 'expression.cycle'
  /** A formula computed when read (it follows a relation or the clock) uses what SQL cannot compute. */
  | 'expression.notTranslatable'
  /** A line-item formula that follows a relation or reads the clock (decision 040). */
  | 'expression.liveInLineItems';

/** One problem with an expression, as plain data (what `checkExpression` returns). */
export interface ExpressionProblem {
  code: ExpressionErrorCode;
  message: string;
  /** Offset of the first character of the problem in the expression text. */
  position: number;
  /** Offset just after the problem (equal to `position` for a point). */
  end: number;
  /** For problems of a formula field: its key, or `lines.field` for a line-item formula. */
  field?: string;
  /** For a line-item formula: the index of the line. */
  row?: number;
}

/**
 * Thrown by `parseExpression`, `evaluate` and `computeFormulas`. A `PipewrightError` like the
 * other engines' errors; for a formula it also names, in `problems`, the JSON pointer of the
 * formula's value in the record (`/total`, `/products/1/line_total`).
 */
export class ExpressionError extends PipewrightError implements ExpressionProblem {
  declare readonly code: ExpressionErrorCode;
  readonly field?: string;
  readonly row?: number;

  constructor(
    code: ExpressionErrorCode,
    message: string,
    readonly position: number,
    readonly end: number = position,
    where: { field?: string; row?: number } = {},
  ) {
    super(
      code,
      message,
      where.field === undefined
        ? []
        : [{ path: recordPointer(where.field, where.row), code, message }],
    );
    this.name = 'ExpressionError';
    if (where.field !== undefined) this.field = where.field;
    if (where.row !== undefined) this.row = where.row;
  }

  /** The same error, marked as coming from formula `field` (and line `row`). */
  inFormula(field: string, row?: number): ExpressionError {
    const located = new ExpressionError(this.code, this.message, this.position, this.end, {
      field,
      ...(row === undefined ? {} : { row }),
    });
    located.cause = this;
    return located;
  }

  toJSON(): ExpressionProblem {
    return {
      code: this.code,
      message: this.message,
      position: this.position,
      end: this.end,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.row === undefined ? {} : { row: this.row }),
    };
  }
}

/** `total` → `/total`; `products.line_total`, row 1 → `/products/1/line_total`. */
function recordPointer(field: string, row: number | undefined): string {
  const [first = '', ...rest] = field.split('.');
  return row === undefined ? pointer(first, ...rest) : pointer(first, row, ...rest);
}

/**
 * A problem found while computing a value, before it is known where in the text it happened.
 * The evaluator catches it and rethrows an `ExpressionError` at the span of the node being
 * evaluated. Never escapes the expression module.
 */
export class ValueProblem extends Error {
  constructor(
    readonly code: ExpressionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ValueProblem';
  }

  at(span: { position: number; end: number }): ExpressionError {
    return new ExpressionError(this.code, this.message, span.position, span.end);
  }
}

/**
 * Refuses a syntax tree deeper than the language allows, wherever a tree is walked (checker,
 * evaluator, printer, reference finder): trees built by hand or read from JSON skip the parser's
 * own limit.
 */
export function checkTreeDepth(node: { position: number; end: number }, depth: number): void {
  if (depth > MAX_EXPRESSION_DEPTH) {
    const position = Number.isSafeInteger(node.position) ? node.position : 0;
    const end = Number.isSafeInteger(node.end) ? node.end : position;
    throw new ExpressionError('expression.tooDeep', `The expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep`, position, end);
  }
}
