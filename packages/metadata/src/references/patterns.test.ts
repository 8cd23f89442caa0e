import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { AppBundle } from '../generated/types.ts';
import { checkPatterns, linearPattern, linearRegExp, patternProblem } from './patterns.ts';

const l = (en: string) => ({ 'zh-CN': en, en });

describe('field patterns on RE2', () => {
  it('matches in time linear in the text, where a backtracking engine takes exponential time', () => {
    const pattern = linearPattern('^(a+)+$');
    expect(pattern.test('a'.repeat(10_000))).toBe(true);
    expect(pattern.test(`${'a'.repeat(10_000)}!`)).toBe(false);
  });

  it('holds each pattern of a schema in ajv, not the first one compiled for all (URLs must be http or https)', () => {
    const ajv = new Ajv2020({ strict: false, code: { regExp: linearRegExp } });
    const digits = ajv.compile({ type: 'string', pattern: '^[0-9]+$' });
    const web = ajv.compile({ type: 'string', pattern: '^https?://' });
    expect([digits('123'), digits('abc')]).toEqual([true, false]);
    expect([web('https://example.com'), web('javascript:alert(1)'), web('123')]).toEqual([true, false, false]);
  });

  it('reads JavaScript syntax: \\u escapes, named groups, Unicode classes', () => {
    expect(linearPattern('^[\\u4e00-\\u9fa5]+$').test('星辰科技')).toBe(true);
    expect(linearPattern('^(?<area>0\\d{2,3})-\\d{7,8}$').test('021-68888888')).toBe(true);
    expect(linearPattern('^\\p{Han}+$').test('abc')).toBe(false);
  });

  it('names what RE2 cannot run', () => {
    expect(patternProblem('^(a)\\1$')).toMatch(/RE2.*\\1/);
    expect(patternProblem('(?<!x)y')).toBeDefined();
    expect(patternProblem('[')).toBeDefined();
    expect(patternProblem('^\\d{3}$')).toBeUndefined();
  });

  it('reports refused patterns with their paths, in line items too', () => {
    const bundle = {
      formatVersion: 1,
      app: { key: 'p', name: l('P'), version: '1.0.0' },
      entities: [
        {
          key: 'quote',
          label: l('Quote'),
          version: 1,
          fields: [
            { key: 'code', label: l('Code'), type: 'text', pattern: '^[A-Z]+$' },
            { key: 'lines', label: l('Lines'), type: 'lineItems', fields: [{ key: 'sku', label: l('SKU'), type: 'text', pattern: '(?=x)x' }] },
          ],
        },
      ],
    } as unknown as AppBundle;
    expect(checkPatterns(bundle, undefined as never).map((e) => [e.path, e.code])).toEqual([['/entities/0/fields/1/fields/0/pattern', 'field.badPattern']]);
  });
});
