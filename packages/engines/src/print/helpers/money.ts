/** `{{money amount}}`, `{{money amount "USD"}}`: the currency symbol, thousands separators and the currency's decimals (¥12,345.67). */
import { numberOf, type PrintHelper } from './print-helper.ts';

const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
    formatters.set(key, format);
  }
  return format.format(amount);
}

export const moneyHelper: PrintHelper = {
  name: 'money',
  description: 'An amount with its currency symbol and thousands separators: {{money final_amount}} → ¥12,345.67; {{money amount "USD"}} → $12,345.67',
  arity: [1, 2],
  run([value, currency], context) {
    const n = numberOf(value);
    if (n === undefined) return '';
    const code = typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : context.currency;
    return formatMoney(n, code, context.locale);
  },
};
