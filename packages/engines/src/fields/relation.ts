import type { RelationField } from '@pipewright/metadata';
import { idSchema as id } from './id-schema.ts';
import { defineFieldType, equalityOperators } from './field-type.ts';


/**
 * many-to-one: a foreign-key column holding the target's id. one-to-many: no column (the target
 * holds the key). many-to-many: a join table; clients send the full list of target ids.
 */
export const relation = defineFieldType<RelationField>({
  type: 'relation',
  column: (field) => (field.kind === 'manyToOne' ? { sql: 'bigint', family: 'id' } : undefined),
  valueSchema: (field) =>
    field.kind === 'manyToMany' ? { type: 'array', uniqueItems: true, maxItems: 10_000, items: id } : id,
  operators: equalityOperators,
  sortable: true,
  writable: true,
});
