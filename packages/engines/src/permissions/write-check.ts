/**
 * Field-level checks of a write. Row-level checks are the scope's job: the runtime updates and
 * deletes with the action's scope in the WHERE clause, and matches a new record against the
 * `create` scope before inserting it.
 *
 * @example
 * const problems = checkWrite(updateAccess, body, before);
 * if (problems.length > 0) throw new PipewrightError('permission.denied', 'You may not change these fields', problems);
 * // → [{ path: '/amount', code: 'permission.fieldReadOnly', message: 'is read-only for your roles' }]
 */
import { pointer } from '@pipewright/metadata';
import type { Problem } from '../errors.ts';
import { writableSystemKeys } from '../records/input-schema.ts';
import type { EntityAccess } from './access.ts';
import { fieldAccessOf } from './access.ts';

/**
 * Problems for every field of `body` the subject may not write. A read-only field sent back with
 * the value it has in `existingRecord` (compare normalised input) is not a change and passes (forms
 * send whole records); a
 * hidden field never passes, whatever its value, so a write cannot probe a hidden value. Keys
 * that are no field are left to input validation; `owner_id` is a row-level matter (transfer).
 * An access that does not allow the action refuses the whole body (`permission.actionDenied`).
 */
export function checkWrite(
  access: Pick<EntityAccess, 'allowed' | 'fields' | 'entity' | 'action'>,
  body: Readonly<Record<string, unknown>>,
  existingRecord?: Readonly<Record<string, unknown>>,
): Problem[] {
  if (!access.allowed) return [{ path: '', code: 'permission.actionDenied', message: `you may not ${access.action} ${access.entity} records` }];
  const problems: Problem[] = [];
  for (const key of Object.keys(body)) {
    if ((writableSystemKeys as readonly string[]).includes(key)) continue;
    const level = fieldAccessOf(access, key);
    if (level === undefined || level === 'editable') continue;
    if (level === 'readOnly' && existingRecord && Object.hasOwn(existingRecord, key) && sameValue(body[key], existingRecord[key])) continue;
    problems.push({ path: pointer(key), code: 'permission.fieldReadOnly', message: 'is read-only for your roles' });
  }
  return problems;
}

/** Structural equality of JSON-like values (null and undefined are the same: both empty). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(b)) {
    if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}
