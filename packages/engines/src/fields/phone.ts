import type { PhoneField } from '@pipewright/metadata';
import { defineFieldType, textOperators } from './field-type.ts';

/**
 * Mainland China numbers are stored without spaces, dashes, brackets or the +86 / 0086 prefix:
 * `+86 138-0013-8000` → `13800138000`, `(021) 6888 8888` → `02168888888`.
 */
export function normalizeChinesePhone(input: string): string {
  let digits = input.normalize('NFKC').replace(/[\s\-()（）.]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  return digits;
}

const mobile = /^1[3-9]\d{9}$/;
const landline = /^0\d{2,3}\d{7,8}(\d{1,6})?$/;
const service = /^[48]00\d{7}$/;

export const phone = defineFieldType<PhoneField>({
  type: 'phone',
  column: () => ({ sql: 'text', family: 'text' }),
  valueSchema: () => ({ type: 'string', minLength: 3, maxLength: 40 }),
  normalize: (value, field) =>
    (field.region ?? 'CN') === 'CN' ? normalizeChinesePhone(String(value)) : String(value).trim(),
  check: (value, field) => {
    const s = String(value);
    if ((field.region ?? 'CN') === 'CN') {
      return mobile.test(s) || landline.test(s) || service.test(s)
        ? undefined
        : 'must be a mainland China mobile (11 digits starting with 1), landline with area code, or 400/800 number';
    }
    return /^\+?[0-9][0-9\s\-().]{2,38}$/.test(s) ? undefined : 'must be a phone number';
  },
  operators: textOperators,
  sortable: true,
  writable: true,
});
