/**
 * 大写金额: an amount in Chinese uppercase numerals as cheques, invoices and contracts write it,
 * following the rules of the People's Bank of China for 中文大写金额 (壹万贰仟叁佰肆拾伍元陆角柒分):
 * `壹` before `拾` (壹拾元), one `零` for each run of zeros inside the integer part or between
 * 元 and 分, `整` after an amount that ends at 元, `负` before a negative amount. Amounts round to
 * the fen (half away from zero); an amount below one yuan starts at its first non-zero unit (伍分).
 */
import { numberOf, type PrintHelper } from './print-helper.ts';

const digits = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const places = ['', '拾', '佰', '仟'];
const groups = ['', '万', '亿', '万亿'];

/**
 * @example
 * rmbUpper(12345.67) // '壹万贰仟叁佰肆拾伍元陆角柒分'
 * rmbUpper('100001') // '壹拾万零壹元整'
 */
export function rmbUpper(amount: number | string): string {
  const fen = toFen(amount);
  if (fen === undefined) throw new RangeError(`Not an amount: ${String(amount)}`);
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const yuan = abs / 100n;
  const jiao = Number((abs / 10n) % 10n);
  const fenDigit = Number(abs % 10n);
  let text = yuan > 0n ? `${integerWords(yuan)}元` : '';
  if (jiao === 0 && fenDigit === 0) text = text === '' ? '零元整' : `${text}整`;
  else {
    if (jiao > 0) text += `${digits[jiao]}角`;
    else if (yuan > 0n) text += '零';
    if (fenDigit > 0) text += `${digits[fenDigit]}分`;
  }
  return negative ? `负${text}` : text;
}

/** The amount in fen, exactly, from a number or a decimal string; `undefined` when it is not one. */
function toFen(amount: number | string): bigint | undefined {
  const value = typeof amount === 'number' ? amount : numberOf(amount);
  if (value === undefined) return undefined;
  const text = typeof amount === 'string' ? amount.trim() : value.toFixed(6);
  const match = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) {
    if (Math.abs(value) >= 1e16) return undefined; // beyond 万亿 with fen precision
    return toFen(value.toFixed(6));
  }
  const [, sign, whole, decimals = ''] = match;
  const padded = `${decimals}000`;
  let fen = BigInt(whole!) * 100n + BigInt(padded.slice(0, 2));
  if (Number(padded[2]) >= 5) fen += 1n;
  if (fen >= 10n ** 18n) return undefined;
  return sign === '-' && fen !== 0n ? -fen : fen;
}

/** The integer part in words: groups of four digits with 万 / 亿 / 万亿, one 零 per run of zeros. */
function integerWords(value: bigint): string {
  const parts: number[] = [];
  for (let rest = value; rest > 0n; rest /= 10000n) parts.push(Number(rest % 10000n));
  let text = '';
  let pendingZero = false;
  for (let g = parts.length - 1; g >= 0; g--) {
    const group = parts[g]!;
    if (group === 0) {
      if (text !== '') pendingZero = true;
      continue;
    }
    if (text !== '' && (pendingZero || group < 1000)) text += '零';
    pendingZero = false;
    text += groupWords(group) + groups[g];
  }
  return text;
}

function groupWords(group: number): string {
  let text = '';
  let zero = false;
  for (let p = 3; p >= 0; p--) {
    const d = Math.floor(group / 10 ** p) % 10;
    if (d === 0) {
      if (text !== '') zero = true;
      continue;
    }
    if (zero) text += '零';
    zero = false;
    text += digits[d]! + places[p]!;
  }
  return text;
}

export const rmbUpperHelper: PrintHelper = {
  name: 'rmbUpper',
  description: 'An amount in Chinese uppercase (大写金额): {{rmbUpper final_amount}} → 壹万贰仟叁佰肆拾伍元陆角柒分',
  arity: [1, 1],
  run([value]) {
    const n = numberOf(value);
    return n === undefined ? '' : rmbUpper(typeof value === 'string' ? value : n);
  },
};
