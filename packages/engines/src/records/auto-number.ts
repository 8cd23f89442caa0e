/**
 * Auto-numbers such as `QT-202611-0042`: a pattern with date parts and one counter that starts
 * again each period. The runtime keeps the counters; this module formats and names periods.
 */
import type { AutoNumberField } from '@pipewright/metadata';

/**
 * The counter's period for a date: `2026-11` for monthly, `2026` for yearly, `all` for never.
 *
 * @example
 * autoNumberPeriod('monthly', '2026-11-22') // '2026-11'
 */
export function autoNumberPeriod(reset: AutoNumberField['reset'], date: string): string {
  switch (reset ?? 'never') {
    case 'daily':
      return date;
    case 'monthly':
      return date.slice(0, 7);
    case 'yearly':
      return date.slice(0, 4);
    default:
      return 'all';
  }
}

/**
 * @example
 * formatAutoNumber('QT-{YYYY}{MM}-{seq:4}', '2026-11-22', 42) // 'QT-202611-0042'
 */
export function formatAutoNumber(pattern: string, date: string, sequence: number): string {
  return pattern.replace(/\{(YYYY|YY|MM|DD|seq(?::(\d+))?)\}/g, (_match, part: string, width?: string) => {
    switch (part) {
      case 'YYYY':
        return date.slice(0, 4);
      case 'YY':
        return date.slice(2, 4);
      case 'MM':
        return date.slice(5, 7);
      case 'DD':
        return date.slice(8, 10);
      default:
        return String(sequence).padStart(width ? Number(width) : 1, '0');
    }
  });
}
