/**
 * Errors raised by the engines. Each carries a stable `code` and, where input was at fault, the
 * problems with JSON pointers into that input. The server maps codes to HTTP problem+json.
 */
export interface Problem {
  /** JSON pointer into the input, e.g. `/products/0/quantity`. */
  path: string;
  code: string;
  message: string;
}

export class PipewrightError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
    this.name = 'PipewrightError';
  }
}

/** Input that breaks the entity's rules; nothing was written. */
export class RecordValidationError extends PipewrightError {
  constructor(problems: readonly Problem[]) {
    super(
      'record.invalid',
      `Invalid record: ${problems
        .slice(0, 3)
        .map((p) => `${p.path || '/'} ${p.message}`)
        .join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`,
      problems,
    );
    this.name = 'RecordValidationError';
  }
}
