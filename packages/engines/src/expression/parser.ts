/**
 * The parser: expression text → syntax tree, by recursive descent over the precedence levels of
 * `ast.ts`. Function names and argument counts are checked against the function registry here,
 * so every tree that leaves the parser calls only functions that exist.
 */
import type { BinaryOperator, Expression, FunctionCall } from './ast.ts';
import { ExpressionError } from './errors.ts';
import { findFunction, functionNames } from './functions/registry.ts';
import { arityProblem } from './functions/definition.ts';
import { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from './limits.ts';
import { closestName } from './suggestions.ts';
import { tokenize, type Token } from './tokens.ts';

const keywords = new Set(['AND', 'OR', 'NOT', 'TRUE', 'FALSE', 'NULL']);

const comparisonTokens: Readonly<Record<string, BinaryOperator>> = {
  '=': '=',
  '==': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

/**
 * Parses expression text into a syntax tree; throws an `ExpressionError` (`expression.syntax`,
 * `expression.unknownFunction`, `expression.arity`, `expression.tooLong`, `expression.tooDeep`)
 * whose `position` points at the problem.
 *
 * @example
 * const ast = parseExpression('ROUND(quantity * unit_price * (1 - discount_rate / 100), 2)');
 * ast.kind // 'call'
 */
export function parseExpression(text: string): Expression {
  if (typeof text !== 'string')
    throw new ExpressionError('expression.syntax', 'An expression must be text', 0);
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(
      'expression.tooLong',
      `The expression is ${text.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`,
      MAX_EXPRESSION_LENGTH,
      text.length,
    );
  }
  return new Parser(tokenize(text)).parseWhole();
}

class Parser {
  private index = 0;
  private nesting = 0;

  constructor(private readonly tokens: Token[]) {}

  parseWhole(): Expression {
    if (this.peek().type === 'end') {
      throw new ExpressionError(
        'expression.syntax',
        'The expression is empty: expected a value, a field or a function',
        0,
      );
    }
    const expression = this.parseOr();
    const next = this.peek();
    if (next.type !== 'end') {
      throw this.error(
        next,
        `Expected an operator or the end of the expression but found ${describe(next)}`,
      );
    }
    return expression;
  }

  private parseOr(): Expression {
    let left = this.parseAnd();
    while (this.isKeyword('OR') || this.isOperator('||')) {
      this.next();
      const right = this.parseAnd();
      left = this.node(
        { kind: 'logical', operator: 'or', left, right, position: left.position, end: right.end },
        left,
        right,
      );
    }
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parseNot();
    while (this.isKeyword('AND') || this.isOperator('&&')) {
      this.next();
      const right = this.parseNot();
      left = this.node(
        { kind: 'logical', operator: 'and', left, right, position: left.position, end: right.end },
        left,
        right,
      );
    }
    return left;
  }

  private parseNot(): Expression {
    if (!this.isKeyword('NOT') && !this.isOperator('!')) return this.parseComparison();
    const start = this.next();
    const operand = this.nested(() => this.parseNot());
    return this.node(
      { kind: 'unary', operator: 'not', operand, position: start.position, end: operand.end },
      operand,
    );
  }

  private parseComparison(): Expression {
    const left = this.parseConcat();
    const operator = this.comparisonOperator();
    if (operator === undefined) return left;
    this.next();
    const right = this.parseConcat();
    const again = this.peek();
    if (this.comparisonOperator() !== undefined) {
      throw this.error(again, 'Comparisons cannot be chained: write a < b AND b < c');
    }
    return this.node(
      { kind: 'binary', operator, left, right, position: left.position, end: right.end },
      left,
      right,
    );
  }

  private parseConcat(): Expression {
    let left = this.parseAdditive();
    while (this.isOperator('&')) {
      this.next();
      const right = this.parseAdditive();
      left = this.node(
        { kind: 'binary', operator: '&', left, right, position: left.position, end: right.end },
        left,
        right,
      );
    }
    return left;
  }

  private parseAdditive(): Expression {
    let left = this.parseMultiplicative();
    while (this.isOperator('+') || this.isOperator('-')) {
      const operator = (this.next() as { value: '+' | '-' }).value;
      const right = this.parseMultiplicative();
      left = this.node(
        { kind: 'binary', operator, left, right, position: left.position, end: right.end },
        left,
        right,
      );
    }
    return left;
  }

  private parseMultiplicative(): Expression {
    let left = this.parseNegation();
    while (this.isOperator('*') || this.isOperator('/') || this.isOperator('%')) {
      const operator = (this.next() as { value: '*' | '/' | '%' }).value;
      const right = this.parseNegation();
      left = this.node(
        { kind: 'binary', operator, left, right, position: left.position, end: right.end },
        left,
        right,
      );
    }
    return left;
  }

  private parseNegation(): Expression {
    if (!this.isOperator('-')) return this.parsePrimary();
    const start = this.next();
    const operand = this.nested(() => this.parseNegation());
    return this.node(
      { kind: 'unary', operator: 'negate', operand, position: start.position, end: operand.end },
      operand,
    );
  }

  private parsePrimary(): Expression {
    const token = this.peek();
    switch (token.type) {
      case 'number':
        this.next();
        return { kind: 'number', value: token.text, position: token.position, end: token.end };
      case 'text':
        this.next();
        return { kind: 'text', value: token.value, position: token.position, end: token.end };
      case 'name':
        return this.parseName(token);
      case 'operator':
        if (token.value === '(') return this.parseParenthesised(token);
        if (token.value === '!')
          throw this.error(token, '! (NOT) must be put in parentheses here, as in a = (!b)');
        break;
      case 'end':
        break;
    }
    throw this.error(
      token,
      `Expected a value (a number, 'text', a field, a function or "(") but found ${describe(token)}`,
    );
  }

  private parseName(token: Extract<Token, { type: 'name' }>): Expression {
    const word = token.segments.length === 1 ? token.segments[0]!.toUpperCase() : undefined;
    const span = { position: token.position, end: token.end };
    if (word === 'TRUE' || word === 'FALSE') {
      this.next();
      return { kind: 'boolean', value: word === 'TRUE', ...span };
    }
    if (word === 'NULL') {
      this.next();
      return { kind: 'null', ...span };
    }
    const following = this.tokens[this.index + 1];
    if (following?.type === 'operator' && following.value === '(') {
      if (word === undefined)
        throw this.error(
          token,
          `"${token.segments.join('.')}" is a field path and cannot be called like a function`,
        );
      return this.parseCall(token, word);
    }
    if (word === 'NOT') {
      throw this.error(token, 'NOT must be put in parentheses here, as in a = (NOT b)');
    }
    if (word !== undefined && keywords.has(word)) {
      throw this.error(token, `Expected a value before the operator ${word}`);
    }
    this.next();
    return { kind: 'field', path: token.segments, ...span };
  }

  private parseCall(nameToken: Extract<Token, { type: 'name' }>, name: string): FunctionCall {
    const definition = findFunction(name);
    if (!definition) {
      const suggestion = closestName(name, functionNames());
      throw this.error(
        nameToken,
        `Unknown function ${nameToken.segments[0]}${suggestion ? `: did you mean ${suggestion}?` : ''}`,
        'expression.unknownFunction',
      );
    }
    this.next();
    const open = this.next();
    const args: Expression[] = [];
    this.nested(() => {
      if (this.isOperator(')')) return;
      for (;;) {
        args.push(this.parseOr());
        if (this.isOperator(',')) {
          this.next();
          continue;
        }
        if (this.isOperator(')')) return;
        const found = this.peek();
        throw this.error(
          found,
          `Expected "," or ")" after argument ${args.length} of ${name} (opened at ${open.position}) but found ${describe(found)}`,
        );
      }
    });
    const close = this.next();
    const call: FunctionCall = {
      kind: 'call',
      name: definition.name,
      args,
      position: nameToken.position,
      end: close.end,
    };
    const arity = arityProblem(definition, args.length);
    if (arity) throw new ExpressionError('expression.arity', arity, call.position, call.end);
    return this.node(call, ...args);
  }

  private parseParenthesised(open: Token): Expression {
    this.next();
    const inner = this.nested(() => this.parseOr());
    if (!this.isOperator(')')) {
      const found = this.peek();
      throw this.error(
        found,
        `Expected ")" to close the "(" at ${open.position} but found ${describe(found)}`,
      );
    }
    this.next();
    return inner;
  }

  /** Runs `parse` one level deeper, refusing to go past the depth limit (which also guards the call stack). */
  private nested<T>(parse: () => T): T {
    if (++this.nesting > MAX_EXPRESSION_DEPTH) {
      throw this.error(
        this.peek(),
        `The expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep`,
        'expression.tooDeep',
      );
    }
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  /** Returns `node` after checking that the tree it roots is within the depth limit. */
  private node<T extends Expression>(node: T, ...children: Expression[]): T {
    let depth = 1;
    for (const child of children) depth = Math.max(depth, (depths.get(child) ?? 1) + 1);
    if (depth > MAX_EXPRESSION_DEPTH) {
      throw new ExpressionError(
        'expression.tooDeep',
        `The expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep (for a long list of terms use SUM(…) or CONCAT(…))`,
        node.position,
        node.end,
      );
    }
    depths.set(node, depth);
    return node;
  }

  private comparisonOperator(): BinaryOperator | undefined {
    const token = this.peek();
    return token.type === 'operator' ? comparisonTokens[token.value] : undefined;
  }

  private isOperator(value: string): boolean {
    const token = this.peek();
    return token.type === 'operator' && token.value === value;
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return (
      token.type === 'name' &&
      token.segments.length === 1 &&
      token.segments[0]!.toUpperCase() === word
    );
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.type !== 'end') this.index++;
    return token;
  }

  private error(
    token: Token,
    message: string,
    code:
      | 'expression.syntax'
      | 'expression.unknownFunction'
      | 'expression.tooDeep' = 'expression.syntax',
  ): ExpressionError {
    return new ExpressionError(code, message, token.position, token.end);
  }
}

/** Depth of each node built by the parser (kept aside so the tree stays plain data). */
const depths = new WeakMap<Expression, number>();

function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'the end of the expression';
    case 'number':
      return `the number ${token.text}`;
    case 'text':
      return `the text '${token.value.length > 20 ? `${token.value.slice(0, 20)}…` : token.value}'`;
    case 'name':
      return `"${token.segments.join('.')}"`;
    case 'operator':
      return `"${token.value}"`;
  }
}
