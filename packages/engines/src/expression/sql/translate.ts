/**
 * An expression as one SQL expression, for formulas computed when a record is read (decision
 * 040): lists filter and sort by the same SQL that reads them, so what a list shows, filters and
 * sorts always agree, and a value that follows a related record or the clock is never stale.
 *
 * The caller says what each field path is in SQL (a column, a subquery through a relation that
 * respects the reader's permissions, an aggregate over line items); this module knows no tables.
 * Anything without a translation throws `expression.notTranslatable` at its span.
 *
 * @example
 * translateExpression(parseExpression('asset.warranty_end >= reported_at'), {
 *   scope: { entity: ticket, entities }, timeZone: 'Asia/Shanghai',
 *   field: (path) => path.length === 1 ? sqlText`t.reported_at` : warrantyEndSubquery,
 * });
 */
import type { Expression, FieldReference, FunctionCall } from '../ast.ts';
import { arithmeticOperators } from '../ast.ts';
import { inferType } from '../check.ts';
import { ExpressionError } from '../errors.ts';
import type { ExpressionScope } from '../paths.ts';
import { isListType, type ScalarType } from '../types.ts';
import { sqlTranslations, type SqlCallContext, type SqlOperand } from './functions.ts';
import { joinSql, sqlText, sqlValue, type SqlText } from './sql-text.ts';

export type SqlAggregate = 'sum' | 'avg' | 'min' | 'max' | 'count';

export interface SqlTranslationContext {
  scope: ExpressionScope;
  timeZone: string;
  /** The SQL of a scalar field path (`amount`, `asset.warranty_end`), or undefined when it has none. */
  field(path: readonly string[]): SqlText | undefined;
  /** The SQL of an aggregate over a line-items column (`SUM(parts.line_total)`), or undefined. */
  aggregate?(aggregate: SqlAggregate, path: readonly string[]): SqlText | undefined;
}

/** The SQL of an expression and its type. Throws `ExpressionError` (`expression.notTranslatable`). */
export function translateExpression(expression: Expression, context: SqlTranslationContext): SqlOperand {
  return new Translation(context).translate(expression);
}

class Translation {
  private readonly zone: SqlText;
  private readonly calls: SqlCallContext;

  constructor(private readonly context: SqlTranslationContext) {
    this.zone = sqlValue(context.timeZone, 'text');
    this.calls = {
      timeZone: this.zone,
      text: (operand) => this.text(operand),
      condition: (operand) => sqlText`COALESCE(${operand.sql}, FALSE)`,
      day: (operand) => this.day(operand),
    };
  }

  translate(node: Expression): SqlOperand {
    switch (node.kind) {
      case 'number':
        return { sql: sqlValue(node.value, 'numeric'), type: 'number' };
      case 'text':
        return { sql: sqlValue(node.value, 'text'), type: 'text' };
      case 'boolean':
        return { sql: node.value ? sqlText`TRUE` : sqlText`FALSE`, type: 'boolean' };
      case 'null':
        return { sql: sqlText`NULL`, type: 'null' };
      case 'field':
        return this.field(node);
      case 'unary': {
        const operand = this.translate(node.operand);
        return node.operator === 'not'
          ? { sql: sqlText`(NOT COALESCE(${operand.sql}, FALSE))`, type: 'boolean' }
          : { sql: sqlText`(- ${operand.sql})`, type: 'number' };
      }
      case 'logical': {
        const left = this.translate(node.left);
        const right = this.translate(node.right);
        const operator = node.operator === 'and' ? ' AND ' : ' OR ';
        return { sql: sqlText`(${joinSql([this.calls.condition(left), this.calls.condition(right)], operator)})`, type: 'boolean' };
      }
      case 'binary':
        return this.binary(node);
      case 'call':
        return this.call(node);
    }
  }

  private field(node: FieldReference): SqlOperand {
    const type = inferType(node, this.context.scope);
    const sql = isListType(type) || type === 'rows' ? undefined : this.context.field(node.path);
    if (!sql) throw notTranslatable(node, `${node.path.join('.')} cannot be read here`);
    return { sql, type: type as ScalarType };
  }

