import { describe, expect, it } from 'vitest';
import { parseExpression } from './parser.ts';
import { referencedFields } from './references.ts';

describe('referencedFields', () => {
  it('lists each field path once, in order of first appearance', () => {
    expect(
      referencedFields(
        parseExpression(
          'SUM(products.line_total) * (1 - account.discount_rate / 100) + amount - amount',
        ),
      ),
    ).toEqual(['products.line_total', 'account.discount_rate', 'amount']);
  });

  it('finds fields in every kind of node, including untaken branches', () => {
    expect(referencedFields(parseExpression("IF(NOT a AND b, -c, d & 'x') OR e = f"))).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
    ]);
  });

  it('lists nothing for an expression of constants and functions', () => {
    expect(
      referencedFields(parseExpression("ROUND(1.5) + LEN('amount') + DAYS(TODAY(), '2024-01-01')")),
    ).toEqual([]);
  });
});
