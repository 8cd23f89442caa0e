/**
 * Exact decimal numbers for the expression language.
 *
 * Money must not drift: `0.1 + 0.2 = 0.3` holds and `ROUND(1.005, 2)` is `1.01`. A `Decimal` is
 * an integer coefficient (bigint) scaled by a power of ten, so addition, subtraction and
 * multiplication are exact. Division keeps 34 significant digits (like IEEE decimal128) and
 * rounds half to even beyond them. Every value keeps at most 60 digits after the point and
 * fewer than 40 before it; a larger result is a `expression.value` problem, never Infinity.
 */
import { ValueProblem } from './errors.ts';

/** Digits kept after the decimal point; finer digits are rounded half to even. */
const MAX_SCALE = 60;
/** Values must stay below 10^40 in magnitude. */
const MAX_INTEGER_DIGITS = 40;
/** Significant digits kept by division. */
const DIVISION_DIGITS = 34;

/**
 * How `round` treats the dropped digits: `halfAwayFromZero` (spreadsheet ROUND), `halfEven`
 * (banker's rounding, used internally), `up` (away from zero, ROUNDUP) and `down` (toward zero,
 * ROUNDDOWN).
 */
export type RoundingMode = 'halfAwayFromZero' | 'halfEven' | 'up' | 'down';

const powersOfTen: bigint[] = [1n];
function pow10(exponent: number): bigint {
  for (let i = powersOfTen.length; i <= exponent; i++) powersOfTen.push(powersOfTen[i - 1]! * 10n);
  return powersOfTen[exponent]!;
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function digitCount(n: bigint): number {
  return n === 0n ? 0 : abs(n).toString().length;
}

/** `numerator / denominator` rounded to an integer by `mode`. */
function divideInteger(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator < 0n) return divideInteger(-numerator, -denominator, mode);
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const away = quotient + (numerator < 0n ? -1n : 1n);
  const twice = abs(remainder) * 2n;
  switch (mode) {
    case 'down':
      return quotient;
    case 'up':
      return away;
    case 'halfAwayFromZero':
      return twice >= denominator ? away : quotient;
    case 'halfEven':
      if (twice > denominator) return away;
      if (twice < denominator) return quotient;
      return quotient % 2n === 0n ? quotient : away;
  }
}

const decimalText = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

export class Decimal {
  static readonly zero = new Decimal(0n, 0);
  static readonly one = new Decimal(1n, 0);

  /** Use `Decimal.of`, `Decimal.parse` or `Decimal.fromNumber`. */
  private constructor(
    /** The digits, as an integer. */
    readonly coefficient: bigint,
    /** How many of the digits are after the decimal point (0 … 60). */
    readonly scale: number,
  ) {}

  /**
   * `coefficient × 10^-scale`, normalised: no trailing zeros after the point, at most 60 digits
   * after it (rounded half to even), and an `expression.value` problem when 10^40 or more.
   */
  static of(coefficient: bigint, scale: number): Decimal {
    if (scale < 0) {
      if (coefficient !== 0n && digitCount(coefficient) - scale > MAX_INTEGER_DIGITS)
        throw tooLarge();
      return Decimal.of(coefficient * pow10(-scale), 0);
    }
    if (scale > MAX_SCALE) {
      coefficient = divideInteger(coefficient, pow10(scale - MAX_SCALE), 'halfEven');
      scale = MAX_SCALE;
    }
    while (scale > 0 && coefficient % 10n === 0n) {
      coefficient /= 10n;
      scale--;
    }
    if (digitCount(coefficient) - scale > MAX_INTEGER_DIGITS) throw tooLarge();
    return new Decimal(coefficient, scale);
  }

  static fromInteger(n: number): Decimal {
    return Decimal.of(BigInt(n), 0);
  }

  /**
   * Reads decimal text such as `-12.50`, `0.1` or `1.5e-7` exactly; `undefined` for anything else
   * (and an `expression.value` problem for a number of 10^40 or more).
   *
   * @example
   * Decimal.parse('1.005')?.round(2, 'halfAwayFromZero').toString() // '1.01'
   */
  static parse(text: string): Decimal | undefined {
    if (text.length > 400) return undefined;
    const match = decimalText.exec(text);
    if (!match) return undefined;
    const [, sign, whole = '', fraction = '', exponentText] = match;
    let coefficient = BigInt(whole + fraction);
    if (sign === '-') coefficient = -coefficient;
    const exponent = exponentText === undefined ? 0 : Number(exponentText);
    const scale = fraction.length - exponent;
    if (coefficient === 0n) return Decimal.zero;
    if (scale > MAX_SCALE + digitCount(coefficient) + 1) return Decimal.zero; // far below the finest digit kept
    return Decimal.of(coefficient, scale);
  }

  /** The exact decimal that JavaScript prints for `n` (`0.1` → 0.1, not 0.1000000000000000055…). */
  static fromNumber(n: number): Decimal {
    if (!Number.isFinite(n))
      throw new ValueProblem('expression.value', `${n} is not a number an expression can use`);
    if (Number.isInteger(n) && Number.isSafeInteger(n)) return Decimal.of(BigInt(n), 0);
    return Decimal.parse(String(n))!;
  }

  get sign(): -1 | 0 | 1 {
    return this.coefficient === 0n ? 0 : this.coefficient < 0n ? -1 : 1;
  }

  isZero(): boolean {
    return this.coefficient === 0n;
  }

  isInteger(): boolean {
    return this.scale === 0;
  }

