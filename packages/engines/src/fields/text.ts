import { linearPattern, type TextField } from '@pipewright/metadata';
import { companyNameKey } from './company-name.ts';
import { defineFieldType, textOperators } from './field-type.ts';

export const text = defineFieldType<TextField>({
  type: 'text',
  column: () => ({ sql: 'text', family: 'text' }),
  valueSchema: (field) => ({
    type: 'string',
    maxLength: field.maxLength ?? 255,
    ...(field.minLength !== undefined ? { minLength: field.minLength } : {}),
  }),
  normalize: (value, field) => {
    const s = String(value);
    if (field.normalize === 'none') return s;
    const trimmed = s.trim();
    return field.normalize === 'lowercase' ? trimmed.toLowerCase() : trimmed;
  },
  check: (value, field) => {
    if (field.pattern === undefined) return undefined;
    // RE2: linear in the length of the value, whatever the pattern (decision 013).
    return linearPattern(field.pattern).test(String(value)) ? undefined : `must match the pattern ${field.pattern}`;
  },
  comparisonKey: (value, field) =>
    field.normalize === 'companyName' ? companyNameKey(String(value)) : String(value).toLowerCase(),
  operators: textOperators,
  sortable: true,
  writable: true,
});
