/**
 * Errors raised by PostgreSQL, the same on `pg` and PGlite.
 *
 * Both drivers give their errors the SQLSTATE in `.code` and the constraint, table and column in
 * fields of the same names. The drivers of this package turn every such error into a
 * {@link DatabaseError}, which keeps those fields, names the condition, and keeps the driver's
 * error as `cause`.
 */

/** SQLSTATE codes that callers act on. https://www.postgresql.org/docs/current/errcodes-appendix.html */
export const PostgresErrorCode = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  notNullViolation: '23502',
  checkViolation: '23514',
  exclusionViolation: '23P01',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  lockNotAvailable: '55P03',
  queryCanceled: '57014',
  undefinedTable: '42P01',
  undefinedColumn: '42703',
} as const;

/** The condition name PostgreSQL gives a SQLSTATE, for the codes in {@link PostgresErrorCode}; `other` for the rest. */
export type DatabaseErrorCondition =
  | 'unique_violation'
  | 'foreign_key_violation'
  | 'not_null_violation'
  | 'check_violation'
  | 'exclusion_violation'
  | 'serialization_failure'
  | 'deadlock_detected'
  | 'lock_not_available'
  | 'query_canceled'
  | 'undefined_table'
  | 'undefined_column'
  | 'other';

const conditionByCode: Readonly<Record<string, DatabaseErrorCondition>> = {
  '23505': 'unique_violation',
  '23503': 'foreign_key_violation',
  '23502': 'not_null_violation',
  '23514': 'check_violation',
  '23P01': 'exclusion_violation',
  '40001': 'serialization_failure',
  '40P01': 'deadlock_detected',
  '55P03': 'lock_not_available',
  '57014': 'query_canceled',
  '42P01': 'undefined_table',
  '42703': 'undefined_column',
};

const sqlState = /^[0-9A-Z]{5}$/;

/**
 * An error reported by PostgreSQL (or PGlite) while running a statement.
 *
 * ```ts
 * try {
 *   await db.insertInto('lead').values({ email }).execute()
 * } catch (err) {
 *   if (err instanceof DatabaseError && err.condition === 'unique_violation') {
 *     // err.constraint === 'lead_email_key'
 *   }
 *   throw err
 * }
 * ```
 */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  /** The SQLSTATE, e.g. `23505`. */
  readonly code: string;
  /** PostgreSQL's name for the code, e.g. `unique_violation`; `other` for codes not listed in {@link PostgresErrorCode}. */
  readonly condition: DatabaseErrorCondition;
  readonly constraint: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly detail: string | undefined;

  constructor(
    message: string,
    fields: {
      code: string;
      constraint?: string | undefined;
      table?: string | undefined;
      column?: string | undefined;
      detail?: string | undefined;
    },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.code = fields.code;
    this.condition = conditionByCode[fields.code] ?? 'other';
    this.constraint = fields.constraint;
    this.table = fields.table;
    this.column = fields.column;
    this.detail = fields.detail;
  }

  /** Whether running the whole transaction again may succeed (serialization failure, deadlock). */
  get retryable(): boolean {
    return this.condition === 'serialization_failure' || this.condition === 'deadlock_detected';
  }
}

/**
 * The SQLSTATE of an error from `pg`, PGlite or this package, or `undefined` for any other error
 * (a refused connection's `ECONNREFUSED` is not a SQLSTATE). Follows `cause` chains.
 *
 * ```ts
 * if (postgresErrorCode(err) === PostgresErrorCode.uniqueViolation) { … }
 * ```
 */
export function postgresErrorCode(err: unknown): string | undefined {
  return postgresErrorFields(err)?.code;
}

/**
 * The name of the constraint an error from `pg`, PGlite or this package is about, if PostgreSQL
 * named one (unique, foreign key, check, not-null violations).
 *
 * ```ts
 * postgresConstraintName(err) // 'opportunity_account_id_fkey'
 * ```
 */
export function postgresConstraintName(err: unknown): string | undefined {
  return postgresErrorFields(err)?.constraint;
}

/**
 * Turns a driver's error into a {@link DatabaseError} when it carries a SQLSTATE; returns any
 * other value unchanged. The drivers of this package call it on every failed statement.
 *
 * ```ts
 * throw toDatabaseError(err)
 * ```
 */
export function toDatabaseError(err: unknown): unknown {
  if (err instanceof DatabaseError) return err;
  const fields = postgresErrorFields(err);
  if (!fields) return err;
  const message = err instanceof Error ? err.message : `PostgreSQL error ${fields.code}`;
  return new DatabaseError(message, fields, { cause: err });
}

interface PostgresErrorFields {
  code: string;
  constraint: string | undefined;
  table: string | undefined;
  column: string | undefined;
  detail: string | undefined;
}

function postgresErrorFields(err: unknown): PostgresErrorFields | undefined {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const code = stringField(current, 'code');
    if (code !== undefined && sqlState.test(code)) {
      return {
        code,
        constraint: stringField(current, 'constraint'),
        table: stringField(current, 'table'),
        column: stringField(current, 'column'),
        detail: stringField(current, 'detail'),
      };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function stringField(value: object, key: string): string | undefined {
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field !== '' ? field : undefined;
}
