/**
 * The evaluator: walks a syntax tree against a record and returns plain data. No `eval`, no
 * `new Function`, no global clock: everything it reads comes from the context.
 *
 * Null rules, in short (README.md has the full table): arithmetic with null gives null;
 * `&` reads null as ''; conditions read null as FALSE; `x = NULL` asks whether x is null;
 * dividing by zero gives null.
 */
import {
  arithmeticOperators,
  type BinaryOperation,
  type Expression,
  type FunctionCall,
} from './ast.ts';
import { defaultTimeZone } from '../clock.ts';
import { workCalendar, type WorkCalendar } from '../work-calendar/work-calendar.ts';
import { CallArguments } from './arguments.ts';
import { parseCalendarText, instantOf } from './calendar.ts';
import { compareValues, valuesEqual } from './comparison.ts';
import { Decimal } from './decimal.ts';
import { checkTreeDepth, ExpressionError, ValueProblem } from './errors.ts';
import { arityProblem, type Clock } from './functions/definition.ts';
import { findFunction } from './functions/registry.ts';
import { MAX_EVALUATION_STEPS, MAX_TEXT_LENGTH } from './limits.ts';
import {
  FieldReader,
  type ExpressionScope,
  type RelatedRecordLookup,
  type RelatedRecords,
} from './paths.ts';
import {
  asNumber,
  describeValue,
  toCondition,
  toPlain,
  toText,
  type ExpressionValue,
  type Value,
} from './values.ts';

export interface EvaluationContext {
  /** The record the expression reads fields from. */
  record: Readonly<Record<string, unknown>>;
  /** The evaluation's clock: TODAY() and NOW() read it. Required, so evaluation is deterministic. */
  now: Date | string;
  /** IANA time zone for "today" and the calendar day of datetimes; default `Asia/Shanghai`. */
  timeZone?: string;
  /** How to find related records behind ids (`account.industry`): a lookup function or pre-fetched records. */
  resolve?: RelatedRecordLookup | RelatedRecords;
  /** The entity the record belongs to; when given, numeric fields holding numeral text are read exactly as numbers. */
  scope?: ExpressionScope;
  /** The app's work calendar, for BUSINESS_HOURS and the other business-time functions; default Monday to Friday, 09:00–18:00, in `timeZone`. */
  workCalendar?: WorkCalendar;
}

/**
 * Evaluates a parsed expression against a record.
 *
 * @example
 * const ast = parseExpression('ROUND(quantity * unit_price, 2)');
 * evaluate(ast, { record: { quantity: 3, unit_price: 19.99 }, now: '2024-05-01T08:00:00Z' }) // 59.97
 */
export function evaluate(expression: Expression, context: EvaluationContext): ExpressionValue {
  return toPlain(evaluateToValue(expression, context));
}

/**
 * Evaluates a condition (form visibility, a workflow branch): TRUE or FALSE, with null read as
 * FALSE; any other result is an `expression.type` error.
 *
 * @example
 * evaluateCondition(parseExpression("stage = 'won' AND amount > 100000"), { record, now }) // true
 */
export function evaluateCondition(expression: Expression, context: EvaluationContext): boolean {
  const value = evaluateToValue(expression, context);
  try {
    return toCondition(value);
  } catch (error) {
    throw error instanceof ValueProblem ? error.at(spanOf(expression)) : error;
  }
}

/** The internal value of an expression (exact decimals kept); `relationPrefix` is for line-item formulas. */
export function evaluateToValue(
  expression: Expression,
  context: EvaluationContext,
  relationPrefix = '',
): Value {
  return new Evaluation(context, relationPrefix).evaluate(expression, 1);
}

class Evaluation {
  private steps = 0;
  private readonly reader: FieldReader;
  private readonly clock: Clock;
  private readonly timeZone: string;

  constructor(context: EvaluationContext, relationPrefix: string) {
    this.timeZone = context.timeZone ?? defaultTimeZone;
    this.clock = clockOf(context.now, this.timeZone, context.workCalendar);
    this.reader = new FieldReader({
      record: typeof context.record === 'object' && context.record !== null ? context.record : {},
      resolve: context.resolve,
      scope: context.scope,
      timeZone: this.timeZone,
      relationPrefix,
      charge: (steps) => this.charge(steps, undefined),
    });
  }

  evaluate(node: Expression, depth: number): Value {
    if (typeof node !== 'object' || node === null) {
      throw new ExpressionError(
        'expression.syntax',
        'Not an expression: expected a syntax tree node',
        0,
      );
    }
    checkTreeDepth(node, depth);
    this.charge(1, node);
    try {
      const value = this.evaluateNode(node, depth);
      // Text read from the record is as long as its field allows; text made here is bounded.
      if (typeof value === 'string' && value.length > MAX_TEXT_LENGTH && node.kind !== 'field') {
        throw new ValueProblem('expression.value', `The text would be longer than ${MAX_TEXT_LENGTH} characters`);
      }
      return value;
    } catch (error) {
      if (error instanceof ValueProblem) throw error.at(spanOf(node));
      throw error;
    }
  }

