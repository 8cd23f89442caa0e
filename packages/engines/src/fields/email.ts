import type { EmailField } from '@pipewright/metadata';
import { defineFieldType, textOperators } from './field-type.ts';

/** A practical e-mail syntax: local part, @, a domain with at least one dot. */
const emailPattern = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/u;

export const email = defineFieldType<EmailField>({
  type: 'email',
  column: () => ({ sql: 'text', family: 'text' }),
  valueSchema: () => ({ type: 'string', maxLength: 320 }),
  normalize: (value) => String(value).trim().toLowerCase(),
  // Checked after normalising, so ' Buyer@Example.COM ' is accepted as buyer@example.com.
  check: (value) => (emailPattern.test(String(value)) && String(value).length <= 254 ? undefined : 'must be an e-mail address'),
  operators: textOperators,
  sortable: true,
  writable: true,
});
