/**
 * JSON Schema of a record, user or department id in a body: a positive integer that JavaScript
 * holds exactly (at most 2^53 − 1) and so PostgreSQL's `bigint` too. `1e20` or
 * `100000000000000000000` are refused where they are given, not by the database.
 *
 * @example
 * ajv.validate(idSchema, 1e20) // false
 */
export const idSchema = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;

/** Whether a value is a valid id (see {@link idSchema}). */
export function isRecordId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}
