/**
 * The generated part of `schemas/field.schema.json`: the list of field types (`oneOf`) and, in
 * each type's `$defs` branch, the properties every field has, with `unique`, `searchable` and
 * `indexed` only where `src/field-capabilities.ts` says the type supports them. The properties a
 * type has alone (a text's `pattern`, a relation's `target`) are written in the file, after them.
 */
import { fieldCapabilities, type FieldTypeName } from '../src/field-capabilities.ts';

type Json = Record<string, unknown>;

const common = ['key', 'label', 'type', 'renamedFrom', 'description', 'helpText', 'required', 'unique', 'readOnly', 'searchable', 'indexed'];

function commonProperties(type: FieldTypeName): Json {
  const can = fieldCapabilities[type];
  return {
    key: { $ref: 'common.schema.json#/$defs/key' },
    label: { $ref: 'common.schema.json#/$defs/label' },
    type: { const: type },
    renamedFrom: { $ref: 'common.schema.json#/$defs/previousKey' },
    description: { type: 'string', maxLength: 2000 },
    helpText: { $ref: 'common.schema.json#/$defs/label' },
    required: { type: 'boolean', description: 'A value must be given on every create and update.' },
    ...(can.unique ? { unique: { type: 'boolean', description: 'No two live records may share a value (compared after normalisation). Not inside line items.' } } : {}),
    readOnly: { type: 'boolean', description: 'Set by the system or by automation only, never by a user\'s edit.' },
    ...(can.searchable ? { searchable: { type: 'boolean', description: 'Included in full-text search; the runtime indexes it.' } } : {}),
    ...(can.indexed ? { indexed: { type: 'boolean', description: 'Ask the runtime for a B-tree index on this field.' } } : {}),
  };
}

/** The field schema with its generated parts rewritten from the capability table. */
export function generateFieldSchema(schema: Json): Json {
  const defs = schema.$defs as Record<string, Json>;
  const types = Object.keys(fieldCapabilities) as FieldTypeName[];
  for (const type of types) {
    const branch = defs[type];
    if (!branch) throw new Error(`field.schema.json has no $defs/${type} for the field type ${type}`);
    const own = Object.fromEntries(Object.entries(branch.properties as Json).filter(([name]) => !common.includes(name)));
    branch.properties = { ...commonProperties(type), ...own };
  }
  return { ...schema, oneOf: types.map((type) => ({ $ref: `#/$defs/${type}` })) };
}
