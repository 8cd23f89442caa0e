/**
 * What a failed request tells the UI: the server's problem+json document (RFC 9457) as a typed
 * error, with every `errors[]` item's JSON path, or a network failure when no answer came.
 *
 * @example
 * try { await api.post('/api/users', body); }
 * catch (e) { if (e instanceof ApiProblem && e.code === 'user.loginTaken') form.setFields(...); }
 */

/** One thing wrong with the input, at a JSON pointer into the body or the query (`/login`). */
export interface ProblemItem {
  path: string;
  code: string;
  message: string;
}

export interface ProblemBody {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code: string;
  errors?: ProblemItem[];
  retryAfterSeconds?: number;
  [member: string]: unknown;
}

/** An answer with a 4xx or 5xx status. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string | undefined;
  readonly errors: ProblemItem[];
  /** From `Retry-After` or the body's `retryAfterSeconds` (429, 503). */
  readonly retryAfterSeconds: number | undefined;
  readonly body: ProblemBody;

  constructor(body: ProblemBody, retryAfterSeconds?: number) {
    super(body.detail ?? body.title ?? body.code);
    this.name = 'ApiProblem';
    this.status = body.status;
    this.code = body.code;
    this.detail = body.detail;
    this.errors = Array.isArray(body.errors) ? body.errors : [];
    this.retryAfterSeconds =
      retryAfterSeconds ??
      (typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : undefined);
    this.body = body;
  }

  /** The items at a path and below it (`/lines` matches `/lines/2/qty`). */
  at(path: string): ProblemItem[] {
    return this.errors.filter((e) => e.path === path || e.path.startsWith(`${path}/`));
  }
}

/** No answer: the server is unreachable, or the connection broke. */
export class NetworkFailure extends Error {
  constructor(cause: unknown) {
    super('network failure', { cause });
    this.name = 'NetworkFailure';
  }
}

/** The session ended (or never was): the shell sends the user to the login page. */
export function isSessionEnd(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 401;
}

/** `/a/b/0` → `['a', 'b', 0]`: a JSON pointer as an antd form field name. */
export function pointerToName(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^(0|[1-9][0-9]*)$/.test(part) ? Number(part) : part));
}
