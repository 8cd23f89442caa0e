import type { ImageField } from '@pipewright/metadata';
import { defineFieldType, presenceOperators } from './field-type.ts';
import { fileListSchema } from './file-list.ts';

export const image = defineFieldType<ImageField>({
  type: 'image',
  column: () => ({ sql: 'jsonb', family: 'json' }),
  valueSchema: (field) => fileListSchema(field.maxFiles ?? 9),
  operators: presenceOperators,
  sortable: false,
  writable: true,
});