  private evaluateNode(node: Expression, depth: number): Value {
    switch (node.kind) {
      case 'number': {
        const value = typeof node.value === 'string' ? Decimal.parse(node.value) : undefined;
        if (value === undefined) throw malformed(node, 'a number literal needs decimal text');
        return value;
      }
      case 'text':
        if (typeof node.value !== 'string') throw malformed(node, 'a text literal needs a string');
        return node.value;
      case 'boolean':
        return node.value === true;
      case 'null':
        return null;
      case 'field':
        if (
          !Array.isArray(node.path) ||
          node.path.length === 0 ||
          !node.path.every((s) => typeof s === 'string')
        ) {
          throw malformed(node, 'a field reference needs a path of keys');
        }
        return this.reader.read(node.path);
      case 'unary': {
        const operand = this.evaluate(node.operand, depth + 1);
        if (node.operator === 'not') return !this.condition(operand, node.operand);
        const number = asNumber(operand);
        if (number === undefined)
          throw this.typeError(node.operand, `Cannot negate ${describeValue(operand)}`);
        return number?.negate() ?? null;
      }
      case 'logical': {
        const left = this.condition(this.evaluate(node.left, depth + 1), node.left);
        if (node.operator === 'and' ? !left : left) return left;
        return this.condition(this.evaluate(node.right, depth + 1), node.right);
      }
      case 'binary':
        return this.binary(node, depth);
      case 'call':
        return this.call(node, depth);
      default:
        throw malformed(node, `unknown node kind "${String((node as { kind?: unknown }).kind)}"`);
    }
  }

  private binary(node: BinaryOperation, depth: number): Value {
    const left = this.evaluate(node.left, depth + 1);
    const right = this.evaluate(node.right, depth + 1);
    const { operator } = node;
    if (arithmeticOperators.has(operator)) {
      const a = asNumber(left);
      const b = asNumber(right);
      if (a === undefined)
        throw this.typeError(
          node.left,
          `${operator} needs numbers, but the left side is ${describeValue(left)}`,
        );
      if (b === undefined)
        throw this.typeError(
          node.right,
          `${operator} needs numbers, but the right side is ${describeValue(right)}`,
        );
      if (a === null || b === null) return null;
      switch (operator) {
        case '+':
          return a.add(b);
        case '-':
          return a.subtract(b);
        case '*':
          return a.multiply(b);
        case '/':
          return a.divide(b) ?? null;
        default:
          return a.remainder(b) ?? null;
      }
    }
    switch (operator) {
      case '&':
        return this.text(left, node.left) + this.text(right, node.right);
      case '=':
        return valuesEqual(left, right, this.timeZone);
      case '!=':
        return !valuesEqual(left, right, this.timeZone);
      default: {
        const order = compareValues(left, right, this.timeZone);
        if (order === null) return null;
        if (operator === '<') return order < 0;
        if (operator === '<=') return order <= 0;
        if (operator === '>') return order > 0;
        if (operator === '>=') return order >= 0;
        throw malformed(node, `unknown operator "${String(operator)}"`);
      }
    }
  }

  private call(node: FunctionCall, depth: number): Value {
    const definition = typeof node.name === 'string' ? findFunction(node.name) : undefined;
    if (definition === undefined) {
      throw new ExpressionError(
        'expression.unknownFunction',
        `Unknown function ${String(node.name)}`,
        ...span(node),
      );
    }
    if (!Array.isArray(node.args))
      throw malformed(node, 'a function call needs a list of arguments');
    const arity = arityProblem(definition, node.args.length);
    if (arity !== undefined) throw new ExpressionError('expression.arity', arity, ...span(node));
    const evaluateArgument = (argument: Expression): Value => this.evaluate(argument, depth + 1);
    if (definition.nulls === 'propagate') {
      const values = node.args.map(evaluateArgument);
      if (values.includes(null)) return null;
      return definition.evaluate(new CallArguments(node, evaluateArgument, this.clock, values));
    }
    return definition.evaluate(new CallArguments(node, evaluateArgument, this.clock));
  }

  private condition(value: Value, node: Expression): boolean {
    try {
      return toCondition(value);
    } catch (error) {
      throw error instanceof ValueProblem ? error.at(spanOf(node)) : error;
    }
  }

  private text(value: Value, node: Expression): string {
    try {
      return toText(value);
    } catch (error) {
      throw error instanceof ValueProblem ? error.at(spanOf(node)) : error;
    }
  }

  private typeError(node: Expression, message: string): ExpressionError {
    return new ExpressionError('expression.type', message, ...span(node));
  }

  private charge(steps: number, node: Expression | undefined): void {
    this.steps += steps;
    if (this.steps > MAX_EVALUATION_STEPS) {
      const problem = new ValueProblem(
        'expression.tooCostly',
        `Evaluating the expression takes more than ${MAX_EVALUATION_STEPS} steps`,
      );
      throw node ? problem.at(spanOf(node)) : problem;
    }
  }
}

/** The clock of a context: `now` parsed once, on first use. */
function clockOf(now: Date | string, timeZone: string, calendar: WorkCalendar | undefined): Clock {
  let epochMs: number | undefined;
  let working = calendar;
  return {
    timeZone,
    workCalendar: () => (working ??= workCalendar({}, timeZone)),
    now() {
      if (epochMs === undefined) {
        const parsed = typeof now === 'string' ? parseCalendarText(now) : undefined;
        const ms = now instanceof Date ? now.getTime() : parsed ? instantOf(parsed, timeZone) : NaN;
        if (!Number.isFinite(ms)) {
          throw new ValueProblem(
            'expression.value',
            'context.now is not a valid date and time (give a Date or ISO 8601 text)',
          );
        }
        epochMs = ms;
      }
      return epochMs;
    },
  };
}

function spanOf(node: Expression): { position: number; end: number } {
  const [position, end] = span(node);
  return { position, end };
}

function span(node: Expression): [number, number] {
  const position = Number.isSafeInteger(node.position) ? node.position : 0;
  const end = Number.isSafeInteger(node.end) ? node.end : position;
  return [position, end];
}

function malformed(node: Expression, message: string): ExpressionError {
  return new ExpressionError(
    'expression.syntax',
    `Not a valid expression tree: ${message}`,
    ...span(node),
  );
}
