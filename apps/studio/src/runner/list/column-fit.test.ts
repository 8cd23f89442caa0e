import { describe, expect, it } from 'vitest';
import { fitColumns } from './column-fit.ts';

describe('fitColumns', () => {
  it('keeps widths that fit', () => {
    expect(fitColumns([200, 300], 800)).toEqual([200, 300]);
  });

  it('shrinks every column above the minimum by the same share until they fit', () => {
    const fitted = fitColumns([140, 220, 150, 150, 120, 120, 110, 120, 150], 1100);
    expect(fitted.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1100);
    expect(Math.min(...fitted)).toBeGreaterThanOrEqual(96);
    expect(fitted[1]! > fitted[0]!).toBe(true);
  });

  it('never goes below the minimum, or a column\'s own smaller width, so a narrow box still scrolls', () => {
    expect(fitColumns([300, 80, 300], 200)).toEqual([96, 80, 96]);
  });
});
