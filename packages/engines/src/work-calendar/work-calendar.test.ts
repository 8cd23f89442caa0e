import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addBusinessMillis,
  businessDaysBetween,
  businessMillisBetween,
  isWorkday,
  isWorkingTime,
  workCalendar,
} from './work-calendar.ts';

const hour = 3_600_000;
const at = (iso: string) => Date.parse(iso);
// Shanghai is UTC+8: 09:00 local is 01:00Z. 2026-06-05 is a Friday.
const standard = workCalendar();
const withLunch = workCalendar({
  workingHours: [
    { days: [1, 2, 3, 4, 5], from: '09:00', to: '12:00' },
    { days: [1, 2, 3, 4, 5], from: '13:00', to: '18:00' },
  ],
  // 国庆 2026: 10-01…10-07 off, Saturday 10-10 worked instead.
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-10-10'],
});

describe('a work calendar', () => {
  it('works Monday to Friday, 09:00 to 18:00 in Asia/Shanghai, by default', () => {
    expect(isWorkday(standard, '2026-06-05')).toBe(true);
    expect(isWorkday(standard, '2026-06-06')).toBe(false);
    expect(isWorkingTime(standard, at('2026-06-05T01:00:00Z'))).toBe(true); // 09:00
    expect(isWorkingTime(standard, at('2026-06-05T00:59:59Z'))).toBe(false); // 08:59:59
    expect(isWorkingTime(standard, at('2026-06-05T10:00:00Z'))).toBe(false); // 18:00
  });

  it('takes holidays off and works the extra working days, with the hours of Monday', () => {
    expect(isWorkday(withLunch, '2026-10-01')).toBe(false);
    expect(isWorkday(withLunch, '2026-10-10')).toBe(true);
    expect(isWorkingTime(withLunch, at('2026-10-10T02:00:00Z'))).toBe(true); // Saturday 10:00
    expect(isWorkingTime(withLunch, at('2026-10-10T04:30:00Z'))).toBe(false); // lunch
  });

  it('counts business hours over a weekend, lunch breaks and holidays', () => {
    // Friday 17:00 to Monday 10:00: an hour on each side of the weekend.
    expect(businessMillisBetween(standard, at('2026-06-05T09:00:00Z'), at('2026-06-08T02:00:00Z'))).toBe(2 * hour);
    // Wednesday 11:00 to 14:00 with a lunch break: two hours.
    expect(businessMillisBetween(withLunch, at('2026-06-03T03:00:00Z'), at('2026-06-03T06:00:00Z'))).toBe(2 * hour);
    // 2026-09-30 16:00 → 2026-10-08 10:00: 2 h on the 30th, the 3rd and 4th are a weekend, holidays to the 7th, 1 h on the 8th.
    expect(businessMillisBetween(withLunch, at('2026-09-30T08:00:00Z'), at('2026-10-08T02:00:00Z'))).toBe(3 * hour);
    expect(businessMillisBetween(standard, at('2026-06-08T02:00:00Z'), at('2026-06-05T09:00:00Z'))).toBe(-2 * hour);
  });

  it('adds business hours from the next working moment', () => {
    // Friday 20:00 + 2 business hours = Monday 11:00.
    expect(new Date(addBusinessMillis(standard, at('2026-06-05T12:00:00Z'), 2 * hour)).toISOString()).toBe('2026-06-08T03:00:00.000Z');
    // Friday 17:30 + 1 h = Monday 09:30.
    expect(new Date(addBusinessMillis(standard, at('2026-06-05T09:30:00Z'), hour)).toISOString()).toBe('2026-06-08T01:30:00.000Z');
    // Monday 09:30 − 1 h = Friday 17:30.
    expect(new Date(addBusinessMillis(standard, at('2026-06-08T01:30:00Z'), -hour)).toISOString()).toBe('2026-06-05T09:30:00.000Z');
    // 11:30 + 1 h across lunch = 13:30.
    expect(new Date(addBusinessMillis(withLunch, at('2026-06-03T03:30:00Z'), hour)).toISOString()).toBe('2026-06-03T05:30:00.000Z');
  });

  it('counts and adds business days', () => {
    expect(businessDaysBetween(standard, '2026-06-05', '2026-06-08')).toBe(1);
    expect(businessDaysBetween(standard, '2026-06-01', '2026-06-08')).toBe(5);
    expect(businessDaysBetween(standard, '2026-06-08', '2026-06-01')).toBe(-5);
    expect(addBusinessDays(standard, '2026-06-05', 3)).toBe('2026-06-10');
    expect(addBusinessDays(withLunch, '2026-09-30', 1)).toBe('2026-10-08');
    expect(addBusinessDays(withLunch, '2026-10-09', 1)).toBe('2026-10-10');
    expect(addBusinessDays(standard, '2026-06-08', -1)).toBe('2026-06-05');
  });

  it('refuses to search for ever in a calendar without working hours', () => {
    const never = workCalendar({ workingHours: [{ days: [1], from: '09:00', to: '09:00' }] });
    expect(() => addBusinessMillis(never, 0, hour)).toThrow(RangeError);
    expect(businessMillisBetween(never, 0, at('2026-01-01T00:00:00Z'))).toBe(0);
  });

  it('counts in the time zone of the calendar', () => {
    const london = workCalendar({ timeZone: 'Europe/London' });
    // 2026-06-05 09:00 BST is 08:00Z.
    expect(isWorkingTime(london, at('2026-06-05T08:00:00Z'))).toBe(true);
    expect(isWorkingTime(standard, at('2026-06-05T08:00:00Z'))).toBe(true); // 16:00 in Shanghai
    expect(isWorkingTime(london, at('2026-06-05T07:59:00Z'))).toBe(false);
  });
});
