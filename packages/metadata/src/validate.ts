/**
 * Schema validation of metadata documents with ajv (JSON Schema draft 2020-12).
 *
 * @example
 * const result = validateDocument('entity', json);
 * if (!result.ok) console.log(result.errors); // [{ path: '/fields/0/type', code: 'schema.enum', … }]
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { pointer, type MetadataError, type ValidationResult } from './errors.ts';
import { schemas, type DocumentKind } from './schemas.ts';
import type { AppBundle } from './generated/types.ts';

type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats: FormatsPlugin =
  (formatsPlugin as unknown as { default?: FormatsPlugin }).default ??
  (formatsPlugin as unknown as FormatsPlugin);

const ajv = new Ajv2020({
  allErrors: true,
  discriminator: true,
  strict: true,
  strictRequired: false,
  strictTypes: false,
  allowUnionTypes: true,
  useDefaults: false,
  verbose: true, // errors carry their schema, so a discriminator error can list the allowed tags
});
addFormats(ajv);
ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' }); // read by json-schema-to-typescript only
for (const schema of Object.values(schemas)) ajv.addSchema(schema as object);

const compiled = new Map<DocumentKind, ValidateFunction>();

function validatorFor(kind: DocumentKind): ValidateFunction {
  let validate = compiled.get(kind);
  if (!validate) {
    const id = (schemas[kind] as { $id: string }).$id;
    validate = ajv.getSchema(id);
    if (!validate) throw new Error(`No schema registered for ${kind} (${id})`);
    compiled.set(kind, validate);
  }
  return validate;
}

/**
 * Validates one document against the JSON Schema of its kind. Returns every problem found, each
 * with the JSON pointer of the bad value. Cross-document references are not checked here; see
 * `validateBundle`.
 */
export function validateDocument<T = unknown>(kind: DocumentKind, document: unknown): ValidationResult<T> {
  const validate = validatorFor(kind);
  if (validate(document)) return { ok: true, value: document as T, errors: [] };
  return { ok: false, errors: describeSchemaErrors(validate.errors ?? []) };
}

/** Schema validation of a whole app bundle (no reference checks). */
export function validateBundleSchema(document: unknown): ValidationResult<AppBundle> {
  return validateDocument<AppBundle>('bundle', document);
}

/**
 * Turns ajv's raw errors into Pipewright's `{ path, code, message }`.
 *
 * When a value matches none of the alternatives of an `anyOf`/`oneOf`, ajv reports the failures of
 * every alternative. People need the failure of the alternative they evidently meant: the one whose
 * errors reach deepest into the value, then the one with the fewest errors.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[]): MetadataError[] {
  // `if` errors only say that a `then`/`else` branch failed; that branch's own errors say why.
  const kept = pruneAlternatives(errors.filter((e) => e.keyword !== 'if'));
  const seen = new Set<string>();
  const out: MetadataError[] = [];
  for (const error of kept) {
    const described = describe(error);
    const id = `${described.path}\u0000${described.code}\u0000${described.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(described);
  }
  return out;
}

function pruneAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (alternatives.length === 0) return [...errors];
  // Handle the outermost alternative first: its choice decides which inner errors survive.
  alternatives.sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  let remaining = [...errors];
  for (const alt of alternatives) {
    if (!remaining.includes(alt)) continue;
    const prefix = alt.schemaPath.replace(/\/(anyOf|oneOf)$/, '');
    const own = `${prefix}/${alt.keyword}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of remaining) {
      if (e === alt || !e.schemaPath.startsWith(own)) continue;
      if (!e.instancePath.startsWith(alt.instancePath)) continue;
      const branch = e.schemaPath.slice(own.length).split('/')[0] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    if (branches.size === 0) continue; // e.g. oneOf matched twice: keep ajv's own message
    const best = [...branches.values()].sort(
      (a, b) => depth(b) - depth(a) || a.length - b.length,
    )[0]!;
    const losers = new Set([...branches.values()].filter((b) => b !== best).flat());
    remaining = remaining.filter((e) => !losers.has(e) && e !== alt);
  }
  return remaining;
}

function depth(errors: ErrorObject[]): number {
  return Math.max(
    ...errors.map((e) => {
      const extra = e.keyword === 'required' || e.keyword === 'additionalProperties' ? 1 : 0;
      // A branch that only fails on its type or its tag was barely tried.
      const shallow = e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'required' ? -0.5 : 0;
      return e.instancePath.split('/').length + extra + shallow;
    }),
  );
}

function describe(error: ErrorObject): MetadataError {
  const base = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        path: base + pointer(String(params.missingProperty)),
        code: 'schema.required',
        message: `is required`,
      };
    case 'additionalProperties':
      return {
        path: base + pointer(String(params.additionalProperty)),
        code: 'schema.unknownProperty',
        message: `is not a known property here`,
      };
    case 'enum':
      return {
        path: base,
        code: 'schema.enum',
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'const':
      return { path: base, code: 'schema.const', message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'discriminator': {
      const tag = String(params.tag);
      const allowed = error.parentSchema ? discriminatorTags.get(error.parentSchema) : undefined;
      return {
        path: base + pointer(tag),
        code: params.error === 'tag' ? 'schema.required' : 'schema.enum',
        message:
          params.error === 'tag'
            ? 'is required'
            : allowed
              ? `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`
              : `is not a known "${tag}" here`,
      };
    }
    case 'pattern':
      return { path: base, code: 'schema.pattern', message: patternMessage(error) };
    default:
      return { path: base, code: `schema.${error.keyword}`, message: error.message ?? 'is invalid' };
  }
}

type SchemaNode = { [keyword: string]: unknown };

/**
 * The tag values each discriminated union accepts (field types, workflow node types, rule action
 * types …), keyed by the schema object that declares the `discriminator`: the object ajv reports
 * as `parentSchema` of a discriminator error.
 */
