/**
 * Text: CONCAT, LEFT, RIGHT, MID, LEN, UPPER, LOWER, TRIM, CONTAINS, TEXT. Null text reads as
 * empty text (as with `&`), numbers are written in plain decimal notation, and lengths count
 * characters (code points), so `LEN('客户A')` is 3 and an emoji is one character.
 */
import { valuesEqual } from '../comparison.ts';
import { Decimal } from '../decimal.ts';
import { asNumber, describeValue } from '../values.ts';
import type { FunctionDefinition } from './definition.ts';

/** The longest count or position the text functions accept. */
const MAX_CHARACTERS = 1_000_000;

function characters(text: string): string[] {
  return Array.from(text);
}

function transform(
  name: string,
  summary: string,
  change: (text: string) => string,
): FunctionDefinition {
  return {
    name,
    family: 'text',
    signature: `${name}(text)`,
    summary,
    parameters: ['text'],
    minArgs: 1,
    maxArgs: 1,
    nulls: 'handle',
    returns: 'text',
    evaluate: (args) => change(args.text(0)),
  };
}

export const textFunctions: readonly FunctionDefinition[] = [
  {
    name: 'CONCAT',
    family: 'text',
    signature: 'CONCAT(text, …)',
    summary: "The texts joined together, null as ''; the same as text1 & text2 & ….",
    parameters: ['text'],
    minArgs: 1,
    maxArgs: Infinity,
    nulls: 'handle',
    returns: 'text',
    evaluate(args) {
      let result = '';
      for (let i = 0; i < args.count; i++) result += args.text(i);
      return result;
    },
  },
  {
    name: 'LEFT',
    family: 'text',
    signature: 'LEFT(text, count?)',
    summary: 'The first count characters (default 1).',
    parameters: ['text', 'number'],
    minArgs: 1,
    maxArgs: 2,
    nulls: 'handle',
    returns: 'text',
    evaluate(args) {
      const count = args.count > 1 ? args.integer(1, 0, MAX_CHARACTERS) : 1;
      return count === null ? null : characters(args.text(0)).slice(0, count).join('');
    },
  },
  {
    name: 'RIGHT',
    family: 'text',
    signature: 'RIGHT(text, count?)',
    summary: 'The last count characters (default 1).',
    parameters: ['text', 'number'],
    minArgs: 1,
    maxArgs: 2,
    nulls: 'handle',
    returns: 'text',
    evaluate(args) {
      const count = args.count > 1 ? args.integer(1, 0, MAX_CHARACTERS) : 1;
      if (count === null) return null;
      const all = characters(args.text(0));
      return all.slice(Math.max(0, all.length - count)).join('');
    },
  },
  {
    name: 'MID',
    family: 'text',
    signature: 'MID(text, start, count)',
    summary: 'count characters starting at character start (the first character is 1).',
    parameters: ['text', 'number', 'number'],
    minArgs: 3,
    maxArgs: 3,
    nulls: 'handle',
    returns: 'text',
    evaluate(args) {
      const start = args.integer(1, 1, MAX_CHARACTERS);
      const count = args.integer(2, 0, MAX_CHARACTERS);
      if (start === null || count === null) return null;
      return characters(args.text(0))
        .slice(start - 1, start - 1 + count)
        .join('');
    },
  },
  {
    name: 'LEN',
    family: 'text',
    signature: 'LEN(text)',
    summary: 'The number of characters; 0 for NULL.',
    parameters: ['text'],
    minArgs: 1,
    maxArgs: 1,
    nulls: 'handle',
    returns: 'number',
    evaluate: (args) => Decimal.fromInteger(characters(args.text(0)).length),
  },
  transform('UPPER', 'The text in upper case.', (text) => text.toUpperCase()),
  transform('LOWER', 'The text in lower case.', (text) => text.toLowerCase()),
  transform(
    'TRIM',
    'The text without spaces at either end, and runs of spaces inside shortened to one.',
    (text) => text.trim().replace(/\s+/g, ' '),
  ),
  {
    name: 'CONTAINS',
    family: 'text',
    signature: 'CONTAINS(text or list, search)',
    summary:
      "TRUE when the text contains search (case-sensitive; every text contains ''), or when a multi-value field such as a multi-select holds search.",
    parameters: ['values', 'any'],
    minArgs: 2,
    maxArgs: 2,
    nulls: 'handle',
    returns: 'boolean',
    evaluate(args) {
      const within = args.value(0);
      if (Array.isArray(within)) {
        const search = args.value(1);
        return (
          search !== null && within.some((item) => valuesEqual(item, search, args.clock.timeZone))
        );
      }
      return args.text(0).includes(args.text(1));
    },
  },
  {
    name: 'TEXT',
    family: 'text',
    signature: 'TEXT(value, decimals?)',
    summary:
      "The value as text; a number with decimals gets exactly that many digits after the point, rounded half away from zero: TEXT(2.5, 2) = '2.50'.",
    parameters: ['any', 'number'],
    minArgs: 1,
    maxArgs: 2,
    nulls: 'propagate',
    returns: 'text',
    evaluate(args) {
      if (args.count === 1) return args.text(0);
      const number = asNumber(args.value(0));
      if (number === undefined || number === null) {
        return args.fail(
          0,
          'expression.type',
          `TEXT with decimals needs a number, got ${describeValue(args.value(0))}`,
        );
      }
      return number.toFixed(args.integer(1, 0, 30)!);
    },
  },
];