  negate(): Decimal {
    return new Decimal(-this.coefficient, this.scale);
  }

  abs(): Decimal {
    return this.coefficient < 0n ? this.negate() : this;
  }

  add(other: Decimal): Decimal {
    const [a, b, scale] = align(this, other);
    return Decimal.of(a + b, scale);
  }

  subtract(other: Decimal): Decimal {
    const [a, b, scale] = align(this, other);
    return Decimal.of(a - b, scale);
  }

  multiply(other: Decimal): Decimal {
    return Decimal.of(this.coefficient * other.coefficient, this.scale + other.scale);
  }

  /**
   * The quotient to 34 significant digits, or `undefined` when dividing by zero.
   *
   * @example
   * Decimal.fromInteger(1).divide(Decimal.fromInteger(8))?.toString() // '0.125'
   */
  divide(divisor: Decimal): Decimal | undefined {
    if (divisor.isZero()) return undefined;
    if (this.isZero()) return Decimal.zero;
    const magnitude =
      digitCount(this.coefficient) - this.scale - (digitCount(divisor.coefficient) - divisor.scale);
    const scale = Math.min(MAX_SCALE, Math.max(0, DIVISION_DIGITS - magnitude));
    const numerator = this.coefficient * pow10(divisor.scale + scale);
    const denominator = divisor.coefficient * pow10(this.scale);
    return Decimal.of(divideInteger(numerator, denominator, 'halfEven'), scale);
  }

  /** Remainder with the sign of the dividend, as JavaScript's `%`; `undefined` for a zero divisor. */
  remainder(divisor: Decimal): Decimal | undefined {
    if (divisor.isZero()) return undefined;
    const [a, b, scale] = align(this, divisor);
    return Decimal.of(a % b, scale);
  }

  /** Remainder with the sign of the divisor, as spreadsheet MOD; `undefined` for a zero divisor. */
  modulo(divisor: Decimal): Decimal | undefined {
    const remainder = this.remainder(divisor);
    if (remainder === undefined || remainder.isZero() || remainder.sign === divisor.sign)
      return remainder;
    return remainder.add(divisor);
  }

  /** `this` raised to a whole power; `undefined` for zero to a negative power. */
  power(exponent: bigint): Decimal | undefined {
    if (exponent < 0n) {
      const positive = this.power(-exponent);
      return positive === undefined ? undefined : Decimal.one.divide(positive);
    }
    let result = Decimal.one;
    let base = this.multiply(Decimal.one);
    let remaining = exponent;
    while (remaining > 0n) {
      if ((remaining & 1n) === 1n) result = result.multiply(base);
      remaining >>= 1n;
      if (remaining > 0n) base = base.multiply(base);
    }
    return result;
  }

  /** -1, 0 or 1 as `this` is less than, equal to or greater than `other`. */
  compare(other: Decimal): -1 | 0 | 1 {
    const [a, b] = align(this, other);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }

  /**
   * Rounded to `digits` after the point (negative `digits` round to tens, hundreds …).
   *
   * @example
   * Decimal.parse('2.345')!.round(2, 'halfAwayFromZero').toString() // '2.35'
   * Decimal.parse('1250')!.round(-2, 'halfAwayFromZero').toString() // '1300'
   */
  round(digits: number, mode: RoundingMode): Decimal {
    if (digits >= this.scale) return this;
    const dropped = this.scale - digits;
    if (dropped > this.scale + digitCount(this.coefficient) + 1) {
      // Every digit is dropped: the result is 0 or one unit of the last kept place.
      const unit = mode === 'up' && !this.isZero() ? BigInt(this.sign) : 0n;
      return Decimal.of(unit, digits);
    }
    return Decimal.of(divideInteger(this.coefficient, pow10(dropped), mode), digits);
  }

  /** The value as a JavaScript integer when it is whole and safe, else `undefined`. */
  toSafeInteger(): number | undefined {
    if (this.scale !== 0) return undefined;
    const n = Number(this.coefficient);
    return Number.isSafeInteger(n) ? n : undefined;
  }

  /** The nearest JavaScript number (what `evaluate` returns). */
  toNumber(): number {
    const n = Number(this.toString());
    return n === 0 ? 0 : n;
  }

  /** Plain decimal text without exponent or trailing zeros: `-1234.5`. */
  toString(): string {
    const digits = abs(this.coefficient).toString();
    const sign = this.coefficient < 0n ? '-' : '';
    if (this.scale === 0) return sign + digits;
    const padded = digits.padStart(this.scale + 1, '0');
    return `${sign}${padded.slice(0, -this.scale)}.${padded.slice(-this.scale)}`;
  }

  /** Text with exactly `digits` after the point, rounded half away from zero: `toFixed(2)` of 1.005 → `1.01`. */
  toFixed(digits: number): string {
    const rounded = this.round(digits, 'halfAwayFromZero');
    const text = rounded.toString();
    if (digits <= 0) return text;
    const [whole, fraction = ''] = text.split('.');
    return `${whole}.${fraction.padEnd(digits, '0')}`;
  }
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.coefficient, b.coefficient, a.scale];
  if (a.scale > b.scale) return [a.coefficient, b.coefficient * pow10(a.scale - b.scale), a.scale];
  return [a.coefficient * pow10(b.scale - a.scale), b.coefficient, b.scale];
}

function tooLarge(): ValueProblem {
  return new ValueProblem(
    'expression.value',
    `the number is too large (numbers must stay below 10^${MAX_INTEGER_DIGITS})`,
  );
}
