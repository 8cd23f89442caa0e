/**
 * Static types of the expression language, as `checkExpression` and `inferType` report them.
 *
 * `unknown` means "cannot be known before evaluation" (a related record's field when the related
 * entity is not given, a user id …) and is accepted wherever a value is; `null` is the type of
 * the literal NULL. `rows` is a line-items field itself (`products`), `list<…>` one of its
 * columns (`products.line_total`) or a multi-value field (multi-select, cascade, region).
 */
import { fieldCapabilities, type Field } from '@pipewright/metadata';

export type ScalarType = 'number' | 'text' | 'boolean' | 'date' | 'datetime' | 'null' | 'unknown';
export type ExpressionType = ScalarType | `list<${ScalarType}>` | 'rows';

/** How one argument of a function is checked. */
export type ParameterType =
  /** A number (numeral text is read as a number at run time). */
  | 'number'
  /** Any single value, turned into text as `&` does. */
  | 'text'
  /** A condition: TRUE, FALSE or null (= FALSE). */
  | 'boolean'
  /** A date or datetime, or ISO text. */
  | 'date'
  /** Any single value. */
  | 'any'
  /** A number or a column of numbers (SUM, AVG). */
  | 'numbers'
  /** A single value or a column of numbers, dates or text (MIN, MAX). */
  | 'comparables'
  /** Anything, including line items and columns (COUNT, ISBLANK, CONTAINS). */
  | 'values';

export function isListType(type: ExpressionType): type is `list<${ScalarType}>` {
  return type.startsWith('list<');
}

export function isCollectionType(type: ExpressionType): boolean {
  return type === 'rows' || isListType(type);
}

/** The element type of a column type, `unknown` for line items themselves. */
export function elementType(type: ExpressionType): ScalarType {
  if (isListType(type)) return type.slice(5, -1) as ScalarType;
  return type === 'rows' ? 'unknown' : type;
}

/** The type of one value in a column of `type` (`number` → `list<number>`). */
export function listOf(type: ExpressionType): ExpressionType {
  return isCollectionType(type) ? 'list<unknown>' : `list<${type as ScalarType}>`;
}

/** One type that covers both (what IF gives when its branches differ). */
export function mergeTypes(a: ExpressionType, b: ExpressionType): ExpressionType {
  if (a === b || b === 'null') return a;
  if (a === 'null') return b;
  if ((a === 'date' && b === 'datetime') || (a === 'datetime' && b === 'date')) return 'datetime';
  return 'unknown';
}

/** The type of the values a field holds: the field type's declared expression type (`fieldCapabilities`). */
export function typeOfField(field: Field): ExpressionType {
  const declared = fieldCapabilities[field.type].expression;
  if (declared !== 'byField') return declared;
  switch (field.type) {
    case 'formula':
      return field.resultType === 'currency' || field.resultType === 'percent'
        ? 'number'
        : field.resultType;
    case 'user':
    case 'department':
      return field.multiple ? 'list<unknown>' : 'unknown';
    default:
      return 'unknown';
  }
}

/** Columns every record has besides its fields (see DESIGN.md), and their types. */
export const systemFieldTypes: ReadonlyMap<string, ExpressionType> = new Map<
  string,
  ExpressionType
>([
  ['id', 'unknown'],
  ['created_at', 'datetime'],
  ['updated_at', 'datetime'],
  ['created_by', 'unknown'],
  ['updated_by', 'unknown'],
  ['owner_id', 'unknown'],
  ['version', 'number'],
]);

/** Whether a value of `actual` type may be given where `expected` is asked for. */
export function accepts(expected: ParameterType | ExpressionType, actual: ExpressionType): boolean {
  if (actual === 'unknown' || actual === 'null') return true;
  switch (expected) {
    case 'values':
    case 'unknown':
      return true;
    case 'any':
    case 'text':
      return !isCollectionType(actual);
    case 'number':
      return actual === 'number';
    case 'boolean':
      return actual === 'boolean';
    case 'date':
      return actual === 'date' || actual === 'datetime' || actual === 'text';
    case 'datetime':
      return actual === 'date' || actual === 'datetime' || actual === 'text';
    case 'numbers':
      return (
        actual === 'number' ||
        actual === 'list<number>' ||
        actual === 'list<unknown>' ||
        actual === 'list<null>'
      );
    case 'comparables':
      return actual !== 'rows' && actual !== 'list<boolean>' && actual !== 'boolean';
    default:
      if (isCollectionType(expected)) return actual === expected || actual === 'list<unknown>';
      return actual === expected;
  }
}

/** "a number", "a column of numbers" … for messages. */
export function describeType(type: ExpressionType | ParameterType): string {
  switch (type) {
    case 'number':
      return 'a number';
    case 'text':
      return 'text';
    case 'boolean':
      return 'a condition (TRUE or FALSE)';
    case 'date':
      return 'a date';
    case 'datetime':
      return 'a date and time';
    case 'null':
      return 'NULL';
    case 'unknown':
    case 'any':
    case 'values':
      return 'a value';
    case 'rows':
      return 'line items';
    case 'numbers':
      return 'numbers or a column of numbers';
    case 'comparables':
      return 'numbers, dates or text, or a column of them';
    default:
      return `a column of ${describeType(elementType(type as ExpressionType)).replace(/^an? /, '')} values`;
  }
}
