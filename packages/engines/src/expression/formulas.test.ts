import type { Field } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { PipewrightError } from '../errors.ts';
import { ExpressionError } from './errors.ts';
import { planFormulas } from './formula-plan.ts';
import { computeFormulas } from './formulas.ts';
import { entities, quote } from './sales.fixture.ts';

const now = '2024-03-01T17:00:00Z';
const label = { 'zh-CN': 'f', en: 'f' };
const formula = (key: string, expression: string, extra: Record<string, unknown> = {}): Field =>
  ({ key, label, type: 'formula', expression, resultType: 'number', ...extra }) as Field;
const number = (key: string): Field => ({ key, label, type: 'number' });
const owner = (...fields: Field[]) => ({ key: 'deal', fields });

function failure(run: () => unknown): ExpressionError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error('expected an ExpressionError');
}

describe('computeFormulas', () => {
  const record = {
    name: 'Q-001',
    tax_rate: 13,
    close_date: '2024-03-10',
    products: [
      { product: 'p1', quantity: 3, unit_price: '19.99', discount: 10 },
      { product: 'p2', quantity: 1, unit_price: 0.1, discount: null },
    ],
  };
  const resolve = { 'products.product': { p1: { weight: 1.5 }, p2: { weight: 0.25 } } };

  it('computes line formulas on each line, then the entity formulas in dependency order', () => {
    const result = computeFormulas(quote, record, { now, resolve, entities });
    expect(result.products).toEqual([
      {
        product: 'p1',
        quantity: 3,
        unit_price: '19.99',
        discount: 10,
        line_total: 53.97,
        weight: 4.5,
      },
      {
        product: 'p2',
        quantity: 1,
        unit_price: 0.1,
        discount: null,
        line_total: 0.1,
        weight: 0.25,
      },
    ]);
    expect(result).toMatchObject({
      subtotal: 54.07,
      tax: 7.03,
      total: 61.1,
      summary: 'Q-001: 61.10 (2 lines)',
      big_deal: false,
      follow_up: '2024-03-17',
    });
  });

  it('leaves the input untouched and other fields unchanged', () => {
    const input = structuredClone(record);
    const result = computeFormulas(quote, input, { now, resolve });
    expect(input).toEqual(record);
    expect(result.name).toBe('Q-001');
    expect(result.products).not.toBe(input.products);
  });

  it('rounds numeric results to the field scale, half away from zero', () => {
    const deal = owner(
      number('a'),
      formula('half', 'a / 2', { scale: 2 }),
      formula('exact', 'a / 2'),
      formula('whole', 'a / 2', { scale: 0 }),
    );
    expect(computeFormulas(deal, { a: 2.005 }, { now })).toEqual({
      a: 2.005,
      half: 1,
      exact: 1.0025,
      whole: 1,
    });
    expect(computeFormulas(deal, { a: 0.01 }, { now })).toMatchObject({ half: 0.01, whole: 0 });
    expect(computeFormulas(deal, { a: -5 }, { now })).toMatchObject({ half: -2.5, whole: -3 });
  });

  it('lets each formula see the values before it exactly as they will be stored', () => {
    const deal = owner(
      number('a'),
      formula('rounded', 'a', { scale: 1 }),
      formula('check', 'rounded * 100'),
    );
    expect(computeFormulas(deal, { a: 1.25 }, { now })).toMatchObject({ rounded: 1.3, check: 130 });
  });

  it('reads numeral text from the database exactly', () => {
    const deal = owner(
      number('a'),
      number('b'),
      formula('bigger', 'a > b', { resultType: 'boolean' }),
    );
    expect(computeFormulas(deal, { a: '1000.00', b: '999.50' }, { now }).bigger).toBe(true);
  });

  it('converts results to the field result type', () => {
    const deal = owner(
      formula('as_text', '12.5 * 2', { resultType: 'text' }),
      formula('as_date', "'2024-03-01T17:00:00Z'", { resultType: 'date' }),
      formula('as_datetime', "'2024-03-02 01:00'", { resultType: 'datetime' }),
      formula('nothing', 'NULL', { resultType: 'boolean' }),
    );
    expect(computeFormulas(deal, {}, { now })).toEqual({
      as_text: '25',
      as_date: '2024-03-02',
      as_datetime: '2024-03-01T17:00:00.000Z',
      nothing: null,
    });
  });

  it('refuses a result of the wrong kind, naming the formula', () => {
    const deal = owner(formula('score', "'high'"));
    expect(failure(() => computeFormulas(deal, {}, { now }))).toMatchObject({
      code: 'expression.type',
      field: 'score',
      message: "The formula must give a number, but gave the text 'high'",
    });
    const flag = owner(formula('flag', '1', { resultType: 'boolean' }));
    expect(failure(() => computeFormulas(flag, {}, { now }))).toMatchObject({
      code: 'expression.type',
      field: 'flag',
    });
  });

  it('names the formula and the line when evaluating a line fails', () => {
    const error = failure(() =>
      computeFormulas(
        quote,
        {
          products: [
            { quantity: 1, unit_price: 1 },
            { quantity: 'two', unit_price: 1 },
          ],
        },
        { now },
      ),
    );
    expect(error).toMatchObject({
      code: 'expression.type',
      field: 'products.line_total',
      row: 1,
      position: 6,
      end: 14,
    });
    expect(error.toJSON()).toMatchObject({ field: 'products.line_total', row: 1 });
    expect(error).toBeInstanceOf(PipewrightError);
    expect(error.problems).toEqual([
      { path: '/products/1/line_total', code: 'expression.type', message: error.message },
    ]);
  });

  it('keeps lines that are not records, and records without lines', () => {
    const result = computeFormulas(
      quote,
      { products: [null, { quantity: 2, unit_price: 5 }] },
      { now },
    );
    expect(result.products).toEqual([
      null,
      { quantity: 2, unit_price: 5, line_total: 10, weight: null },
    ]);
    expect(computeFormulas(quote, {}, { now })).toMatchObject({ subtotal: 0, tax: 0, total: 0 });
  });
});

