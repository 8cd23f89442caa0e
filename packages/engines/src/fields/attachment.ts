import type { AttachmentField } from '@pipewright/metadata';
import { defineFieldType, presenceOperators } from './field-type.ts';
import { fileListSchema } from './file-list.ts';

export const attachment = defineFieldType<AttachmentField>({
  type: 'attachment',
  column: () => ({ sql: 'jsonb', family: 'json' }),
  valueSchema: (field) => fileListSchema(field.maxFiles ?? 20),
  operators: presenceOperators,
  sortable: false,
  writable: true,
});
