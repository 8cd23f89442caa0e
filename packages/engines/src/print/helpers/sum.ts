/** `{{money (sum products "subtotal")}}`: the sum of one field over a record's line items, exact to the fen. */
import { numberOf, type PrintHelper } from './print-helper.ts';

/** Sums in units of 10⁻⁶ so that 0.1 + 0.2 prints as 0.3. */
export function sumOf(items: unknown, field: string): number {
  if (!Array.isArray(items)) return 0;
  let micros = 0;
  for (const item of items) {
    if (item === null || typeof item !== 'object' || !Object.hasOwn(item, field)) continue;
    const n = numberOf((item as Record<string, unknown>)[field]);
    if (n !== undefined) micros += Math.round(n * 1e6);
  }
  return micros / 1e6;
}

export const sumHelper: PrintHelper = {
  name: 'sum',
  description: 'The sum of a field over line items: {{money (sum products "subtotal")}}',
  arity: [2, 2],
  run([items, field]) {
    return typeof field === 'string' ? sumOf(items, field) : 0;
  },
};
