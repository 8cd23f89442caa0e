/**
 * Full validation of an app bundle: JSON Schema first, then the cross-document reference checks.
 *
 * @example
 * const result = validateBundle(JSON.parse(text));
 * if (result.ok) install(result.value);
 * else for (const e of result.errors) console.error(e.path, e.message);
 */
import { MetadataValidationError, type ValidationResult } from './errors.ts';
import type { AppBundle } from './generated/types.ts';
import { checkReferences } from './references/index.ts';
import { validateBundleSchema } from './validate.ts';

export function validateBundle(document: unknown): ValidationResult<AppBundle> {
  const schema = validateBundleSchema(document);
  if (!schema.ok) return schema;
  const errors = checkReferences(schema.value);
  return errors.length === 0 ? schema : { ok: false, errors };
}

/** Like `validateBundle`, but throws `MetadataValidationError` with every problem found. */
export function parseBundle(document: unknown): AppBundle {
  const result = validateBundle(document);
  if (!result.ok) throw new MetadataValidationError(result.errors);
  return result.value;
}
