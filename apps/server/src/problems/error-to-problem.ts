/**
 * Which HTTP problem an error becomes. Errors of the runtime and engines carry a stable `code`
 * (`record.notFound`, `filter.invalid` …) and their problems with JSON pointers; fastify's own
 * errors (schema validation, body parsing) carry a status. Anything else is a bug or an outage:
 * a 500 with a generic sentence, never the error's message or stack.
 *
 * | code                                                                 | status |
 * | -------------------------------------------------------------------- | ------ |
 * | `record.invalid`, `filter.invalid`, `query.*`, `report.*`, `metadata.invalid`, `request.*`, `app.keyMismatch`, `notification.invalid`, `robot.invalid`, `outbound.refused` | 400 |
 * | `report.tooManyRows` (a report with more groups than the cap, with advice)   | 422    |
 * | `rule.rejected` (a validation rule refused the change, with its message)     | 422    |
 * | `record.duplicate` (a blocking duplicate rule matched existing records)       | 422    |
 * | `print.tooMany` (a batch print over its limit), `print.invalidTemplate`       | 422    |
 * | `permission.denied`, `print.denied` (names each record that may not print)   | 403    |
 * | `automation.notFailed` (retry of a log entry that did not fail)               | 409    |
 * | `automation.notRunning` (a server started without automation)                | 503    |
 * | `record.notFound`, `app.notFound`, `entity.notFound`, `route.notFound`  | 404    |
 * | `record.stale`, `record.inUse`, `app.versionExists`, `app.versionNotNewer`, `app.alreadyInstalled`, `delivery.notFailed`, `delivery.disabled` | 409 |
 * | `migration.refused`, `migration.dataLoss`, `migration.requiredEmpty` (with the plan as `plan`) | 409 |
 * | `file.malformed`, `file.interrupted`, `file.empty`, `file.invalidTarget` (an upload's form) | 400 |
 * | `request.tooLarge` (body over the route's limit), `file.tooLarge`, `file.tooMany` | 413 |
 * | `file.typeNotAccepted` (a type the field does not take, or bytes that contradict it) | 415 |
 * | `request.unsupportedMediaType`                                        | 415    |
 * | `record.inApproval` (a running workflow holds the record), `workflow.alreadyRunning`, `workflow.conditionNotMet`, `task.done`, `instance.ended`, `instance.busy` | 409 |
 * | `task.notYours`, `instance.notYours` (403), `task.unknown` (404), `task.wrongAction`, `workflow.runaway`, `workflow.expressionFailed`, `workflow.brokenGraph`, `node.notSupported` (422) | |
 * | `database.busy` (serialization failure, deadlock, lock timeout)       | 503    |
 * | anything else                                                         | 500    |
 *
 * @example
 * const { problem, internal } = errorToProblem(error);
 * if (internal) request.log.error({ err: error }, 'request failed');
 */
import { PipewrightError } from '@pipewright/engines';
import { MetadataValidationError } from '@pipewright/metadata';
import { DatabaseError, MigrationRefusedError } from '@pipewright/runtime';
import { noNulPattern } from '../route-params.ts';
import { problem, type Problem, type ProblemItem } from './problem.ts';

export interface MappedError {
  problem: Problem;
  /** The server failed (5xx): log the error with its stack; the client sees a generic sentence. */
  internal: boolean;
}

const exactStatus: Readonly<Record<string, number>> = {
  'record.invalid': 400,
  'filter.invalid': 400,
  'metadata.invalid': 400,
  'record.notFound': 404,
  'permission.denied': 403,
  'share.invalid': 400,
  'app.notFound': 404,
  'entity.notFound': 404,
  'route.notFound': 404,
  'record.stale': 409,
  'record.inUse': 409,
  'app.versionExists': 409,
  'app.versionNotNewer': 409,
  'app.alreadyInstalled': 409,
  'app.keyMismatch': 400,
  'migration.refused': 409,
  'migration.dataLoss': 409,
  'migration.requiredEmpty': 409,
  'savedView.invalid': 400,
  'savedView.notOwner': 403,
  'report.tooManyRows': 422,
  'rule.rejected': 422,
  'record.duplicate': 422,
  'automation.notFailed': 409,
  'automation.notRunning': 503,
  'print.templateNotFound': 404,
  'print.timeout': 504,
  'print.tooLarge': 413,
  'print.invalidTemplate': 422,
  'print.denied': 403,
  'print.tooMany': 422,
  'print.jobNotFound': 404,
  'print.jobNotReady': 409,
  'notification.invalid': 400,
  'robot.invalid': 400,
  'outbound.refused': 400,
  'delivery.notFailed': 409,
  'delivery.disabled': 409,
  'record.inApproval': 409,
  'workflow.alreadyRunning': 409,
  'workflow.conditionNotMet': 409,
  'task.unknown': 404,
  'cc.notFound': 404,
  'task.notYours': 403,
  'task.done': 409,
  'task.wrongAction': 422,
  'task.waiting': 409,
  'task.badTarget': 422,
  'task.unknownFile': 400,
  'task.urgedRecently': 429,
  'instance.nothingToUrge': 409,
  'instance.ended': 409,
  'instance.notStarted': 409,
  'instance.alreadyStarted': 409,
  'instance.busy': 409,
  'instance.notYours': 403,
  'workflow.noTrigger': 422,
  'workflow.runaway': 422,
  'workflow.expressionFailed': 422,
  'workflow.brokenGraph': 422,
  'node.notSupported': 422,
  'request.unsupportedMediaType': 415,
  'file.tooLarge': 413,
  'file.tooMany': 413,
  'file.typeNotAccepted': 415,
  'file.malformed': 400,
  'file.interrupted': 400,
  'file.empty': 400,
  'file.invalidTarget': 400,
};

