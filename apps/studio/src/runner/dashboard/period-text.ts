/** A period filter value in words: `{ period: 'thisMonth' }` → 本月, `{ last: 24, unit: 'month' }` → 最近 24 个月. */
const named: Record<string, Record<'zh-CN' | 'en', string>> = {
  today: { 'zh-CN': '今天', en: 'today' },
  yesterday: { 'zh-CN': '昨天', en: 'yesterday' },
  tomorrow: { 'zh-CN': '明天', en: 'tomorrow' },
  thisWeek: { 'zh-CN': '本周', en: 'this week' },
  lastWeek: { 'zh-CN': '上周', en: 'last week' },
  nextWeek: { 'zh-CN': '下周', en: 'next week' },
  thisMonth: { 'zh-CN': '本月', en: 'this month' },
  lastMonth: { 'zh-CN': '上月', en: 'last month' },
  nextMonth: { 'zh-CN': '下月', en: 'next month' },
  thisQuarter: { 'zh-CN': '本季度', en: 'this quarter' },
  lastQuarter: { 'zh-CN': '上季度', en: 'last quarter' },
  nextQuarter: { 'zh-CN': '下季度', en: 'next quarter' },
  thisYear: { 'zh-CN': '今年', en: 'this year' },
  lastYear: { 'zh-CN': '去年', en: 'last year' },
  nextYear: { 'zh-CN': '明年', en: 'next year' },
};
const units: Record<string, Record<'zh-CN' | 'en', string>> = {
  day: { 'zh-CN': '天', en: 'days' },
  week: { 'zh-CN': '周', en: 'weeks' },
  month: { 'zh-CN': '个月', en: 'months' },
  quarter: { 'zh-CN': '个季度', en: 'quarters' },
  year: { 'zh-CN': '年', en: 'years' },
};

export function periodText(value: unknown, locale: 'zh-CN' | 'en'): string {
  if (Array.isArray(value)) return locale === 'zh-CN' ? `${String(value[0])} 至 ${String(value[1])}` : `${String(value[0])} to ${String(value[1])}`;
  if (value && typeof value === 'object') {
    const v = value as { period?: string; last?: number; next?: number; unit?: string };
    if (v.period && named[v.period]) return named[v.period]![locale];
    const unit = units[v.unit ?? '']?.[locale] ?? v.unit ?? '';
    if (typeof v.last === 'number') return locale === 'zh-CN' ? `最近 ${v.last} ${unit}` : `the last ${v.last} ${unit}`;
    if (typeof v.next === 'number') return locale === 'zh-CN' ? `未来 ${v.next} ${unit}` : `the next ${v.next} ${unit}`;
  }
  return String(value);
}
