/**
 * The `FunctionArguments` a function implementation reads its arguments through: evaluated on
 * first use, checked by kind, and with errors placed at the argument's span in the text.
 */
import type { Expression, FunctionCall } from './ast.ts';
import { parseCalendarText, type CalendarValue } from './calendar.ts';
import type { Decimal } from './decimal.ts';
import { ExpressionError, ValueProblem } from './errors.ts';
import type { Clock, FunctionArguments } from './functions/definition.ts';
import { asNumber, describeValue, toCondition, toText, type Value } from './values.ts';

export class CallArguments implements FunctionArguments {
  private readonly values: (Value | undefined)[];

  constructor(
    private readonly call: FunctionCall,
    private readonly evaluateArgument: (node: Expression) => Value,
    readonly clock: Clock,
    evaluated: Value[] = [],
  ) {
    this.values = evaluated;
  }

  get count(): number {
    return this.call.args.length;
  }

  value(index: number): Value {
    const node = this.call.args[index];
    if (node === undefined) return null;
    let value = this.values[index];
    if (value === undefined) {
      value = this.evaluateArgument(node);
      this.values[index] = value;
    }
    return value;
  }

  number(index: number): Decimal | null {
    const value = this.value(index);
    const number = asNumber(value);
    if (number === undefined) throw this.mismatch(index, 'a number', value);
    return number;
  }

  integer(index: number, min: number, max: number): number | null {
    const number = this.number(index);
    if (number === null) return null;
    const whole = number.round(0, 'down').toSafeInteger();
    if (whole === undefined || whole < min || whole > max) {
      this.fail(
        index,
        'expression.value',
        `${this.call.name} needs a whole number from ${min} to ${max} as argument ${index + 1}, got ${number.toString()}`,
      );
    }
    return whole;
  }

  text(index: number): string {
    return this.converted(index, toText);
  }

  condition(index: number): boolean {
    return this.converted(index, toCondition);
  }

  date(index: number): CalendarValue | null {
    const value = this.value(index);
    if (value === null) return null;
    const date = typeof value === 'string' ? parseCalendarText(value) : undefined;
    if (date === undefined)
      throw this.mismatch(index, 'a date (YYYY-MM-DD) or datetime (ISO 8601)', value);
    return date;
  }

  spread(from = 0): Value[] {
    const values: Value[] = [];
    for (let i = from; i < this.count; i++) {
      const value = this.value(i);
      if (Array.isArray(value)) values.push(...(value as Value[]));
      else values.push(value);
    }
    return values;
  }

  fail(index: number, code: 'expression.type' | 'expression.value', message: string): never {
    const node = this.call.args[index] ?? this.call;
    throw new ExpressionError(code, message, node.position, node.end);
  }

  private converted<T>(index: number, convert: (value: Value) => T): T {
    const value = this.value(index);
    try {
      return convert(value);
    } catch (error) {
      if (error instanceof ValueProblem) {
        const node = this.call.args[index] ?? this.call;
        throw new ExpressionError(
          error.code,
          `${this.call.name}, argument ${index + 1}: ${error.message}`,
          node.position,
          node.end,
        );
      }
      throw error;
    }
  }

  private mismatch(index: number, expected: string, value: Value): ExpressionError {
    const node = this.call.args[index] ?? this.call;
    return new ExpressionError(
      'expression.type',
      `${this.call.name} expects ${expected} as argument ${index + 1}, got ${describeValue(value)}`,
      node.position,
      node.end,
    );
  }
}