/** The HTTP status of a runtime / engines error code, or undefined for codes the API does not know. */
export function statusOfCode(code: string): number | undefined {
  const exact = exactStatus[code];
  if (exact !== undefined) return exact;
  if (code.endsWith('.notFound')) return 404;
  if (
    code.startsWith('query.') ||
    code.startsWith('filter.') ||
    code.startsWith('request.') ||
    code.startsWith('report.')
  )
    return 400;
  return undefined;
}

/** Maps any thrown value to the problem the client gets. */
export function errorToProblem(error: unknown): MappedError {
  if (error instanceof PipewrightError) {
    const status = statusOfCode(error.code);
    if (status === undefined) return internalError();
    const extensions = error instanceof MigrationRefusedError ? { plan: error.report } : {};
    return {
      problem: problem(status, error.code, error.message, error.problems, extensions),
      internal: false,
    };
  }
  if (error instanceof MetadataValidationError) {
    return { problem: problem(400, error.code, error.message, error.errors), internal: false };
  }
  const layout = layoutError(error);
  if (layout)
    return {
      problem: problem(400, 'metadata.invalid', layout.message, [
        { path: '', code: layout.code, message: layout.message },
      ]),
      internal: false,
    };
  const fastify = fastifyError(error);
  if (fastify) return { problem: fastify, internal: false };
  if (
    error instanceof DatabaseError &&
    ['serialization_failure', 'deadlock_detected', 'lock_not_available'].includes(error.condition)
  ) {
    return {
      problem: problem(
        503,
        'database.busy',
        'The database is busy with a conflicting change; try again',
      ),
      internal: false,
    };
  }
  return internalError();
}

function internalError(): MappedError {
  return {
    problem: problem(
      500,
      'server.error',
      'The server failed to handle the request; the error is logged',
    ),
    internal: true,
  };
}

/** The runtime's `LayoutError` (a metadata key too long for PostgreSQL), which is not a PipewrightError. */
function layoutError(error: unknown): { code: string; message: string } | undefined {
  if (error instanceof Error && (error as { code?: unknown }).code === 'layout.identifierTooLong')
    return { code: 'layout.identifierTooLong', message: error.message };
  return undefined;
}

interface FastifyLikeError {
  code?: unknown;
  statusCode?: unknown;
  validation?: unknown;
  validationContext?: unknown;
}

interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const fastifyCodes: Readonly<Record<string, { status: number; code: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'request.tooLarge' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'request.unsupportedMediaType' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'request.invalidContentLength' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'request.emptyBody' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'request.malformedJson' },
};

/** Errors fastify raises before the handler runs: schema validation and body parsing. */
function fastifyError(error: unknown): Problem | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as Error & FastifyLikeError;
  if (Array.isArray(e.validation)) {
    const where = typeof e.validationContext === 'string' ? e.validationContext : 'body';
    const items = (e.validation as SchemaError[]).map((v) => schemaProblem(where, v));
    const summary = items.map((i) => `${i.path || '/'} ${i.message}`).join('; ');
    return problem(
      400,
      'request.invalid',
      `Invalid request ${where === 'querystring' ? 'query' : where}: ${summary}`,
      items,
    );
  }
  const known = typeof e.code === 'string' ? fastifyCodes[e.code] : undefined;
  if (known) return problem(known.status, known.code, e.message);
  if (
    typeof e.statusCode === 'number' &&
    e.statusCode >= 400 &&
    e.statusCode < 500 &&
    typeof e.code === 'string' &&
    e.code.startsWith('FST_')
  ) {
    return problem(e.statusCode, 'request.invalid', e.message);
  }
  return undefined;
}

/**
 * A schema error as a problem item. Body and query paths are relative to the body or the query
 * object (as the runtime reports them: `/email`, `/pageSize`); URL parameters and headers are
 * prefixed (`/params/id`, `/headers/if-match`).
 */
function schemaProblem(where: string, error: SchemaError): ProblemItem {
  const prefix = where === 'params' ? '/params' : where === 'headers' ? '/headers' : '';
  const child =
    error.keyword === 'required'
      ? error.params.missingProperty
      : error.keyword === 'additionalProperties'
        ? error.params.additionalProperty
        : undefined;
  const path = `${prefix}${error.instancePath}${typeof child === 'string' ? `/${child.replace(/~/g, '~0').replace(/\//g, '~1')}` : ''}`;
  const message =
    error.keyword === 'pattern' && prefix === '/params'
      ? describeParamPattern(path)
      : error.keyword === 'pattern' && error.params.pattern === noNulPattern
        ? 'must not contain NUL characters (U+0000)'
        : error.keyword === 'additionalProperties'
          ? 'is not allowed here'
          : (error.message ?? 'is invalid');
  return { path, code: `schema.${error.keyword}`, message };
}

function describeParamPattern(path: string): string {
  if (path === '/params/id') return 'must be a positive integer';
  return 'must be a key: a lower-case letter, then up to 62 lower-case letters, digits or underscores';
}
