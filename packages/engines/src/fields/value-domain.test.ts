import { describe, expect, it } from 'vitest';
import { instantOf, isCalendarDate } from './calendar-values.ts';
import { isRecordId } from './id-schema.ts';
import { checkScale, numberSchema } from './number-schema.ts';
import { nulCharacterProblems } from '@pipewright/metadata';

describe('the values a record may hold', () => {
  it('bounds numbers by their column and refuses digits beyond the scale', () => {
    expect(numberSchema(undefined, undefined, { precision: 12, scale: 4 })).toMatchObject({ exclusiveMaximum: 1e8, exclusiveMinimum: -1e8, minimum: -1e15, maximum: 1e15 });
    expect(numberSchema(0, 100, { precision: 12, scale: 4 })).not.toHaveProperty('exclusiveMaximum');
    expect(numberSchema(undefined, undefined, undefined)).toEqual({ type: 'number', minimum: -1e15, maximum: 1e15 });
    expect(checkScale(1.5, { precision: 30, scale: 0 })).toBe('must be a whole number');
    expect(checkScale(0.123456, { precision: 12, scale: 4 })).toBe('must have at most 4 decimal places');
    expect(checkScale(0.1234, { precision: 12, scale: 4 })).toBeUndefined();
    expect(checkScale(1e-7, { precision: 12, scale: 4 })).toBeDefined();
    expect(checkScale(9.99e27, { precision: 30, scale: 2 })).toBeUndefined();
  });

  it('knows real days from 0001 to 9999, and instants inside them', () => {
    expect(['2024-02-29', '0001-01-01', '9999-12-31', '2000-02-29'].every(isCalendarDate)).toBe(true);
    expect(['2023-02-29', '2024-02-30', '0000-01-01', '2024-13-01', '1900-02-29', '2024-1-01'].some(isCalendarDate)).toBe(false);
    expect(instantOf('2026-11-22T08:30:00+08:00')).toBe('2026-11-22T00:30:00.000Z');
    for (const text of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59-01:00', '2024-02-30T00:00:00Z', '2024-01-01T24:00:00Z', '+275760-09-13T00:00:00.000Z', 'yesterday']) {
      expect(instantOf(text), text).toBeUndefined();
    }
  });

  it('takes ids that bigint and JavaScript both hold exactly', () => {
    expect([1, 2 ** 53 - 1].every(isRecordId)).toBe(true);
    expect([0, -1, 1.5, 2 ** 53, 1e20, Infinity, '7'].some(isRecordId)).toBe(false);
  });

  it('finds NUL characters in values and keys at any depth', () => {
    expect(nulCharacterProblems({ name: 'a\u0000b', lines: [{ note: 'ok' }, { note: '\u0000' }], ['k\u0000']: 1 }, 'record.invalidCharacter').map((p) => p.path)).toEqual(['/name', '/lines/1/note', '/k\u0000']);
    expect(nulCharacterProblems({ name: 'fine', nested: { deep: ['星辰'] } }, 'record.invalidCharacter')).toEqual([]);
    // A lone surrogate is no character: jsonb (history, events) refuses it.
    expect(nulCharacterProblems({ name: '\ud800', note: 'a\udc00', ok: '😀', ['k\ud83d']: 1 }, 'record.invalidCharacter').map((p) => p.path)).toEqual(['/name', '/note', '/k\ud83d']);
  });
});
