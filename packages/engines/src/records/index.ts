export { autoNumberPeriod, formatAutoNumber } from './auto-number.ts';
export { recordInputSchema, writableSystemKeys } from './input-schema.ts';
export type { InputMode } from './input-schema.ts';
export { defaultValue, RecordInputValidator } from './prepare-input.ts';
export type { PreparedInput, WriteContext } from './prepare-input.ts';
export { duplicateKey } from './duplicate-keys.ts';
export type { DuplicateNormalisation } from './duplicate-keys.ts';
