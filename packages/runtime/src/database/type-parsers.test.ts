import { describe, expect, it } from 'vitest';
import { parseBytea, parseInt8, parseTimestamp } from './type-parsers.ts';

describe('parseTimestamp', () => {
  it('reads timestamptz with an hour offset', () => {
    expect(parseTimestamp('2024-03-01 09:30:00.25+08')).toEqual(
      new Date('2024-03-01T01:30:00.250Z'),
    );
  });

  it('reads offsets with minutes and seconds, and negative offsets', () => {
    expect(parseTimestamp('2024-03-01 09:30:00+05:30')).toEqual(new Date('2024-03-01T04:00:00Z'));
    expect(parseTimestamp('1900-01-01 00:00:00+00:09:21')).toEqual(
      new Date('1899-12-31T23:50:39Z'),
    );
    expect(parseTimestamp('2024-03-01 09:30:00-03')).toEqual(new Date('2024-03-01T12:30:00Z'));
  });

  it('reads a timestamp without offset as UTC, whatever the process time zone', () => {
    expect(parseTimestamp('2024-03-01 09:30:00.123456')).toEqual(
      new Date('2024-03-01T09:30:00.123Z'),
    );
  });

  it('reads years before 100 and BC years', () => {
    expect((parseTimestamp('0050-06-01 00:00:00+00') as Date).toISOString()).toBe(
      '0050-06-01T00:00:00.000Z',
    );
    expect((parseTimestamp('0044-03-15 12:00:00+00 BC') as Date).toISOString()).toBe(
      '-000043-03-15T12:00:00.000Z',
    );
  });

  it('maps infinity to Infinity, as pg does', () => {
    expect(parseTimestamp('infinity')).toBe(Infinity);
    expect(parseTimestamp('-infinity')).toBe(-Infinity);
  });
});

describe('parseInt8', () => {
  it('gives numbers while they are exact and bigints beyond', () => {
    expect(parseInt8('-42')).toBe(-42);
    expect(parseInt8('9007199254740991')).toBe(9007199254740991);
    expect(parseInt8('9007199254740993')).toBe(9007199254740993n);
    expect(parseInt8('-9223372036854775808')).toBe(-9223372036854775808n);
  });
});

describe('parseBytea', () => {
  it('reads hex output and refuses the escape format', () => {
    expect(parseBytea('\\x00ff10')).toEqual(Buffer.from([0, 255, 16]));
    expect(() => parseBytea('abc')).toThrow(/hex/);
  });
});
