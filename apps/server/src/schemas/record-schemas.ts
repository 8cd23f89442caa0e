/**
 * JSON Schemas (draft 2020-12, as OpenAPI 3.1 uses) of an app's records, derived from its
 * metadata: what a read returns (`Lead`), what a create and an update accept (`LeadCreate`,
 * `LeadUpdate`, from the engines' `recordInputSchema`), and each line-items row
 * (`OpportunityProductsLine`). The OpenAPI document and the TypeScript declarations are both built
 * from these, so they cannot disagree.
 *
 * @example
 * const schemas = appRecordSchemas(bundle, (name) => `#/components/schemas/${name}`);
 * schemas.entities[0].names.record; // 'Account'
 */
import type { AppBundle, Entity, Field, LineItemsField } from '@pipewright/metadata';
import { fieldTypeOf, recordInputSchema } from '@pipewright/engines';

export type JsonSchema = Record<string, unknown>;

/** Turns a schema name into a `$ref` target in the document being built. */
export type RefOf = (name: string) => string;

export interface EntitySchemaNames {
  record: string;
  create: string;
  update: string;
  /** Line-items row schemas by field key. */
  lines: Record<string, string>;
}

export interface EntitySchemas {
  entity: Entity;
  names: EntitySchemaNames;
}

export interface AppRecordSchemas {
  entities: EntitySchemas[];
  /** Every named schema of the app, by name. */
  schemas: Record<string, JsonSchema>;
}

/** `sales_order` → `SalesOrder`. */
export function typeName(key: string): string {
  return key
    .split('_')
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/**
 * The fields one reader may see and write, per entity (their roles' field permissions); without a
 * view every field is shown.
 */
export interface FieldView {
  readable(entityKey: string): ReadonlySet<string>;
  writable(entityKey: string): ReadonlySet<string>;
}

/**
 * Builds the named schemas of every entity of an app. Names are unique; a clash gets a numeric
 * suffix. With a `view`, records leave out the fields hidden from the reader, and create and
 * update bodies hold only the fields they may write.
 */
export function appRecordSchemas(bundle: AppBundle, refOf: RefOf, view?: FieldView): AppRecordSchemas {
  const used = new Set<string>(['Problem', 'HistoryEntry']);
  const unique = (name: string): string => {
    let candidate = name;
    for (let i = 2; used.has(candidate); i++) candidate = `${name}${i}`;
    used.add(candidate);
    return candidate;
  };
  const entities: EntitySchemas[] = bundle.entities.map((entity) => {
    const base = typeName(entity.key);
    const lines: Record<string, string> = {};
    for (const field of entity.fields) if (field.type === 'lineItems') lines[field.key] = unique(`${base}${typeName(field.key)}Line`);
    return { entity, names: { record: unique(base), create: unique(`${base}Create`), update: unique(`${base}Update`), lines } };
  });
  const recordNames = new Map(entities.map((e) => [e.entity.key, e.names.record]));
  const schemas: Record<string, JsonSchema> = {};
  for (const { entity: whole, names } of entities) {
    const readable = view?.readable(whole.key);
    const writable = view?.writable(whole.key);
    const entity = readable ? { ...whole, fields: whole.fields.filter((f) => readable.has(f.key)) } : whole;
    const input = writable ? { ...whole, fields: whole.fields.filter((f) => writable.has(f.key)) } : whole;
    const refOfEntity = (key: string): string | undefined => {
      const name = recordNames.get(key);
      return name === undefined ? undefined : refOf(name);
    };
    schemas[names.record] = recordSchema(entity, names, refOf, refOfEntity);
    for (const field of entity.fields) {
      if (field.type === 'lineItems') schemas[names.lines[field.key]!] = lineSchema(entity, field);
    }
    schemas[names.create] = createSchema(input);
    schemas[names.update] = { ...recordInputSchema(input), description: `The fields of ${label(entity)} to change; fields left out keep their values. Line items and many-to-many lists are replaced whole.` };
  }
  return { entities, schemas };
}

const systemProperties: Record<string, JsonSchema> = {
  id: { type: 'integer', minimum: 1, description: 'Record id' },
  created_at: { type: 'string', format: 'date-time' },
  updated_at: { type: 'string', format: 'date-time' },
  created_by: { type: ['integer', 'null'], description: 'Id of the user who created the record' },
  owner_id: { type: ['integer', 'null'], description: 'Id of the owning user' },
  version: { type: 'integer', minimum: 1, description: 'Increases with every change; send it back (If-Match or version) to write only over what you read' },
  deleted_at: { type: ['string', 'null'], format: 'date-time', description: 'Set while the record is in the recycle bin' },
};

function recordSchema(entity: Entity, names: EntitySchemaNames, refOf: RefOf, refOfEntity: (key: string) => string | undefined): JsonSchema {
  const properties: Record<string, JsonSchema> = { ...systemProperties };
  for (const field of entity.fields) {
    const schema = readSchema(field, names, refOf, refOfEntity);
    if (schema) properties[field.key] = schema;
  }
  return {
    type: 'object',
    description: `${label(entity)}. System fields always come back; other fields only when selected (all by default).`,
    required: Object.keys(systemProperties),
    properties,
    additionalProperties: false,
  };
}

function lineSchema(entity: Entity, field: LineItemsField): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    id: { type: 'integer', minimum: 1 },
    position: { type: 'integer', description: 'Order of the line, from 0' },
  };
  for (const child of field.fields) {
    const schema = readSchema(child, { record: '', create: '', update: '', lines: {} }, () => '', () => undefined);
    if (schema) properties[child.key] = schema;
  }
  return { type: 'object', description: `A line of ${label(entity)} ${field.key}`, required: ['id', 'position'], properties, additionalProperties: false };
}

