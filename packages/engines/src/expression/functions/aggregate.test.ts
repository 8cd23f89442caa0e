import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluator.ts';
import { parseExpression } from '../parser.ts';

const run = (text: string, record: Record<string, unknown> = {}) =>
  evaluate(parseExpression(text), { record, now: '2024-03-01T00:00:00Z' });

const quote = {
  shipping: 20,
  products: [
    {
      name: 'Widget',
      quantity: 2,
      unit_price: 9.99,
      line_total: 19.98,
      discount: null,
      ship_date: '2024-03-05',
    },
    {
      name: 'Gadget',
      quantity: 1,
      unit_price: '0.10',
      line_total: '0.10',
      discount: 5,
      ship_date: '2024-02-20',
    },
    { name: 'Gizmo', quantity: 3, unit_price: 0.2, line_total: 0.6, discount: 10, ship_date: null },
  ],
};

describe('aggregate functions', () => {
  it('SUM adds line-item columns and single values exactly, skipping nulls', () => {
    expect(run('SUM(products.line_total)', quote)).toBe(20.68);
    expect(run('SUM(products.line_total, shipping)', quote)).toBe(40.68);
    expect(run('SUM(1, NULL, 2)')).toBe(3);
    expect(run('SUM(products.discount)', quote)).toBe(15);
    expect(run('SUM(products.line_total)', { products: [] })).toBe(0);
  });

  it('SUM refuses text with an error at the argument', () => {
    expect(() => run('SUM(1, products.name)', quote)).toThrow(
      expect.objectContaining({ code: 'expression.type', position: 7, end: 20 }),
    );
  });

  it('AVG averages the non-null values, NULL when there are none', () => {
    expect(run('AVG(products.discount)', quote)).toBe(7.5);
    expect(run('AVG(1, 2, 4)')).toBe(2.3333333333333335);
    expect(run('AVG(products.discount)', { products: [] })).toBeNull();
  });

  it('COUNT counts lines, or the non-null values of a column', () => {
    expect(run('COUNT(products)', quote)).toBe(3);
    expect(run('COUNT(products.discount)', quote)).toBe(2);
    expect(run('COUNT(products)', { products: [] })).toBe(0);
    expect(run('COUNT(products)')).toBe(0);
    expect(run('COUNT(1, NULL, 3)')).toBe(2);
  });

  it('MIN and MAX work on numbers, dates and columns, skipping nulls', () => {
    expect(run('MIN(products.unit_price)', quote)).toBe('0.10');
    expect(run('MAX(products.unit_price)', quote)).toBe(9.99);
    expect(run('MAX(3, 7.5, NULL, -1)')).toBe(7.5);
    expect(run('MIN(products.ship_date)', quote)).toBe('2024-02-20');
    expect(run("MAX(products.ship_date, '2024-04-01')", quote)).toBe('2024-04-01');
    expect(run('MIN(products.discount)', { products: [] })).toBeNull();
    expect(() => run("MAX(1, 'a')")).toThrow(expect.objectContaining({ code: 'expression.type' }));
  });
});
