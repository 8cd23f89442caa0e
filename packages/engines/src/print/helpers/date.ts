/**
 * `{{date expected_close_date}}`, `{{date created_at "YYYY年MM月DD日 HH:mm"}}`, `{{date @today "long"}}`:
 * a date or date-time in the business time zone, by pattern (YYYY MM M DD D HH mm ss) or by the
 * locale's `short` / `long` form (2026年12月1日, December 1, 2026).
 */
import type { PrintHelper } from './print-helper.ts';

interface Parts { year: string; month: string; day: string; hour: string; minute: string; second: string }

function partsOf(value: unknown, timeZone: string): Parts | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [year, month, day] = value.split('-') as [string, string, string];
    return { year, month, day, hour: '00', minute: '00', second: '00' };
  }
  const instant = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(instant.getTime())) return undefined;
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

export function formatDate(value: unknown, pattern: string, locale: string, timeZone: string): string {
  const p = partsOf(value, timeZone);
  if (!p) return '';
  if (pattern === 'long' || pattern === 'short') {
    const utc = new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)));
    return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: pattern === 'long' ? 'long' : 'short' }).format(utc);
  }
  const tokens: Record<string, string> = { YYYY: p.year, MM: p.month, M: String(Number(p.month)), DD: p.day, D: String(Number(p.day)), HH: p.hour, mm: p.minute, ss: p.second };
  return pattern.replace(/YYYY|MM|M|DD|D|HH|mm|ss/g, (token) => tokens[token]!);
}

export const dateHelper: PrintHelper = {
  name: 'date',
  description: 'A date or date-time in the business time zone: {{date signed_on}} → 2026-12-01; {{date signed_on "YYYY年M月D日"}} → 2026年12月1日; {{date @today "long"}}',
  arity: [1, 2],
  run([value, pattern], context) {
    return formatDate(value, typeof pattern === 'string' ? pattern : 'YYYY-MM-DD', context.locale, context.timeZone);
  },
};