  private binary(node: Extract<Expression, { kind: 'binary' }>): SqlOperand {
    const left = this.translate(node.left);
    const right = this.translate(node.right);
    const { operator } = node;
    if (arithmeticOperators.has(operator)) {
      const [a, b] = [left.sql, right.sql];
      if (operator === '/') return { sql: sqlText`(${a} / NULLIF(${b}, 0))`, type: 'number' };
      if (operator === '%') return { sql: sqlText`mod(${a}, NULLIF(${b}, 0))`, type: 'number' };
      return { sql: { parts: ['(', ...a.parts, ` ${operator} `, ...b.parts, ')'] }, type: 'number' };
    }
    if (operator === '&') return { sql: sqlText`(${this.text(left)} || ${this.text(right)})`, type: 'text' };
    const [a, b] = this.comparable(node, left, right);
    const ordering = operator !== '=' && operator !== '!=';
    const sqlOperator = operator === '=' ? ' IS NOT DISTINCT FROM ' : operator === '!=' ? ' IS DISTINCT FROM ' : ` ${operator} `;
    // Text is ordered by code unit, as the evaluator orders it.
    const collate = ordering && left.type === 'text' ? ' COLLATE "C"' : '';
    return { sql: { parts: ['(', ...a.parts, collate, sqlOperator, ...b.parts, collate, ')'] }, type: 'boolean' };
  }

  /** Both sides of a comparison in one type: a date meets a date-time at the start of its day in the time zone. */
  private comparable(node: Expression, left: SqlOperand, right: SqlOperand): [SqlText, SqlText] {
    if (left.type === right.type || left.type === 'null' || right.type === 'null') return [left.sql, right.sql];
    const instant = (o: SqlOperand) => (o.type === 'date' ? sqlText`((${o.sql})::timestamp AT TIME ZONE ${this.zone})` : o.sql);
    if ((left.type === 'date' || left.type === 'datetime') && (right.type === 'date' || right.type === 'datetime')) return [instant(left), instant(right)];
    throw notTranslatable(node, `comparing ${left.type} with ${right.type} has no SQL translation`);
  }

  private call(node: FunctionCall): SqlOperand {
    const aggregate = aggregates[node.name];
    const only = node.args.length === 1 ? node.args[0] : undefined;
    if (aggregate && only?.kind === 'field' && isListOrRows(inferType(only, this.context.scope))) {
      const sql = this.context.aggregate?.(aggregate, only.path);
      if (!sql) throw notTranslatable(node, `${node.name} over ${only.path.join('.')} has no SQL translation`);
      return { sql, type: aggregate === 'count' || aggregate === 'sum' || aggregate === 'avg' ? 'number' : (inferType(node, this.context.scope) as ScalarType) };
    }
    const translation = sqlTranslations[node.name];
    if (!translation) throw notTranslatable(node, `${node.name} has no SQL translation, so it cannot be used in a formula that follows a relation or the clock`);
    return translation(node.args.map((a) => this.translate(a)), this.calls);
  }

  /** A value as `&` writes it: numbers plainly, TRUE / FALSE, ISO dates, null as ''. */
  private text(operand: SqlOperand): SqlText {
    const sql = operand.sql;
    switch (operand.type) {
      case 'number':
        return sqlText`COALESCE(trim_scale(${sql})::text, '')`;
      case 'boolean':
        return sqlText`COALESCE(CASE WHEN ${sql} THEN 'TRUE' ELSE 'FALSE' END, '')`;
      case 'datetime':
        return sqlText`COALESCE(to_char((${sql}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '')`;
      case 'null':
        return sqlText`''`;
      default:
        return sqlText`COALESCE((${sql})::text, '')`;
    }
  }

  /** The calendar day of a date or date-time in the time zone. */
  private day(operand: SqlOperand): SqlText {
    return operand.type === 'datetime' ? sqlText`((${operand.sql}) AT TIME ZONE ${this.zone})::date` : sqlText`(${operand.sql})::date`;
  }
}

const aggregates: Readonly<Record<string, SqlAggregate>> = { SUM: 'sum', AVG: 'avg', MIN: 'min', MAX: 'max', COUNT: 'count' };

function isListOrRows(type: string): boolean {
  return type === 'rows' || type.startsWith('list<');
}

function notTranslatable(node: Expression, message: string): ExpressionError {
  return new ExpressionError('expression.notTranslatable', message, node.position, node.end);
}
