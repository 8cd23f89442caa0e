import type { RichTextField } from '@pipewright/metadata';
import { defineFieldType, textOperators } from './field-type.ts';

export const richText = defineFieldType<RichTextField>({
  type: 'richText',
  column: () => ({ sql: 'text', family: 'text' }),
  valueSchema: (field) => ({ type: 'string', maxLength: field.maxLength ?? 1_000_000 }),
  check: (value) =>
    /<\s*(script|iframe|object|embed)\b|\son\w+\s*=|javascript:/i.test(String(value))
      ? 'must not contain scripts, frames or event handlers'
      : undefined,
  operators: textOperators,
  sortable: false,
  writable: true,
});
