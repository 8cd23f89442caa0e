/**
 * The comparison keys of duplicate rules: what is left of a value once the differences that do not
 * make two records different are taken out. The runtime computes the same keys in SQL
 * (`pipewright.duplicate_key`, platform migration `0012-duplicate-keys`) over stored records; a
 * test runs one table of values through both and expects the same keys.
 *
 * @example
 * duplicateKey('companyName', '上海星辰科技有限公司') // '上海星辰科技'
 * duplicateKey('phone', '+86 138-0013-8000')         // '13800138000'
 * duplicateKey('email', ' Li.Lei@Example.COM ')      // 'li.lei@example.com'
 */
import type { DuplicateKey } from '@pipewright/metadata';
import { companyNameKey } from '../fields/company-name.ts';
import { normalizeChinesePhone } from '../fields/phone.ts';

export type DuplicateNormalisation = NonNullable<DuplicateKey['normalise']>;

/** The key of one value, or null when nothing comparable is left (an empty key matches nothing). */
export function duplicateKey(kind: DuplicateNormalisation, value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value);
  const key = keyOf(kind, text);
  return key === '' ? null : key;
}

function keyOf(kind: DuplicateNormalisation, text: string): string {
  switch (kind) {
    case 'companyName':
      return companyNameKey(text);
    case 'phone':
      return normalizeChinesePhone(text).replace(/[^0-9]/g, '');
    case 'email':
      return text.normalize('NFKC').trim().toLowerCase();
    case 'text':
      return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  }
}
