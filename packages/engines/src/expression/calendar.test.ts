import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  civilDate,
  epochDay,
  formatDate,
  instantOf,
  localDateOf,
  offsetMinutesAt,
  parseCalendarText,
  wallTimeAt,
} from './calendar.ts';
import { ValueProblem } from './errors.ts';

describe('calendar', () => {
  it('reads ISO dates and datetimes and rejects impossible ones', () => {
    expect(parseCalendarText('2024-02-29')).toEqual({
      kind: 'date',
      date: { year: 2024, month: 2, day: 29 },
    });
    expect(parseCalendarText('2023-02-29')).toBeUndefined();
    expect(parseCalendarText('2024-13-01')).toBeUndefined();
    expect(parseCalendarText('2024-1-1')).toBeUndefined();
    expect(parseCalendarText('2024-05-01T24:00')).toBeUndefined();
    expect(parseCalendarText('2024-05-01 08:30')).toMatchObject({
      kind: 'datetime',
      time: { hour: 8, minute: 30 },
    });
    expect(parseCalendarText('2024-05-01T08:30:00.5+08:00')).toMatchObject({
      offsetMinutes: 480,
      time: { millisecond: 500 },
    });
    expect(parseCalendarText('2024-05-01T08:30:00-0530')).toMatchObject({ offsetMinutes: -330 });
  });

  it('counts days since 1970 and back, for any date', () => {
    expect(epochDay({ year: 1970, month: 1, day: 1 })).toBe(0);
    expect(epochDay({ year: 2000, month: 3, day: 1 })).toBe(11017);
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (days) => {
        expect(epochDay(civilDate(days))).toBe(days);
        const viaDate = new Date(days * 86_400_000);
        expect(civilDate(days)).toEqual({
          year: viaDate.getUTCFullYear(),
          month: viaDate.getUTCMonth() + 1,
          day: viaDate.getUTCDate(),
        });
      }),
    );
  });

  it('clamps month arithmetic to the end of the month', () => {
    expect(addMonths({ year: 2024, month: 1, day: 31 }, 1)).toEqual({
      year: 2024,
      month: 2,
      day: 29,
    });
    expect(addMonths({ year: 2023, month: 1, day: 31 }, 1)).toEqual({
      year: 2023,
      month: 2,
      day: 28,
    });
    expect(addMonths({ year: 2024, month: 3, day: 15 }, -15)).toEqual({
      year: 2022,
      month: 12,
      day: 15,
    });
  });

  it('knows the offsets and calendar days of time zones, daylight saving included', () => {
    const instant = Date.parse('2024-03-01T17:00:00Z');
    expect(offsetMinutesAt(instant, 'Asia/Shanghai')).toBe(480);
    expect(offsetMinutesAt(Date.parse('2024-07-01T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(offsetMinutesAt(Date.parse('2024-01-01T12:00:00Z'), 'America/New_York')).toBe(-300);
    expect(wallTimeAt(instant, 'Asia/Shanghai').date).toEqual({ year: 2024, month: 3, day: 2 });
    expect(wallTimeAt(instant, 'UTC').date).toEqual({ year: 2024, month: 3, day: 1 });
    const value = parseCalendarText('2024-03-01T17:00:00Z')!;
    expect(localDateOf(value, 'Asia/Shanghai')).toEqual({ year: 2024, month: 3, day: 2 });
    expect(instantOf(parseCalendarText('2024-03-02')!, 'Asia/Shanghai')).toBe(
      Date.parse('2024-03-01T16:00:00Z'),
    );
    expect(instantOf(parseCalendarText('2024-03-10T12:00')!, 'America/New_York')).toBe(
      Date.parse('2024-03-10T16:00:00Z'),
    );
  });

  it('reports an unknown time zone and years outside 1 … 9999 as value problems', () => {
    expect(() => offsetMinutesAt(0, 'Mars/Olympus')).toThrow(ValueProblem);
    expect(() => formatDate({ year: 10000, month: 1, day: 1 })).toThrow(/outside 1 … 9999/);
  });
});
