/**
 * The regular expressions of field metadata (`pattern` of a text field) run on RE2 (re2js, pure
 * JavaScript, in the browser too), whose matching time grows linearly with the text: a pattern
 * such as `^(a+)+$` cannot stall the server the way a backtracking engine lets it. RE2 has no
 * backreferences and no lookaround, so a pattern using them is refused at publish, with its path.
 * See docs/decisions/013-linear-time-patterns.md.
 *
 * @example
 * linearPattern('^[\\u4e00-\\u9fa5]+$').test('星辰') // true
 * patternProblem('^(a)\\1$') // 'cannot run in linear time (RE2): … invalid escape sequence: `\1`'
 */
import { RE2JS } from 're2js';
import { pointer, type MetadataError } from '../errors.ts';
import type { AppBundle, Field } from '../generated/types.ts';
import type { ReferenceChecker } from './check.ts';

/** A compiled pattern: `test` finds a match anywhere in the text, like `RegExp.prototype.test`. */
export interface LinearPattern {
  readonly source: string;
  test(text: string): boolean;
  /** `/source/`, as a RegExp prints itself. */
  toString(): string;
}

const cache = new Map<string, LinearPattern>();
const cacheLimit = 1000;

/**
 * Compiles a pattern written in JavaScript syntax (`\u4e00`, `(?<name>…)` are translated) for
 * RE2. Compiled patterns are kept, so checking many values costs one compilation. Throws a
 * `SyntaxError` for a pattern RE2 cannot run.
 */
export function linearPattern(source: string): LinearPattern {
  const known = cache.get(source);
  if (known) return known;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(RE2JS.translateRegExp(source));
  } catch (error) {
    throw new SyntaxError(`cannot run in linear time (RE2): ${error instanceof Error ? error.message : String(error)}`);
  }
  // ajv keys the patterns of a schema by `toString()`: without one of its own, every pattern would
  // be "[object Object]" and all of them would share the first one compiled.
  const pattern: LinearPattern = { source, test: (text) => compiled.test(text), toString: () => `/${source}/` };
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(source, pattern);
  return pattern;
}

/** Why RE2 refuses a pattern, or undefined when it compiles. */
export function patternProblem(source: string): string | undefined {
  try {
    linearPattern(source);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The `code.regExp` option of ajv: every `pattern` keyword of a schema ajv compiles runs on RE2.
 *
 * @example
 * new Ajv2020({ code: { regExp: linearRegExp } });
 */
export const linearRegExp = Object.assign((source: string) => linearPattern(source), { code: 'linearRegExp' });

/** Every field pattern of the bundle must compile under RE2 (`/entities/2/fields/4/pattern`). */
export const checkPatterns: ReferenceChecker = (bundle: AppBundle) =>
  bundle.entities.flatMap((entity, e) => fieldPatternProblems(entity.fields, pointer('entities', e, 'fields')));

function fieldPatternProblems(fields: readonly Field[], at: string): MetadataError[] {
  return fields.flatMap((field, i) => {
    if (field.type === 'lineItems') return fieldPatternProblems(field.fields, `${at}/${i}/fields`);
    if (field.type !== 'text' || field.pattern === undefined) return [];
    const problem = patternProblem(field.pattern);
    return problem === undefined ? [] : [{ path: `${at}/${i}/pattern`, code: 'field.badPattern', message: `${problem}; backreferences and lookaround are not supported` }];
  });
}
