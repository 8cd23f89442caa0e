import { describe, expect, it } from 'vitest';
import { expectedVersionOf, parseIfMatch } from './expected-version.ts';

describe('expected version', () => {
  it('reads strong and weak ETags, and * as any version', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch('*')).toBeUndefined();
    for (const bad of ['3', '"0"', '"x"', '"1", "2"', 'W/3']) expect(() => parseIfMatch(bad), bad).toThrow(expect.objectContaining({ code: 'request.invalidVersion' }));
  });

  it('takes version out of the body, and refuses a body version that disagrees with If-Match', () => {
    expect(expectedVersionOf(undefined, { version: 2, name: 'x' })).toEqual({ expectedVersion: 2, body: { name: 'x' } });
    expect(expectedVersionOf('"2"', { name: 'x' })).toEqual({ expectedVersion: 2, body: { name: 'x' } });
    expect(() => expectedVersionOf('"2"', { version: 3 })).toThrow(expect.objectContaining({ code: 'request.invalidVersion' }));
    expect(() => expectedVersionOf(undefined, { version: '2' })).toThrow(expect.objectContaining({ code: 'request.invalidVersion' }));
  });
});
