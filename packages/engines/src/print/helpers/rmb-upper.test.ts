import { describe, expect, it } from 'vitest';
import { rmbUpper } from './rmb-upper.ts';

// Written by hand from the rules for 中文大写金额, not produced by the code under test.
const expected: [number | string, string][] = [
  [0, '零元整'],
  [0.05, '伍分'],
  [0.5, '伍角'],
  [10, '壹拾元整'],
  ['10.00', '壹拾元整'],
  [10.5, '壹拾元伍角'],
  ['10.50', '壹拾元伍角'],
  [10.05, '壹拾元零伍分'],
  [12345.67, '壹万贰仟叁佰肆拾伍元陆角柒分'],
  [100001, '壹拾万零壹元整'],
  [10010, '壹万零壹拾元整'],
  [1001000, '壹佰万壹仟元整'],
  [1010101, '壹佰零壹万零壹佰零壹元整'],
  [100000001, '壹亿零壹元整'],
  [100010000, '壹亿零壹万元整'],
  [1000000000.1, '壹拾亿元壹角'],
  ['1000000000.10', '壹拾亿元壹角'],
  [1680.32, '壹仟陆佰捌拾元叁角贰分'],
  [-12345.67, '负壹万贰仟叁佰肆拾伍元陆角柒分'],
  [-0.05, '负伍分'],
  ['-100001.00', '负壹拾万零壹元整'],
  [-0, '零元整'],
  [0.004, '零元整'],
  [0.005, '壹分'],
  ['2.675', '贰元陆角捌分'],
];

describe('rmbUpper', () => {
  it.each(expected)('%s → %s', (amount, words) => {
    expect(rmbUpper(amount)).toBe(words);
  });

  it('refuses what is not an amount', () => {
    expect(() => rmbUpper('abc')).toThrow(RangeError);
    expect(() => rmbUpper(Number.NaN)).toThrow(RangeError);
  });
});
