import type { UserField } from '@pipewright/metadata';
import { idSchema as id } from './id-schema.ts';
import { defineFieldType, equalityOperators, listOperators } from './field-type.ts';


export const user = defineFieldType<UserField>({
  type: 'user',
  column: (field) => (field.multiple ? { sql: 'bigint[]', family: 'idList' } : { sql: 'bigint', family: 'id' }),
  valueSchema: (field) => (field.multiple ? { type: 'array', uniqueItems: true, maxItems: 500, items: id } : id),
  operators: [...equalityOperators, ...listOperators],
  sortable: true,
  writable: true,
});
