/**
 * Problem details (RFC 9457): the one shape every error response of the API has.
 *
 * @example
 * // HTTP/1.1 409 Conflict
 * // Content-Type: application/problem+json
 * {
 *   "type": "urn:pipewright:problem:record.stale",
 *   "title": "Conflict",
 *   "status": 409,
 *   "detail": "The lead record 7 is at version 3, not 2: …",
 *   "code": "record.stale",
 *   "errors": [{ "path": "/version", "code": "record.stale", "message": "is 3 now" }]
 * }
 */

/** One thing wrong with the request: where (a JSON pointer), what (a stable code), and a sentence. */
export interface ProblemItem {
  path: string;
  code: string;
  message: string;
}

/** The body of every error response. Extension members (such as `plan`) may follow. */
export interface Problem {
  /** `urn:pipewright:problem:<code>`: identifies the kind of problem. */
  type: string;
  /** The HTTP reason phrase of `status`. */
  title: string;
  status: number;
  /** A sentence for people about this occurrence. */
  detail: string;
  /** Stable machine-readable code, e.g. `record.invalid`. */
  code: string;
  errors: ProblemItem[];
  /** Extension members, e.g. `plan` for a refused migration. */
  [extension: string]: unknown;
}

export const problemContentType = 'application/problem+json';

const titles: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Builds a problem document; `title` and `type` follow from `status` and `code`. */
export function problem(status: number, code: string, detail: string, errors: readonly ProblemItem[] = [], extensions: Record<string, unknown> = {}): Problem {
  return {
    type: `urn:pipewright:problem:${code}`,
    title: titles[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
    detail,
    code,
    errors: [...errors],
    ...extensions,
  };
}

/** JSON Schema of a problem document, for route responses and the OpenAPI document. */
export const problemSchema = {
  type: 'object',
  description: 'An error, as RFC 9457 problem details (content type application/problem+json).',
  required: ['type', 'title', 'status', 'detail', 'code', 'errors'],
  properties: {
    type: { type: 'string', description: 'urn:pipewright:problem:<code>' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable machine-readable code, e.g. record.invalid' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'code', 'message'],
        properties: {
          path: { type: 'string', description: 'JSON pointer to the bad input: into the body, or /params/<name>, /headers/<name>, or the query parameter (/filter/…, /pageSize)' },
          code: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
    plan: { description: 'For migration.refused, migration.dataLoss and migration.requiredEmpty: the reviewed migration plan.' },
  },
} as const;
