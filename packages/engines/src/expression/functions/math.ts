/**
 * Math on exact decimals: ROUND, ROUNDUP, ROUNDDOWN, ABS, POWER, MOD. A null argument gives
 * null; math without a result (MOD by zero, a negative number to a fractional power) gives null.
 */
import { Decimal, type RoundingMode } from '../decimal.ts';
import { ValueProblem } from '../errors.ts';
import type { FunctionArguments, FunctionDefinition } from './definition.ts';

/** The widest `digits` accepted by the rounding functions. */
const MAX_ROUNDING_DIGITS = 30;

function rounding(name: string, mode: RoundingMode, summary: string): FunctionDefinition {
  return {
    name,
    family: 'math',
    signature: `${name}(number, digits?)`,
    summary,
    parameters: ['number', 'number'],
    minArgs: 1,
    maxArgs: 2,
    nulls: 'propagate',
    returns: 'number',
    evaluate(args: FunctionArguments) {
      const digits =
        args.count > 1 ? args.integer(1, -MAX_ROUNDING_DIGITS, MAX_ROUNDING_DIGITS) : 0;
      return args.number(0)?.round(digits ?? 0, mode) ?? null;
    },
  };
}

export const mathFunctions: readonly FunctionDefinition[] = [
  rounding(
    'ROUND',
    'halfAwayFromZero',
    'Rounds to digits after the point (default 0), halves away from zero, exactly: ROUND(1.005, 2) = 1.01, ROUND(-2.5) = -3. Negative digits round to tens, hundreds ….',
  ),
  rounding(
    'ROUNDUP',
    'up',
    'Rounds away from zero to digits after the point: ROUNDUP(1.201, 2) = 1.21, ROUNDUP(-1.201, 2) = -1.21.',
  ),
  rounding(
    'ROUNDDOWN',
    'down',
    'Rounds toward zero to digits after the point: ROUNDDOWN(1.209, 2) = 1.2, ROUNDDOWN(-1.209, 2) = -1.2.',
  ),
  {
    name: 'ABS',
    family: 'math',
    signature: 'ABS(number)',
    summary: 'The number without its sign.',
    parameters: ['number'],
    minArgs: 1,
    maxArgs: 1,
    nulls: 'propagate',
    returns: 'number',
    evaluate: (args) => args.number(0)?.abs() ?? null,
  },
  {
    name: 'POWER',
    family: 'math',
    signature: 'POWER(base, exponent)',
    summary:
      'base raised to exponent; exact for whole exponents, else to about 15 digits. NULL when there is no real result.',
    parameters: ['number', 'number'],
    minArgs: 2,
    maxArgs: 2,
    nulls: 'propagate',
    returns: 'number',
    evaluate(args) {
      const base = args.number(0)!;
      const exponent = args.number(1)!;
      if (exponent.isInteger()) return base.power(exponent.coefficient) ?? null;
      const result = Math.pow(base.toNumber(), exponent.toNumber());
      if (Number.isNaN(result)) return null;
      if (!Number.isFinite(result))
        throw new ValueProblem('expression.value', 'the result of POWER is too large');
      return Decimal.fromNumber(result);
    },
  },
  {
    name: 'MOD',
    family: 'math',
    signature: 'MOD(number, divisor)',
    summary:
      'The remainder after dividing, with the sign of the divisor as in spreadsheets: MOD(-3, 2) = 1. NULL when divisor is 0.',
    parameters: ['number', 'number'],
    minArgs: 2,
    maxArgs: 2,
    nulls: 'propagate',
    returns: 'number',
    evaluate: (args) => args.number(0)!.modulo(args.number(1)!) ?? null,
  },
];
