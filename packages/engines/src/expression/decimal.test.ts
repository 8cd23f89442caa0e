import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal.ts';
import { ValueProblem } from './errors.ts';

const d = (text: string): Decimal => {
  const value = Decimal.parse(text);
  if (!value) throw new Error(`not decimal text: ${text}`);
  return value;
};

describe('Decimal', () => {
  it('reads and writes decimal text exactly, without trailing zeros or exponents', () => {
    expect(d('12.50').toString()).toBe('12.5');
    expect(d('-0.000').toString()).toBe('0');
    expect(d('1.5e-7').toString()).toBe('0.00000015');
    expect(d('1.5E+3').toString()).toBe('1500');
    expect(Decimal.fromNumber(0.1).toString()).toBe('0.1');
    expect(Decimal.fromNumber(1e21).toString()).toBe('1000000000000000000000');
    expect(Decimal.parse('1.2.3')).toBeUndefined();
    expect(Decimal.parse('abc')).toBeUndefined();
    expect(Decimal.parse('')).toBeUndefined();
  });

  it('adds, subtracts and multiplies exactly where binary floats drift', () => {
    expect(d('0.1').add(d('0.2')).toString()).toBe('0.3');
    expect(d('1.1').multiply(d('3')).toString()).toBe('3.3');
    expect(d('0.285').multiply(d('10')).toString()).toBe('2.85');
    expect(d('100').subtract(d('0.01')).toString()).toBe('99.99');
  });

  it('divides to 34 significant digits, and refuses to divide by zero', () => {
    expect(d('1').divide(d('8'))!.toString()).toBe('0.125');
    expect(d('1').divide(d('3'))!.toString()).toBe(`0.${'3'.repeat(34)}`);
    expect(d('2').divide(d('3'))!.toString()).toBe(`0.${'6'.repeat(33)}7`);
    expect(d('1').divide(d('0'))).toBeUndefined();
  });

  it('rounds half away from zero exactly, including the 1.005 case binary floats get wrong', () => {
    const round = (text: string, digits: number) =>
      d(text).round(digits, 'halfAwayFromZero').toString();
    expect(round('1.005', 2)).toBe('1.01');
    expect(round('2.675', 2)).toBe('2.68');
    expect(round('1.045', 2)).toBe('1.05');
    expect(round('-1.005', 2)).toBe('-1.01');
    expect(round('2.5', 0)).toBe('3');
    expect(round('-2.5', 0)).toBe('-3');
    expect(round('1.004999', 2)).toBe('1');
    expect(round('1250', -2)).toBe('1300');
    expect(round('0.4', -3)).toBe('0');
  });

  it('rounds up (away from zero), down (toward zero) and half to even', () => {
    expect(d('1.201').round(2, 'up').toString()).toBe('1.21');
    expect(d('-1.201').round(2, 'up').toString()).toBe('-1.21');
    expect(d('1.209').round(2, 'down').toString()).toBe('1.2');
    expect(d('-1.209').round(2, 'down').toString()).toBe('-1.2');
    expect(d('0.0001').round(-2, 'up').toString()).toBe('100');
    expect(d('2.5').round(0, 'halfEven').toString()).toBe('2');
    expect(d('3.5').round(0, 'halfEven').toString()).toBe('4');
  });

  it('writes fixed decimals for TEXT', () => {
    expect(d('2.5').toFixed(2)).toBe('2.50');
    expect(d('1.005').toFixed(2)).toBe('1.01');
    expect(d('-0.001').toFixed(2)).toBe('0.00');
    expect(d('7').toFixed(0)).toBe('7');
  });

  it('has remainders with the sign of the dividend (%) and of the divisor (MOD)', () => {
    expect(d('-7').remainder(d('3'))!.toString()).toBe('-1');
    expect(d('-7').modulo(d('3'))!.toString()).toBe('2');
    expect(d('7').modulo(d('-3'))!.toString()).toBe('-2');
    expect(d('5.5').remainder(d('2'))!.toString()).toBe('1.5');
    expect(d('5').modulo(d('0'))).toBeUndefined();
  });

  it('raises to whole powers exactly', () => {
    expect(d('1.1').power(2n)!.toString()).toBe('1.21');
    expect(d('2').power(-2n)!.toString()).toBe('0.25');
    expect(d('0').power(-1n)).toBeUndefined();
    expect(
      d('1')
        .power(10n ** 30n)!
        .toString(),
    ).toBe('1');
  });

  it('refuses numbers of 10^40 or more instead of overflowing to Infinity', () => {
    expect(() => d('1e40')).toThrow(ValueProblem);
    expect(() => d('2').power(200n)).toThrow(/too large/);
    expect(() => Decimal.fromNumber(Infinity)).toThrow(ValueProblem);
    expect(() => Decimal.fromNumber(NaN)).toThrow(ValueProblem);
    expect(d('1e-200').toString()).toBe('0');
    expect(() => Decimal.parse('1e999999999')).toThrow(ValueProblem);
  });

  it('agrees with bigint arithmetic on random scaled integers', () => {
    const scaled = fc.tuple(
      fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
      fc.integer({ min: 0, max: 12 }),
    );
    const text = ([coefficient, scale]: [bigint, number]) => {
      const digits = (coefficient < 0n ? -coefficient : coefficient)
        .toString()
        .padStart(scale + 1, '0');
      const sign = coefficient < 0n ? '-' : '';
      return scale === 0
        ? sign + digits
        : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    };
    fc.assert(
      fc.property(scaled, scaled, (a, b) => {
        const x = d(text(a));
        const y = d(text(b));
        const common = Math.max(a[1], b[1]);
        const ax = a[0] * 10n ** BigInt(common - a[1]);
        const bx = b[0] * 10n ** BigInt(common - b[1]);
        expect(x.add(y).equals(d(text([ax + bx, common])))).toBe(true);
        expect(x.subtract(y).equals(d(text([ax - bx, common])))).toBe(true);
        expect(x.multiply(y).equals(d(text([a[0] * b[0], a[1] + b[1]])))).toBe(true);
        expect(x.compare(y)).toBe(ax < bx ? -1 : ax > bx ? 1 : 0);
      }),
    );
  });

  it('rounds money to cents like integer arithmetic on thousandths', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (thousandths) => {
        const value = Decimal.fromInteger(thousandths).divide(Decimal.fromInteger(1000))!;
        const magnitude = Math.abs(thousandths);
        const cents = Math.sign(thousandths) * Math.floor((magnitude + 5) / 10);
        expect(
          value
            .round(2, 'halfAwayFromZero')
            .equals(Decimal.fromInteger(cents).divide(Decimal.fromInteger(100))!),
        ).toBe(true);
      }),
    );
  });
});
