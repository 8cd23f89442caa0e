/**
 * TypeScript declarations of one app's records, generated with json-schema-to-typescript from the
 * same schemas as the OpenAPI document: one interface per entity record (`Lead`), per create and
 * update body (`LeadCreate`, `LeadUpdate`) and per line-items row, plus `<App>Records` mapping
 * entity keys to record types.
 *
 * @example
 * const source = await typeDeclarations(bundle);
 * // export interface Lead { id: number; name?: string | null; … }
 */
import type { AppBundle } from '@pipewright/metadata';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import type { ApiView } from './openapi-document.ts';
import { appRecordSchemas, typeName, type JsonSchema } from './record-schemas.ts';

/**
 * Generates the declarations (a module of `export interface …`) of the app's installed version;
 * with a `view`, only the entities the reader may read, with the fields they may read (records)
 * and write (create and update bodies).
 */
export async function typeDeclarations(bundle: AppBundle, view?: ApiView): Promise<string> {
  const shown = view ? { ...bundle, entities: bundle.entities.filter((e) => view.allows(e.key, 'read')) } : bundle;
  const records = appRecordSchemas(shown, (name) => `#/definitions/${name}`, view);
  const definitions: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(records.schemas)) definitions[name] = { ...schema, title: name };
  const rootName = `${typeName(bundle.app.key)}Records`;
  const root = {
    title: rootName,
    description: view ? `The record types of app "${bundle.app.key}" by entity key, as the caller's roles allow them.` : `The record types of app "${bundle.app.key}" by entity key.`,
    type: 'object',
    additionalProperties: false,
    required: records.entities.map((e) => e.entity.key),
    properties: Object.fromEntries(records.entities.map((e) => [e.entity.key, { $ref: `#/definitions/${e.names.record}` }])),
    definitions,
  };
  return compile(root as JSONSchema, rootName, {
    bannerComment: `/**\n * Record types of the Pipewright app "${bundle.app.key}" version ${bundle.app.version},\n * generated from its metadata. Do not edit: fetch again after publishing a new version.\n */`,
    additionalProperties: false,
    unreachableDefinitions: true,
    declareExternallyReferenced: true,
    ignoreMinAndMaxItems: true,
    maxItems: -1,
    strictIndexSignatures: true,
    format: true,
    $refOptions: { resolve: { external: false } },
  });
}
