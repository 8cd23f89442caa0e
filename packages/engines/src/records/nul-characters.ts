/**
 * Text stored in PostgreSQL cannot hold the NUL character (U+0000): not in `text`, not in
 * `jsonb`. A body that carries one, in a value or in a key, at any depth, is refused naming
 * where, before anything reaches the database.
 *
 * @example
 * nulCharacterProblems({ name: 'a\u0000b', lines: [{ note: '\u0000' }] })
 * // [{ path: '/name', … }, { path: '/lines/0/note', … }]
 */
import { pointerSegment } from '@pipewright/metadata';
import type { Problem } from '../errors.ts';

const maxProblems = 20;

export function nulCharacterProblems(value: unknown, at = ''): Problem[] {
  const problems: Problem[] = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (problems.length >= maxProblems || depth > 64) return;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) problems.push({ path, code: 'record.invalidCharacter', message: 'must not contain NUL characters (U+0000)' });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${path}/${i}`, depth + 1));
      return;
    }
    for (const [key, member] of Object.entries(v)) {
      const here = `${path}/${pointerSegment(key)}`;
      if (key.includes('\u0000')) problems.push({ path: here, code: 'record.invalidCharacter', message: 'is a key with a NUL character (U+0000)' });
      else walk(member, here, depth + 1);
    }
  };
  walk(value, at, 0);
  return problems;
}
