import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDateTime } from './row-codec.ts';

/** PostgreSQL's text for a timestamptz in a UTC session: microseconds, trailing zeros dropped. */
function postgresText(date: Date, micros: number): string {
  const iso = date.toISOString();
  const fraction = `${iso.slice(20, 23)}${String(micros).padStart(3, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''}+00`;
}

describe('isoDateTime', () => {
  it('gives what Date gives for every UTC text PostgreSQL prints, plain or inside JSON', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }), (date, micros) => {
        const text = postgresText(date, micros);
        expect(isoDateTime(text)).toBe(date.toISOString());
        expect(isoDateTime(`${text.replace(' ', 'T')}:00`)).toBe(date.toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it('reads other offsets through Date', () => {
    expect(isoDateTime('2026-11-22 08:30:00.25+08')).toBe('2026-11-22T00:30:00.250Z');
    expect(isoDateTime('2026-11-22T08:30:00+05:30')).toBe('2026-11-22T03:00:00.000Z');
    expect(isoDateTime('2026-11-22 08:30:00Z')).toBe('2026-11-22T08:30:00.000Z');
  });

  it('refuses text that is no date-time', () => {
    expect(() => isoDateTime('infinity')).toThrow(RangeError);
  });
});
