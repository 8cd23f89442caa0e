/**
 * SQL text as plain data: literal SQL pieces and values that must travel as parameters. The
 * engines build it (they know no driver); the runtime turns it into its query builder's SQL.
 *
 * @example
 * const amount = sqlText`t.amount`;
 * sqlText`(${amount} * ${sqlValue('1.13', 'numeric')})`.parts // ['(', 't.amount', ' * ', { value: '1.13' }, '::numeric', ')']
 */

/** A value bound as a parameter, never written into the statement. */
export interface SqlParameter {
  readonly value: string | boolean;
}

/** SQL the caller built itself (a subquery of the runtime's query builder), passed through untouched. */
export interface SqlOpaque {
  readonly opaque: unknown;
}

export type SqlPart = string | SqlParameter | SqlOpaque;

export interface SqlText {
  readonly parts: readonly SqlPart[];
}

/** Joins literal SQL with inserted `SqlText`s. */
export function sqlText(strings: TemplateStringsArray, ...inserts: readonly SqlText[]): SqlText {
  const parts: SqlPart[] = [];
  strings.forEach((text, i) => {
    if (text !== '') parts.push(text);
    const insert = inserts[i];
    if (insert) parts.push(...insert.parts);
  });
  return { parts };
}

/** A parameter cast to `type` (both drivers then bind it alike). */
export function sqlValue(value: string | boolean, type: 'numeric' | 'text' | 'boolean' | 'date' | 'timestamptz' | 'integer'): SqlText {
  return { parts: [{ value }, `::${type}`] };
}

/** Texts joined with a separator (`, `, ` AND ` …). */
export function joinSql(items: readonly SqlText[], separator = ', '): SqlText {
  const parts: SqlPart[] = [];
  items.forEach((item, i) => {
    if (i > 0) parts.push(separator);
    parts.push(...item.parts);
  });
  return { parts };
}

/** Wraps SQL the caller built (see `SqlOpaque`). */
export function opaqueSql(opaque: unknown): SqlText {
  return { parts: [{ opaque }] };
}
