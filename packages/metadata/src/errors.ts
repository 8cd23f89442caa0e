/**
 * One problem found in a metadata document.
 *
 * `path` is a JSON pointer into the validated document (`/entities/0/fields/2/type`), `code` a
 * stable machine-readable name (`schema.required`, `reference.unknownField`), `message` a sentence
 * for people.
 */
export interface MetadataError {
  path: string;
  code: string;
  message: string;
}

/** Thrown where a caller asked for a valid document and got an invalid one. */
export class MetadataValidationError extends Error {
  readonly code = 'metadata.invalid';
  constructor(readonly errors: readonly MetadataError[]) {
    super(
      `Invalid metadata: ${errors
        .slice(0, 5)
        .map((e) => `${e.path || '/'}: ${e.message}`)
        .join('; ')}${errors.length > 5 ? ` (and ${errors.length - 5} more)` : ''}`,
    );
    this.name = 'MetadataValidationError';
  }
}

export type ValidationResult<T> =
  | { ok: true; value: T; errors: [] }
  | { ok: false; errors: MetadataError[] };

/** Escapes one property name or index for use inside a JSON pointer (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins segments into a JSON pointer: `pointer('entities', 0, 'key')` → `/entities/0/key`. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${pointerSegment(s)}`).join('');
}
