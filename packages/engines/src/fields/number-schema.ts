import type { ValueSchema } from './field-type.ts';

/** JSON Schema of a finite number within optional bounds and with at most `scale` decimals. */
export function numberSchema(min: number | undefined, max: number | undefined, scale: number | undefined): ValueSchema {
  return {
    type: 'number',
    minimum: min ?? -1e15,
    maximum: max ?? 1e15,
    ...(scale !== undefined ? { 'x-scale': scale } : {}),
  };
}

/** Whether `value` has no more than `scale` digits after the decimal point. */
export function fitsScale(value: number, scale: number): boolean {
  const [, decimals = ''] = String(value).split('.');
  if (String(value).includes('e')) return Number(value.toFixed(scale)) === value;
  return decimals.length <= scale;
}
