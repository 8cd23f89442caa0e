/**
 * A small sales app used by the checker and formula tests: quotes with line items, accounts and
 * products, related by many-to-one relations.
 */
import type { Entity, Field } from '@pipewright/metadata';

const label = (en: string) => ({ 'zh-CN': en, en });

const field = (key: string, type: string, extra: Record<string, unknown> = {}): Field =>
  ({ key, label: label(key), type, ...extra }) as Field;

export const account: Entity = {
  key: 'account',
  label: label('Account'),
  version: 1,
  fields: [
    field('name', 'text'),
    field('industry', 'singleSelect', { options: [{ value: 'it', label: label('IT') }] }),
    field('discount_rate', 'percent'),
    field('parent', 'relation', { target: 'account', kind: 'manyToOne' }),
    field('contacts', 'relation', { target: 'contact', kind: 'oneToMany', inverse: 'account' }),
  ],
};

export const product: Entity = {
  key: 'product',
  label: label('Product'),
  version: 1,
  fields: [field('name', 'text'), field('weight', 'number'), field('list_price', 'currency')],
};

export const quote: Entity = {
  key: 'quote',
  label: label('Quote'),
  version: 1,
  fields: [
    field('name', 'text'),
    field('amount', 'currency', { scale: 2 }),
    field('stage', 'singleSelect', { options: [{ value: 'won', label: label('Won') }] }),
    field('close_date', 'date'),
    field('approved', 'boolean'),
    field('tags', 'multiSelect', { options: [{ value: 'vip', label: label('VIP') }] }),
    field('account', 'relation', { target: 'account', kind: 'manyToOne' }),
    field('products', 'lineItems', {
      fields: [
        field('product', 'relation', { target: 'product', kind: 'manyToOne' }),
        field('quantity', 'number'),
        field('unit_price', 'currency', { scale: 2 }),
        field('discount', 'percent'),
        field('line_total', 'formula', {
          expression: 'ROUND(quantity * unit_price * (1 - COALESCE(discount, 0) / 100), 2)',
          resultType: 'currency',
          scale: 2,
        }),
        field('weight', 'formula', {
          expression: 'quantity * product.weight',
          resultType: 'number',
        }),
      ],
    }),
    field('tax_rate', 'percent'),
    field('total', 'formula', { expression: 'subtotal + tax', resultType: 'currency', scale: 2 }),
    field('tax', 'formula', {
      expression: 'subtotal * COALESCE(tax_rate, 0) / 100',
      resultType: 'currency',
      scale: 2,
    }),
    field('subtotal', 'formula', {
      expression: 'SUM(products.line_total)',
      resultType: 'currency',
      scale: 2,
    }),
    field('summary', 'formula', {
      expression: "name & ': ' & TEXT(total, 2) & ' (' & COUNT(products) & ' lines)'",
      resultType: 'text',
    }),
    field('big_deal', 'formula', { expression: 'total >= 10000', resultType: 'boolean' }),
    field('follow_up', 'formula', { expression: 'ADDDAYS(close_date, 7)', resultType: 'date' }),
  ],
};

export const entities: Entity[] = [quote, account, product];
