/**
 * JSON Schemas of the URL parameters every route shares. A key is what metadata keys are (lower
 * snake case, at most 63 characters, so always a safe SQL identifier); an id is a positive
 * integer. Anything else is refused with 400 before a handler runs.
 *
 * @example
 * app.get('/api/apps/:app/records/:entity/:id', { schema: { params: recordParamsSchema } }, handler);
 */

/**
 * Text PostgreSQL can store: no NUL character (U+0000). Used by the route schemas of every text
 * that reaches a `text` column or a query (names, logins, search words).
 */
export const noNulPattern = '^[^\\u0000]*$';

/** A metadata key: `^[a-z][a-z0-9_]{0,62}$`. */
export const keyPattern = '^[a-z][a-z0-9_]{0,62}$';

const key = { type: 'string', pattern: keyPattern } as const;
const id = { type: 'string', pattern: '^[1-9][0-9]{0,14}$', description: 'Record id (a positive integer)' } as const;

export const appParamsSchema = {
  type: 'object',
  required: ['app'],
  additionalProperties: false,
  properties: { app: key },
} as const;

export const entityParamsSchema = {
  type: 'object',
  required: ['app', 'entity'],
  additionalProperties: false,
  properties: { app: key, entity: key },
} as const;

export const recordParamsSchema = {
  type: 'object',
  required: ['app', 'entity', 'id'],
  additionalProperties: false,
  properties: { app: key, entity: key, id },
} as const;

export interface AppParams {
  app: string;
}

export interface EntityParams extends AppParams {
  entity: string;
}

export interface RecordParams extends EntityParams {
  /** Digits only (checked by the schema); convert with `Number`. */
  id: string;
}

/** The query string of a route that takes no query parameters: any is refused with 400. */
export const noQuerySchema = { type: 'object', additionalProperties: false, properties: {} } as const;

/** The body of an action that takes none: absent, `null` or `{}`. */
export const emptyBodySchema = { type: ['object', 'null'], additionalProperties: false, properties: {} } as const;

/** The response of a 204. */
export const noContentSchema = { type: 'null', description: 'No content' } as const;

/**
 * Route option for answers whose shape the app's metadata decides (records, bundles, documents):
 * their response schemas are open (`additionalProperties: true`) and describe, they do not
 * filter, so the answer is serialised as it is, with `JSON.stringify`.
 */
export const serializedAsIs = { serializerCompiler: () => (data: unknown) => JSON.stringify(data) } as const;