const discriminatorTags = new WeakMap<object, string[]>();
for (const schema of Object.values(schemas) as SchemaNode[]) visit(schema, schema);

function visit(node: unknown, file: SchemaNode): void {
  if (Array.isArray(node)) return node.forEach((item) => visit(item, file));
  if (!node || typeof node !== 'object') return;
  const schema = node as SchemaNode;
  const discriminator = schema.discriminator as { propertyName?: string } | undefined;
  if (discriminator?.propertyName && Array.isArray(schema.oneOf)) {
    const tag = discriminator.propertyName;
    const tags = (schema.oneOf as SchemaNode[]).flatMap((branch) => {
      const target = typeof branch.$ref === 'string' ? resolveRef(file, branch.$ref) : branch;
      const property = (target?.properties as Record<string, SchemaNode> | undefined)?.[tag];
      if (property?.const !== undefined) return [String(property.const)];
      return Array.isArray(property?.enum) ? property.enum.map(String) : [];
    });
    discriminatorTags.set(schema, tags);
  }
  for (const value of Object.values(schema)) visit(value, file);
}

/** Resolves `#/$defs/x` or `other.schema.json#/$defs/x` among the package's own schemas. */
function resolveRef(file: SchemaNode, ref: string): SchemaNode | undefined {
  const [fileName, fragment = ''] = ref.split('#');
  const root = fileName
    ? (Object.values(schemas) as SchemaNode[]).find((s) => String(s.$id).endsWith(`/${fileName}`))
    : file;
  let target: unknown = root;
  for (const segment of fragment.split('/').filter(Boolean)) {
    target = (target as SchemaNode | undefined)?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return target as SchemaNode | undefined;
}

type Defs = { $defs: Record<string, SchemaNode & { then?: SchemaNode }> };
const commonDefs = (schemas.common as unknown as Defs).$defs;
const workflowDefs = (schemas.workflow as unknown as Defs).$defs;

/** Sentences for the patterns people meet most, instead of the raw regular expression. */
const patternMessages = new Map<string, string>([
  [String(commonDefs.key?.pattern), 'must be a key: lower case letters, digits and _, starting with a letter, at most 63 characters'],
  [String(commonDefs.fieldPath?.pattern), 'must be a field key or a dotted path through many-to-one relations, such as account.industry'],
  [String(commonDefs.duration?.then?.pattern), 'must be an ISO-8601 duration such as P3D or PT4H (or a number of hours)'],
  [String((commonDefs.schedule?.properties as Record<string, SchemaNode>).cron?.pattern), 'must be a cron expression with five fields: minute hour day-of-month month day-of-week'],
  [String(workflowDefs.elementId?.pattern), 'must be 1 to 100 letters, digits, _ . : or -'],
]);

function patternMessage(error: ErrorObject): string {
  const pattern = String((error.params as { pattern: string }).pattern);
  return patternMessages.get(pattern) ?? `must match the pattern ${pattern}`;
}
