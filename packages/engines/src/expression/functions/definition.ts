/**
 * What a function of the expression language is: its name, how its arguments are checked, the
 * type it returns and how it computes. Each family (`logic.ts`, `math.ts` …) is a list of these;
 * `registry.ts` gathers them. Adding a function is adding one entry to a family.
 */
import type { CalendarValue } from '../calendar.ts';
import type { Decimal } from '../decimal.ts';
import type { ExpressionType, ParameterType } from '../types.ts';
import type { WorkCalendar } from '../../work-calendar/work-calendar.ts';
import type { Value } from '../values.ts';

export type FunctionFamily = 'logic' | 'math' | 'aggregate' | 'text' | 'date';

/** The clock an evaluation runs on: `context.now` and `context.timeZone`, never the machine's. */
export interface Clock {
  readonly timeZone: string;
  /** `context.now` as milliseconds since 1970-01-01T00:00:00Z. */
  now(): number;
  /** The app's work calendar (`context.workCalendar`; by default Monday to Friday, 09:00–18:00, in `timeZone`). */
  workCalendar(): WorkCalendar;
}

/**
 * The arguments of one call, read through typed accessors. Each accessor evaluates its argument
 * on first use (so IF evaluates only the branch it returns) and throws an `expression.type`
 * error at the argument's position when the value is of the wrong kind.
 */
export interface FunctionArguments {
  readonly count: number;
  readonly clock: Clock;
  value(index: number): Value;
  /** A number; numeral text is read exactly. */
  number(index: number): Decimal | null;
  /** A whole number (fractions are cut toward zero) between `min` and `max`. */
  integer(index: number, min: number, max: number): number | null;
  /** Text; null is '', numbers and booleans are written out. */
  text(index: number): string;
  /** TRUE or FALSE; null is FALSE. */
  condition(index: number): boolean;
  /** A date or datetime from ISO text. */
  date(index: number): CalendarValue | null;
  /** All values of arguments `from` onward, columns spread out. */
  spread(from?: number): Value[];
  /** Throws an error at argument `index`: `expression.type` for a wrong kind of value, `expression.value` for a bad one. */
  fail(index: number, code: 'expression.type' | 'expression.value', message: string): never;
}

export interface FunctionDefinition {
  /** Upper-case name; calls are matched case-insensitively. */
  readonly name: string;
  readonly family: FunctionFamily;
  /** How a call looks, for docs and messages: `ROUND(number, digits?)`. */
  readonly signature: string;
  /** One sentence for the studio's function picker. */
  readonly summary: string;
  /** Type of each argument; the last one repeats for variadic functions. */
  readonly parameters: readonly ParameterType[];
  /** Overrides `parameters` where the pattern is not "last one repeats" (IFS). */
  readonly parameterAt?: (index: number, count: number) => ParameterType;
  readonly minArgs: number;
  /** `Infinity` for variadic functions. */
  readonly maxArgs: number;
  /**
   * `propagate`: all arguments are evaluated first and any null makes the result null without
   * calling `evaluate`. `handle`: `evaluate` reads arguments itself and decides about nulls.
   */
  readonly nulls: 'propagate' | 'handle';
  /** The result type, fixed or from the argument types. */
  readonly returns: ExpressionType | ((args: readonly ExpressionType[]) => ExpressionType);
  evaluate(args: FunctionArguments): Value;
}

/** The checked type of argument `index` of a call with `count` arguments. */
export function parameterAt(
  definition: FunctionDefinition,
  index: number,
  count: number,
): ParameterType {
  if (definition.parameterAt) return definition.parameterAt(index, count);
  const { parameters } = definition;
  return parameters[Math.min(index, parameters.length - 1)] ?? 'any';
}

/** A sentence when `count` arguments do not fit the function, else `undefined`. */
export function arityProblem(definition: FunctionDefinition, count: number): string | undefined {
  const { minArgs, maxArgs, name, signature } = definition;
  if (count >= minArgs && count <= maxArgs) return undefined;
  const expected =
    minArgs === maxArgs
      ? `${minArgs} argument${minArgs === 1 ? '' : 's'}`
      : maxArgs === Infinity
        ? `at least ${minArgs} argument${minArgs === 1 ? '' : 's'}`
        : `${minArgs} to ${maxArgs} arguments`;
  return `${name} expects ${expected}, got ${count}: ${signature}`;
}

/** The result type of a call whose arguments have `args` types. */
export function returnType(
  definition: FunctionDefinition,
  args: readonly ExpressionType[],
): ExpressionType {
  return typeof definition.returns === 'function' ? definition.returns(args) : definition.returns;
}