describe('planFormulas', () => {
  it('orders formulas after the formulas they read, otherwise in field order', () => {
    const plan = planFormulas(quote);
    expect(plan.formulas.map((step) => step.name)).toEqual([
      'subtotal',
      'tax',
      'total',
      'summary',
      'big_deal',
      'follow_up',
    ]);
    expect(
      plan.lineItems.map(({ field, formulas }) => [field.key, formulas.map((step) => step.name)]),
    ).toEqual([['products', ['products.line_total', 'products.weight']]]);
  });

  it('plans each entity once', () => {
    expect(planFormulas(quote)).toBe(planFormulas(quote));
  });

  it('names the loop when formulas depend on each other, pointing at the reference', () => {
    const deal = owner(
      formula('a', '1 + b'),
      formula('b', 'c * 2'),
      formula('c', 'ROUND(a)'),
      formula('d', '1'),
    );
    const error = failure(() => planFormulas(deal));
    expect(error).toMatchObject({
      code: 'expression.cycle',
      field: 'a',
      position: 4,
      end: 5,
      message: 'Formulas depend on each other in a loop: a → b → c → a',
    });
  });

  it('finds a formula that reads itself, and loops inside line items', () => {
    expect(failure(() => planFormulas(owner(formula('total', 'total + 1'))))).toMatchObject({
      code: 'expression.cycle',
      message: expect.stringContaining('total → total'),
    });
    const lines: Field = {
      key: 'lines',
      label,
      type: 'lineItems',
      fields: [formula('x', 'y'), formula('y', 'x')],
    };
    expect(failure(() => planFormulas(owner(lines)))).toMatchObject({
      code: 'expression.cycle',
      field: 'lines.x',
      message: expect.stringContaining('lines.x → lines.y → lines.x'),
    });
  });

  it('reports a formula that does not parse, naming it', () => {
    expect(failure(() => planFormulas(owner(formula('bad', 'ROUND(1,'))))).toMatchObject({
      code: 'expression.syntax',
      field: 'bad',
      position: 8,
    });
  });
});
