/**
 * Splits expression text into tokens: numbers, text literals, names (a field key, a dotted path
 * or a function name) and operators. Whitespace separates tokens; a path is written without
 * spaces (`account.industry`), so its segments' positions are exact.
 */
import { ExpressionError } from './errors.ts';

export type Token =
  | { type: 'number'; text: string; position: number; end: number }
  | { type: 'text'; value: string; position: number; end: number }
  | { type: 'name'; segments: string[]; position: number; end: number }
  | { type: 'operator'; value: string; position: number; end: number }
  | { type: 'end'; position: number; end: number };

/** Longest operators first, so `<=` wins over `<`. */
const operators = [
  '==',
  '!=',
  '<>',
  '<=',
  '>=',
  '&&',
  '||',
  '(',
  ')',
  ',',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '=',
  '<',
  '>',
  '!',
];

/** Full-width characters typed with a Chinese input method, and what to write instead. */
const fullWidth: Readonly<Record<string, string>> = {
  '（': '(',
  '）': ')',
  '，': ',',
  '＋': '+',
  '－': '-',
  '＊': '*',
  '／': '/',
  '％': '%',
  '＆': '&',
  '＝': '=',
  '＜': '<',
  '＞': '>',
  '！': '!',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '．': '.',
  '。': '.',
};

const escapes: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
};

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isNameStart(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
}

function isNamePart(c: string | undefined): boolean {
  return isNameStart(c) || isDigit(c);
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0' || c === '\u3000';
}

/**
 * The tokens of `text`, ending with an `end` token.
 *
 * @example
 * tokenize('ROUND(amount, 2)').map((t) => t.type) // ['name', 'operator', 'name', 'operator', 'number', 'operator', 'end']
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (isSpace(c)) {
      i++;
    } else if (isDigit(c)) {
      tokens.push(readNumber(text, i));
      i = tokens[tokens.length - 1]!.end;
    } else if (c === "'" || c === '"') {
      tokens.push(readText(text, i));
      i = tokens[tokens.length - 1]!.end;
    } else if (isNameStart(c)) {
      tokens.push(readName(text, i));
      i = tokens[tokens.length - 1]!.end;
    } else {
      const operator = operators.find((op) => text.startsWith(op, i));
      if (operator === undefined) throw unexpectedCharacter(text, i);
      tokens.push({ type: 'operator', value: operator, position: i, end: i + operator.length });
      i += operator.length;
    }
  }
  tokens.push({ type: 'end', position: text.length, end: text.length });
  return tokens;
}

function readNumber(text: string, start: number): Token {
  let i = start;
  while (isDigit(text[i])) i++;
  if (text[i] === '.') {
    if (!isDigit(text[i + 1])) {
      throw new ExpressionError(
        'expression.syntax',
        `Expected digits after the decimal point in "${text.slice(start, i + 1)}"`,
        i,
        i + 1,
      );
    }
    i++;
    while (isDigit(text[i])) i++;
  }
  return { type: 'number', text: text.slice(start, i), position: start, end: i };
}

function readText(text: string, start: number): Token {
  const quote = text[start]!;
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === quote) return { type: 'text', value, position: start, end: i + 1 };
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next !== undefined && escapes[next] !== undefined) {
      value += escapes[next];
      i += 2;
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      throw new ExpressionError(
        'expression.syntax',
        `Unknown escape "\\${next ?? ''}" in text: use \\\\, \\', \\", \\n, \\r, \\t or \\uXXXX`,
        i,
        Math.min(text.length, i + 2),
      );
    }
  }
  throw new ExpressionError(
    'expression.syntax',
    `Text starting here is not closed: add a closing ${quote}`,
    start,
    text.length,
  );
}

function readName(text: string, start: number): Token {
  const segments: string[] = [];
  let i = start;
  for (;;) {
    const from = i;
    while (isNamePart(text[i])) i++;
    segments.push(text.slice(from, i));
    if (text[i] !== '.') break;
    if (!isNameStart(text[i + 1])) {
      throw new ExpressionError(
        'expression.syntax',
        `Expected a field key after "${text.slice(start, i + 1)}"`,
        i + 1,
        i + 1,
      );
    }
    i++;
  }
  return { type: 'name', segments, position: start, end: i };
}

function unexpectedCharacter(text: string, i: number): ExpressionError {
  const c = String.fromCodePoint(text.codePointAt(i)!);
  const end = i + c.length;
  const ascii = fullWidth[c];
  if (ascii !== undefined) {
    return new ExpressionError(
      'expression.syntax',
      `Unexpected full-width "${c}": write the ASCII "${ascii}" instead`,
      i,
      end,
    );
  }
  if (/\p{L}/u.test(c)) {
    return new ExpressionError(
      'expression.syntax',
      `Unexpected "${c}": refer to fields by their key (such as amount), not their label, and put text in quotes`,
      i,
      end,
    );
  }
  return new ExpressionError('expression.syntax', `Unexpected character "${c}"`, i, end);
}
