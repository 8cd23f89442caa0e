/**
 * @pipewright/metadata: the JSON Schemas of every metadata document, the TypeScript types
 * generated from them, and their validators.
 */
export * from './generated/types.ts';
export { validateBundle, parseBundle } from './bundle.ts';
export { validateDocument, validateBundleSchema, describeSchemaErrors } from './validate.ts';
export { MetadataValidationError, pointer, pointerSegment } from './errors.ts';
export type { MetadataError, ValidationResult } from './errors.ts';
export { schemas } from './schemas.ts';
export type { DocumentKind } from './schemas.ts';
export * from './references/index.ts';
export { fieldCapabilities, isIndexedField, isSearchableField, isUniqueField } from './field-capabilities.ts';
export type { FieldCapabilities, FieldTypeName } from './field-capabilities.ts';