/** The schema of a field's value in a read record, or undefined when reads do not return it. */
function readSchema(field: Field, names: EntitySchemaNames, refOf: RefOf, refOfEntity: (key: string) => string | undefined): JsonSchema | undefined {
  const described = (schema: JsonSchema): JsonSchema => ({ ...schema, description: describe(field) });
  switch (field.type) {
    case 'relation': {
      if (field.kind === 'oneToMany') return undefined;
      if (field.kind === 'manyToMany') return described({ type: 'array', items: { type: 'integer', minimum: 1 } });
      const target = refOfEntity(field.target);
      const id = { type: 'integer', minimum: 1 };
      return described({ anyOf: target ? [id, { $ref: target }, { type: 'null' }] : [id, { type: 'null' }] });
    }
    case 'lineItems':
      return described({ type: 'array', items: { $ref: refOf(names.lines[field.key] ?? '') } });
    case 'formula':
      return described(nullable(formulaSchema(field.resultType)));
    case 'autoNumber':
      return described({ type: ['string', 'null'] });
    default:
      return described(nullable(shapeOf(fieldTypeOf(field).valueSchema(field))));
  }
}

function formulaSchema(resultType: string): JsonSchema {
  switch (resultType) {
    case 'text':
      return { type: 'string' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'boolean':
      return { type: 'boolean' };
    default:
      return { type: 'number' };
  }
}

/** The create body: the input schema with the required fields that have no default marked required. */
function createSchema(entity: Entity): JsonSchema {
  const schema = withRequired(recordInputSchema(entity), entity.fields);
  return { ...schema, description: `A new ${label(entity)}. Formula and auto-number fields are computed by the server.` };
}

function withRequired(schema: JsonSchema, fields: readonly Field[]): JsonSchema {
  const properties = { ...(schema.properties as Record<string, JsonSchema>) };
  for (const field of fields) {
    if (field.type !== 'lineItems' || !properties[field.key]) continue;
    const lines = properties[field.key]!;
    properties[field.key] = { ...lines, items: withRequired(lines.items as JsonSchema, field.fields) };
  }
  const required = fields
    .filter((f) => f.required && Object.hasOwn(properties, f.key) && !('default' in f && f.default !== undefined) && f.type !== 'lineItems')
    .map((f) => f.key);
  for (const key of required) properties[key] = notNull(properties[key]!);
  return { ...schema, properties, ...(required.length > 0 ? { required } : {}) };
}

/** A required field's schema without the null the input schema allows (the runtime refuses null there). */
function notNull(schema: JsonSchema): JsonSchema {
  const copy: JsonSchema = { ...schema };
  if (Array.isArray(copy.type)) {
    const types = (copy.type as string[]).filter((t) => t !== 'null');
    copy.type = types.length === 1 ? types[0] : types;
  }
  if (Array.isArray(copy.enum)) copy.enum = (copy.enum as unknown[]).filter((v) => v !== null);
  return copy;
}

/** Keeps the keywords that describe the shape of a value, not the input limits (reads may predate them). */
function shapeOf(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const keyword of ['type', 'enum', 'format', 'required', 'additionalProperties']) {
    if (keyword in schema) out[keyword] = schema[keyword];
  }
  if (schema.items && typeof schema.items === 'object') out.items = shapeOf(schema.items as JsonSchema);
  if (schema.properties && typeof schema.properties === 'object') {
    out.properties = Object.fromEntries(Object.entries(schema.properties as Record<string, JsonSchema>).map(([k, v]) => [k, shapeOf(v)]));
  }
  return out;
}

/** Lets a value schema also be null (the way the engines' input schema does it). */
function nullable(schema: JsonSchema): JsonSchema {
  const copy: JsonSchema = { ...schema };
  if (typeof copy.type === 'string') copy.type = [copy.type, 'null'];
  if (Array.isArray(copy.enum)) copy.enum = [...(copy.enum as unknown[]), null];
  return copy;
}

function describe(field: Field): string {
  const text = `${field.label.en || field.label['zh-CN']} (${field.label['zh-CN']}): ${field.type}`;
  return field.description ? `${text}. ${field.description}` : text;
}

function label(entity: Entity): string {
  return `${entity.label.en || entity.label['zh-CN']} (${entity.label['zh-CN']})`;
}
