import { describe, expect, it } from 'vitest';
import { checkExpression, inferType } from './check.ts';
import { parseExpression } from './parser.ts';
import { entities, quote } from './sales.fixture.ts';

const check = (text: string, expect?: Parameters<typeof checkExpression>[1]['expect']) =>
  checkExpression(text, { entity: quote, entities, ...(expect ? { expect } : {}) });

describe('checkExpression', () => {
  it('accepts a correct formula and reports its type and references', () => {
    const result = check('ROUND(amount * (1 - account.discount_rate / 100), 2)');
    expect(result).toMatchObject({
      ok: true,
      type: 'number',
      errors: [],
      references: ['amount', 'account.discount_rate'],
    });
    expect(result.expression?.kind).toBe('call');
  });

  it('reports an unknown field at its span, with a suggestion', () => {
    expect(check('ROUND(amout * 1.13, 2)').errors).toEqual([
      {
        code: 'expression.unknownField',
        message: 'quote has no field "amout": did you mean amount?',
        position: 6,
        end: 11,
      },
    ]);
  });

  it('reports the unknown segment of a path, not the whole path', () => {
    expect(check("account.industri = 'it'").errors[0]).toMatchObject({
      code: 'expression.unknownField',
      position: 8,
      end: 16,
      message: expect.stringContaining('account has no field "industri": did you mean industry?'),
    });
    expect(check('products.quantiy').errors[0]).toMatchObject({
      position: 9,
      end: 16,
      message: expect.stringContaining('quote.products has no field'),
    });
    expect(check('name.first').errors[0]).toMatchObject({
      code: 'expression.unknownField',
      position: 0,
      end: 4,
      message: expect.stringContaining('not a relation'),
    });
    expect(check('account.contacts').errors[0]).toMatchObject({
      code: 'expression.type',
      position: 8,
      end: 16,
      message: expect.stringContaining('to-many'),
    });
  });

  it('treats prototype names as unknown fields', () => {
    expect(check('constructor').errors[0]?.code).toBe('expression.unknownField');
    expect(check('__proto__').errors[0]?.code).toBe('expression.unknownField');
    expect(check('account.constructor').errors[0]?.code).toBe('expression.unknownField');
  });

  it('knows system columns', () => {
    expect(check('DAYS(TODAY(), created_at)')).toMatchObject({ ok: true, type: 'number' });
    expect(check('version + 1').ok).toBe(true);
  });

  it('follows relations through entities, and stops quietly when the entities are not given', () => {
    expect(check('account.parent.discount_rate')).toMatchObject({ ok: true, type: 'number' });
    expect(checkExpression('account.anything', { entity: quote })).toMatchObject({
      ok: true,
      type: 'unknown',
    });
  });

  it('types line-item columns as lists that must be aggregated', () => {
    expect(check('SUM(products.line_total)')).toMatchObject({ ok: true, type: 'number' });
    expect(check('SUM(products.product.weight)')).toMatchObject({ ok: true, type: 'number' });
    expect(check('COUNT(products)')).toMatchObject({ ok: true, type: 'number' });
    expect(check('MAX(products.unit_price)')).toMatchObject({ ok: true, type: 'number' });
    expect(check('products.line_total * 2').errors[0]).toMatchObject({
      code: 'expression.type',
      position: 0,
      end: 19,
      message: expect.stringContaining('aggregate a column'),
    });
    expect(check('SUM(products)').errors[0]).toMatchObject({
      code: 'expression.type',
      message: expect.stringContaining('name a column'),
    });
    expect(check('ROUND(products.quantity, 2)').errors[0]?.code).toBe('expression.type');
  });

  it('reports operands and arguments of the wrong type where the type is known', () => {
    expect(check('name * 2').errors[0]).toMatchObject({
      code: 'expression.type',
      position: 0,
      end: 4,
      message: '* needs numbers, but this is text',
    });
    expect(check('close_date + 7').errors[0]?.message).toMatch(/ADDDAYS/);
    expect(check('amount AND approved').errors[0]).toMatchObject({
      position: 0,
      end: 6,
      message: expect.stringContaining('AND needs conditions'),
    });
    expect(check('IF(amount, 1, 2)').errors[0]).toMatchObject({
      position: 3,
      end: 9,
      message: expect.stringContaining('IF expects a condition (TRUE or FALSE) as argument 1'),
    });
    expect(check('YEAR(amount)').errors[0]?.message).toMatch(/YEAR expects a date/);
    expect(check("amount = 'big'").errors[0]).toMatchObject({
      code: 'expression.type',
      position: 0,
      end: 14,
      message: 'Cannot compare a number with text',
    });
    expect(check('approved = 1').ok).toBe(false);
  });

  it('lets dates be compared with date text and with datetimes', () => {
    expect(check("close_date < '2024-06-30'").ok).toBe(true);
    expect(check('close_date >= created_at').ok).toBe(true);
    expect(check("CONTAINS(tags, 'vip')").ok).toBe(true);
    expect(check('amount = NULL').ok).toBe(true);
  });

  it('reports every problem, in text order', () => {
    const { errors } = check("nme & amout & LEFT('x' * 2)");
    expect(errors.map((e) => [e.code, e.position])).toEqual([
      ['expression.unknownField', 0],
      ['expression.unknownField', 6],
      ['expression.type', 19],
    ]);
  });

  it('reports parse errors as its only error', () => {
    expect(check('ROUND(amount,')).toMatchObject({
      ok: false,
      type: 'unknown',
      errors: [{ code: 'expression.syntax', position: 13 }],
      references: [],
    });
  });

  it('checks the result type against what is expected', () => {
    expect(check('amount > 100', 'boolean').ok).toBe(true);
    expect(check('amount', 'boolean').errors[0]).toMatchObject({
      code: 'expression.type',
      position: 0,
      end: 6,
      message: 'The expression must give a condition (TRUE or FALSE), but it gives a number',
    });
    expect(check("'Q-' & name", 'number').ok).toBe(false);
    expect(check('amount', 'text').ok).toBe(true);
    expect(check('ADDDAYS(close_date, 3)', 'date').ok).toBe(true);
  });
});

describe('inferType', () => {
  it.each([
    ['1 + 2', 'number'],
    ["'a' & 1", 'text'],
    ['1 < 2', 'boolean'],
    ["IF(x, 'a', NULL)", 'text'],
    ["IF(x, 'a', 1)", 'unknown'],
    ['IF(x, TODAY(), NOW())', 'datetime'],
    ['IFS(x, 1, y, 2, 3)', 'number'],
    ['COALESCE(NULL, TODAY())', 'date'],
    ['NULL', 'null'],
    ['amount', 'unknown'],
    ['ADDMONTHS(TODAY(), 1)', 'date'],
    ['ADDDAYS(NOW(), 1)', 'datetime'],
  ])('%s : %s', (text, type) => {
    expect(inferType(parseExpression(text))).toBe(type);
  });

  it('types fields from the scope', () => {
    expect(inferType(parseExpression('products.line_total'), { entity: quote, entities })).toBe(
      'list<number>',
    );
    expect(inferType(parseExpression('tags'), { entity: quote })).toBe('list<text>');
    expect(inferType(parseExpression('follow_up'), { entity: quote })).toBe('date');
    expect(inferType(parseExpression('MIN(products.unit_price)'), { entity: quote })).toBe(
      'number',
    );
  });
});
