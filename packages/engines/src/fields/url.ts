import type { UrlField } from '@pipewright/metadata';
import { defineFieldType, textOperators } from './field-type.ts';

export const url = defineFieldType<UrlField>({
  type: 'url',
  column: () => ({ sql: 'text', family: 'text' }),
  valueSchema: () => ({ type: 'string', maxLength: 2048, format: 'uri', pattern: '^https?://' }),
  operators: textOperators,
  sortable: true,
  writable: true,
});
