/**
 * Text stored in PostgreSQL cannot hold the NUL character (U+0000): not in `text`, not in
 * `jsonb`; nor a lone UTF-16 surrogate (`"\ud800"` in JSON), which is no character at all and which
 * `jsonb` refuses (the record's history and events are `jsonb`). A document that carries one, in a value or in a key, at any depth, is refused naming
 * where, before anything reaches the database: a bundle at publish (`text.nulCharacter`), a record
 * body in the engines' validator (`record.invalidCharacter`).
 *
 * @example
 * nulCharacterProblems({ name: 'a\u0000b', lines: [{ note: '\u0000' }] }, 'record.invalidCharacter')
 * // [{ path: '/name', … }, { path: '/lines/0/note', … }]
 */
import { pointerSegment, type MetadataError } from '../errors.ts';
import type { ReferenceChecker } from './check.ts';

const maxProblems = 20;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const maxDepth = 64;

/** Where NUL characters occur in `value` (at most twenty places), as problems with `code`. */
export function nulCharacterProblems(value: unknown, code: string, at = ''): MetadataError[] {
  const problems: MetadataError[] = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (problems.length >= maxProblems || depth > maxDepth) return;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) problems.push({ path, code, message: 'must not contain NUL characters (U+0000)' });
      else if (loneSurrogate.test(v)) problems.push({ path, code, message: 'must be Unicode text: it holds a lone surrogate (such as \\ud800), which is no character' });
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${path}/${i}`, depth + 1));
      return;
    }
    for (const [key, member] of Object.entries(v)) {
      const here = `${path}/${pointerSegment(key)}`;
      if (key.includes('\u0000')) problems.push({ path: here, code, message: 'is a key with a NUL character (U+0000)' });
      else if (loneSurrogate.test(key)) problems.push({ path: here, code, message: 'is a key with a lone surrogate, which is no character' });
      else walk(member, here, depth + 1);
    }
  };
  walk(value, at, 0);
  return problems;
}

/** No text of a bundle (labels, templates, sample data …) holds a NUL character. */
export const checkNulCharacters: ReferenceChecker = (bundle) => nulCharacterProblems(bundle, 'text.nulCharacter');
