/** `{{number quantity}}`, `{{number weight 3}}`: a number with thousands separators and a fixed count of decimals. */
import { numberOf, type PrintHelper } from './print-helper.ts';

export function formatNumber(value: number, locale: string, decimals?: number): string {
  const options: Intl.NumberFormatOptions = decimals === undefined ? { maximumFractionDigits: 10 } : { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
  return new Intl.NumberFormat(locale, options).format(value);
}

/** The decimals argument of a helper: an integer 0–10, else `undefined`. */
export function decimalsOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10 ? value : undefined;
}

export const numberHelper: PrintHelper = {
  name: 'number',
  description: 'A number with thousands separators, optionally with fixed decimals: {{number quantity}} → 1,200; {{number rate 2}} → 3.50',
  arity: [1, 2],
  run([value, decimals], context) {
    const n = numberOf(value);
    return n === undefined ? '' : formatNumber(n, context.locale, decimalsOf(decimals));
  },
};
