/**
 * The JSON Schema of a record body for one entity, built from its fields. Validated with ajv, so
 * a bad body gets every problem at once with JSON pointers (`/products/0/quantity`).
 */
import type { Entity, Field, LineItemsField } from '@pipewright/metadata';
import { idSchema } from '../fields/id-schema.ts';
import { fieldTypeOf } from '../fields/registry.ts';

export type InputMode = 'create' | 'update';

/** Keys a client may send besides the entity's fields. */
export const writableSystemKeys = ['owner_id'] as const;

export function recordInputSchema(entity: Entity): Record<string, unknown> {
  return objectSchema(entity.fields, true);
}

function objectSchema(fields: Field[], topLevel: boolean): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const field of fields) {
    const type = fieldTypeOf(field);
    if (!type.writable) continue;
    if (field.type === 'relation' && field.kind === 'oneToMany') continue; // the related records hold the key
    if (field.type === 'lineItems') {
      properties[field.key] = lineItemsSchema(field);
      continue;
    }
    properties[field.key] = nullable(type.valueSchema(field));
  }
  if (topLevel) properties.owner_id = { ...idSchema };
  else properties.id = { ...idSchema };
  // Lines are always written whole, so their required fields are required in every body.
  const required = topLevel ? [] : fields.filter((f) => f.required && fieldTypeOf(f).writable && !('default' in f && f.default !== undefined)).map((f) => f.key);
  return { type: 'object', properties, additionalProperties: false, ...(required.length > 0 ? { required } : {}) };
}

function lineItemsSchema(field: LineItemsField): Record<string, unknown> {
  return {
    ...fieldTypeOf(field).valueSchema(field),
    type: 'array',
    items: objectSchema(field.fields, false),
  };
}

/** Lets a value schema also accept null, without anyOf (whose errors confuse people). */
function nullable(schema: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...schema };
  if (typeof copy.type === 'string') copy.type = [copy.type, 'null'];
  if (Array.isArray(copy.enum)) copy.enum = [...(copy.enum as unknown[]), null];
  return copy;
}
