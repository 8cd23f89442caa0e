import type { SignatureField } from '@pipewright/metadata';
import { defineFieldType, presenceOperators } from './field-type.ts';
import { fileListSchema } from './file-list.ts';

export const signature = defineFieldType<SignatureField>({
  type: 'signature',
  column: () => ({ sql: 'jsonb', family: 'json' }),
  valueSchema: () => fileListSchema(1),
  operators: presenceOperators,
  sortable: false,
  writable: true,
});
