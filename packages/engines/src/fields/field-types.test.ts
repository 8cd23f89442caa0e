/**
 * Every field type of the registry, one case each: its column, what an API body may give
 * (accepted and stored normalised), what it refuses with the field's path, and its operators.
 * A field type added to the registry without a case here fails the first test.
 */
import type { Entity, Field } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { RecordValidationError } from '../errors.ts';
import { RecordInputValidator } from '../records/prepare-input.ts';
import { fieldTypeOf, fieldTypes } from './registry.ts';

const l = (en: string) => ({ 'zh-CN': en, en });

interface Case {
  field: Field;
  /** The column, or undefined for a field stored elsewhere (line items, many-to-many, computed). */
  column: string | undefined;
  /** Input and what is stored from it; absent for computed fields. */
  good?: [unknown, unknown];
  /** A value refused at the field's path. */
  bad?: unknown;
}

const options = [{ value: 'a', label: l('A') }, { value: 'b', label: l('B') }];
const cases: Record<Field['type'], Case> = {
  text: { field: { key: 'f', label: l('F'), type: 'text', maxLength: 5 }, column: 'text', good: [' abc ', 'abc'], bad: 'abcdef' },
  longText: { field: { key: 'f', label: l('F'), type: 'longText' }, column: 'text', good: ['line 1\nline 2', 'line 1\nline 2'], bad: 12 },
  richText: { field: { key: 'f', label: l('F'), type: 'richText' }, column: 'text', good: ['<p>hi</p>', '<p>hi</p>'], bad: { html: 1 } },
  number: { field: { key: 'f', label: l('F'), type: 'number', scale: 0 }, column: 'numeric(30,0)', good: [3, 3], bad: 1.5 },
  currency: { field: { key: 'f', label: l('F'), type: 'currency', currency: 'CNY' }, column: 'numeric(20,2)', good: [12.5, 12.5], bad: 0.001 },
  percent: { field: { key: 'f', label: l('F'), type: 'percent' }, column: 'numeric(12,4)', good: [12.25, 12.25], bad: 0.123456 },
  date: { field: { key: 'f', label: l('F'), type: 'date' }, column: 'date', good: ['2024-02-29', '2024-02-29'], bad: '2024-02-30' },
  datetime: { field: { key: 'f', label: l('F'), type: 'datetime' }, column: 'timestamptz', good: ['2024-05-01T08:00:00Z', '2024-05-01T08:00:00.000Z'], bad: '0000-01-01T00:00:00Z' },
  boolean: { field: { key: 'f', label: l('F'), type: 'boolean' }, column: 'boolean', good: [true, true], bad: 'yes' },
  singleSelect: { field: { key: 'f', label: l('F'), type: 'singleSelect', options }, column: 'text', good: ['a', 'a'], bad: 'c' },
  multiSelect: { field: { key: 'f', label: l('F'), type: 'multiSelect', options }, column: 'text[]', good: [['b', 'a'], ['b', 'a']], bad: ['a', 'z'] },
  cascade: { field: { key: 'f', label: l('F'), type: 'cascade', options: [{ value: 'mfg', label: l('Mfg'), children: [{ value: 'auto', label: l('Auto') }] }] }, column: 'text[]', good: [['mfg', 'auto'], ['mfg', 'auto']], bad: ['auto'] },
  region: { field: { key: 'f', label: l('F'), type: 'region' }, column: 'text[]', bad: 42 },
  user: { field: { key: 'f', label: l('F'), type: 'user' }, column: 'bigint', good: [7, 7], bad: 1e20 },
  department: { field: { key: 'f', label: l('F'), type: 'department', multiple: true }, column: 'bigint[]', good: [[3, 4], [3, 4]], bad: [0] },
  relation: { field: { key: 'f', label: l('F'), type: 'relation', kind: 'manyToOne', target: 'other' }, column: 'bigint', good: [9, 9], bad: 'nine' },
  lineItems: { field: { key: 'f', label: l('F'), type: 'lineItems', fields: [{ key: 'qty', label: l('Qty'), type: 'number' }] }, column: undefined, bad: [{ qty: 'x' }] },
  attachment: { field: { key: 'f', label: l('F'), type: 'attachment' }, column: 'jsonb', bad: 'file.pdf' },
  image: { field: { key: 'f', label: l('F'), type: 'image' }, column: 'jsonb', bad: 'photo.jpg' },
  formula: { field: { key: 'f', label: l('F'), type: 'formula', expression: '1 + 1', resultType: 'number' }, column: 'numeric' },
  autoNumber: { field: { key: 'f', label: l('F'), type: 'autoNumber', pattern: 'T-{seq:4}' }, column: 'text' },
  email: { field: { key: 'f', label: l('F'), type: 'email' }, column: 'text', good: [' Buyer@Example.COM ', 'buyer@example.com'], bad: 'not an address' },
  phone: { field: { key: 'f', label: l('F'), type: 'phone' }, column: 'text', bad: 'call me' },
  url: { field: { key: 'f', label: l('F'), type: 'url' }, column: 'text', good: ['https://example.com/a', 'https://example.com/a'], bad: 'javascript:alert(1)' },
  rating: { field: { key: 'f', label: l('F'), type: 'rating', max: 5 }, column: 'smallint', good: [4, 4], bad: 6 },
  signature: { field: { key: 'f', label: l('F'), type: 'signature' }, column: 'jsonb', bad: 'signed' },
  location: { field: { key: 'f', label: l('F'), type: 'location' }, column: 'jsonb', good: [{ lat: 31.23, lng: 121.47 }, { lat: 31.23, lng: 121.47 }], bad: { lat: 91, lng: 0 } },
};

const entityOf = (field: Field): Entity => ({ key: 'thing', label: l('Thing'), version: 1, fields: [field] });
const context = { userId: 1, now: new Date('2026-12-01T00:00:00Z'), timeZone: 'Asia/Shanghai' };

describe('field types', () => {
  it('has a case here for every type of the registry', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(fieldTypes).sort());
  });

  for (const [type, c] of Object.entries(cases)) {
    describe(type, () => {
      it('has its column, and operators only if it can be filtered', () => {
        const definition = fieldTypeOf(c.field);
        expect(definition.type).toBe(type);
        expect(definition.column(c.field)?.sql).toBe(c.column);
        for (const op of definition.operators) expect(typeof op).toBe('string');
      });

      if (c.good) {
        const [input, stored] = c.good;
        it(`stores ${JSON.stringify(input)} as ${JSON.stringify(stored)}`, () => {
          const prepared = new RecordInputValidator(entityOf(c.field)).prepare({ f: input }, 'create', context);
          const value = c.field.type === 'lineItems' ? prepared.lineItems.f : prepared.values.f;
          expect(value).toEqual(stored);
        });
      }

      if (c.bad !== undefined) {
        it(`refuses ${JSON.stringify(c.bad)} at the field's path`, () => {
          const error = (() => {
            try {
              new RecordInputValidator(entityOf(c.field)).prepare({ f: c.bad }, 'create', context);
              return undefined;
            } catch (e) {
              return e;
            }
          })();
          expect(error).toBeInstanceOf(RecordValidationError);
          expect((error as RecordValidationError).problems.map((p) => p.path).every((path) => path.startsWith('/f'))).toBe(true);
        });
      }

      if (!fieldTypeOf(c.field).writable) {
        it('is computed: a body may not set it', () => {
          expect(() => new RecordInputValidator(entityOf(c.field)).prepare({ f: 'x' }, 'create', context)).toThrow(RecordValidationError);
        });
      }
    });
  }
});
