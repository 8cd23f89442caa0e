/** `{{percent discount}}`: a percent field (stored as 0–100) with its sign: 12.5%. */
import { decimalsOf, formatNumber } from './number.ts';
import { numberOf, type PrintHelper } from './print-helper.ts';

export const percentHelper: PrintHelper = {
  name: 'percent',
  description: 'A percent as percent fields store it (0–100): {{percent discount}} → 12.5%; {{percent probability 1}} → 60.0%',
  arity: [1, 2],
  run([value, decimals], context) {
    const n = numberOf(value);
    return n === undefined ? '' : `${formatNumber(n, context.locale, decimalsOf(decimals))}%`;
  },
};
