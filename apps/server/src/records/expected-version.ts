/**
 * Optimistic locking over HTTP. A client names the version it last read either in the `If-Match`
 * header (`"3"` or `W/"3"`, as the `ETag` of `GET` gives it) or as `version` in the JSON body; a
 * write to a record changed since is refused with 409 `record.stale`. `If-Match: *` and no version
 * at all write whatever the current version is.
 *
 * @example
 * const { expectedVersion, body } = expectedVersionOf(request.headers['if-match'], { version: 3, name: 'x' });
 * // expectedVersion === 3, body === { name: 'x' }
 */
import { PipewrightError } from '@pipewright/engines';

/** The `ETag` of a record at a version: a strong validator, `"<version>"`. */
export function etagOf(version: unknown): string {
  return `"${String(version)}"`;
}

/**
 * Reads the expected version from `If-Match` and from the body's `version` member, and returns
 * the body without it. Throws `request.invalidVersion` (400) for a malformed header or version,
 * or when header and body disagree.
 */
export function expectedVersionOf(ifMatch: string | undefined, body: unknown): { expectedVersion: number | undefined; body: unknown } {
  const fromHeader = ifMatch === undefined ? undefined : parseIfMatch(ifMatch);
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('version' in body)) {
    return { expectedVersion: fromHeader, body };
  }
  const { version, ...rest } = body as Record<string, unknown>;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw invalidVersion('/version', 'must be a positive integer: the version of the record you last read');
  }
  if (fromHeader !== undefined && fromHeader !== version) {
    throw invalidVersion('/version', `disagrees with the If-Match header (${fromHeader})`);
  }
  return { expectedVersion: version, body: rest };
}

/** `"3"`, `W/"3"` → 3; `*` → undefined (any version). */
export function parseIfMatch(header: string): number | undefined {
  const value = header.trim();
  if (value === '*') return undefined;
  const match = /^(?:W\/)?"([1-9][0-9]{0,14})"$/.exec(value);
  if (!match) throw invalidVersion('/headers/if-match', 'must be "<version>" (the ETag of the record), W/"<version>", or *');
  return Number(match[1]);
}

function invalidVersion(path: string, message: string): PipewrightError {
  return new PipewrightError('request.invalidVersion', `Invalid version: ${path} ${message}`, [{ path, code: 'request.invalidVersion', message }]);
}
