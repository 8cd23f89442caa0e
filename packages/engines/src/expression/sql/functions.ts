/**
 * SQL translations of the expression functions, for formulas computed when a record is read
 * (decision 040). Each gives what its function gives, on PostgreSQL: nulls, rounding and the
 * calendar in the app's time zone as the evaluator has them. A function missing here cannot be
 * used in such a formula (publish refuses it with the formula's path).
 */
import type { ScalarType } from '../types.ts';
import { joinSql, sqlText, sqlValue, type SqlText } from './sql-text.ts';

/** A translated argument: its SQL and its type. */
export interface SqlOperand {
  sql: SqlText;
  type: ScalarType;
}

export interface SqlCallContext {
  /** The app's time zone, as a parameter. */
  timeZone: SqlText;
  /** An argument as text, as `&` writes it (null as ''). */
  text(operand: SqlOperand): SqlText;
  /** A condition: null as FALSE. */
  condition(operand: SqlOperand): SqlText;
  /** The calendar day of a date or date-time in the time zone. */
  day(operand: SqlOperand): SqlText;
}

export type SqlTranslation = (args: readonly SqlOperand[], context: SqlCallContext) => SqlOperand;

const number = (sql: SqlText): SqlOperand => ({ sql, type: 'number' });
const text = (sql: SqlText): SqlOperand => ({ sql, type: 'text' });
const boolean = (sql: SqlText): SqlOperand => ({ sql, type: 'boolean' });
const digits = (args: readonly SqlOperand[], i: number): SqlText => (args[i] ? sqlText`trunc(${args[i].sql})::integer` : sqlValue('0', 'integer'));
const blank = (a: SqlOperand): SqlText => (a.type === 'text' ? sqlText`(${a.sql} IS NULL OR ${a.sql} = '')` : sqlText`(${a.sql} IS NULL)`);
const valueOrNull = (a: SqlOperand): SqlText => (a.type === 'text' ? sqlText`NULLIF(${a.sql}, '')` : a.sql);
const typeOf = (args: readonly SqlOperand[]): ScalarType => args.find((a) => a.type !== 'null')?.type ?? 'null';

/** Date-times move by calendar days and months of the wall clock in the time zone. */
function shift(unit: 'days' | 'months', args: readonly SqlOperand[], context: SqlCallContext): SqlOperand {
  const [date, by] = args as [SqlOperand, SqlOperand];
  const interval = sqlText`make_interval(${{ parts: [unit === 'days' ? 'days' : 'months'] }} => trunc(${by.sql})::integer)`;
  if (date.type === 'date') return { sql: sqlText`(${date.sql} + ${interval})::date`, type: 'date' };
  return { sql: sqlText`(((${date.sql}) AT TIME ZONE ${context.timeZone}) + ${interval}) AT TIME ZONE ${context.timeZone}`, type: 'datetime' };
}

export const sqlTranslations: Readonly<Record<string, SqlTranslation>> = {
  IF: ([condition, then, otherwise], c) => ({ sql: sqlText`CASE WHEN ${c.condition(condition!)} THEN ${then!.sql} ELSE ${otherwise?.sql ?? sqlText`NULL`} END`, type: typeOf([then!, ...(otherwise ? [otherwise] : [])]) }),
  IFS: (args, c) => {
    const branches: SqlText[] = [];
    for (let i = 0; i + 1 < args.length; i += 2) branches.push(sqlText`WHEN ${c.condition(args[i]!)} THEN ${args[i + 1]!.sql}`);
    const otherwise = args.length % 2 === 1 ? args[args.length - 1]!.sql : sqlText`NULL`;
    return { sql: sqlText`CASE ${joinSql(branches, ' ')} ELSE ${otherwise} END`, type: typeOf(args.filter((_, i) => i % 2 === 1 || i === args.length - 1)) };
  },
  AND: (args, c) => boolean(sqlText`(${joinSql(args.map((a) => c.condition(a)), ' AND ')})`),
  OR: (args, c) => boolean(sqlText`(${joinSql(args.map((a) => c.condition(a)), ' OR ')})`),
  ISBLANK: ([value]) => boolean(blank(value!)),
  COALESCE: (args) => ({ sql: sqlText`COALESCE(${joinSql(args.map(valueOrNull))})`, type: typeOf(args) }),
  ROUND: (args) => number(sqlText`round(${args[0]!.sql}, ${digits(args, 1)})`),
  ROUNDDOWN: (args) => number(sqlText`trunc(${args[0]!.sql}, ${digits(args, 1)})`),
  ROUNDUP: (args) => {
    const scale = sqlText`power(10::numeric, ${digits(args, 1)})`;
    return number(sqlText`(sign(${args[0]!.sql}) * ceil(abs(${args[0]!.sql}) * ${scale}) / ${scale})`);
  },
  ABS: ([value]) => number(sqlText`abs(${value!.sql})`),
  MOD: ([a, b]) => number(sqlText`(${a!.sql} - ${b!.sql} * floor(${a!.sql} / NULLIF(${b!.sql}, 0)))`),
  SUM: (args) => number(sqlText`(${joinSql(args.map((a) => sqlText`COALESCE(${a.sql}, 0)`), ' + ')})`),
  MIN: (args) => ({ sql: sqlText`LEAST(${joinSql(args.map((a) => a.sql))})`, type: typeOf(args) }),
  MAX: (args) => ({ sql: sqlText`GREATEST(${joinSql(args.map((a) => a.sql))})`, type: typeOf(args) }),
  CONCAT: (args, c) => text(sqlText`(${joinSql(args.map((a) => c.text(a)), ' || ')})`),
  LEFT: (args, c) => text(sqlText`left(${c.text(args[0]!)}, ${args[1] ? sqlText`trunc(${args[1].sql})::integer` : sqlValue('1', 'integer')})`),
  RIGHT: (args, c) => text(sqlText`right(${c.text(args[0]!)}, ${args[1] ? sqlText`trunc(${args[1].sql})::integer` : sqlValue('1', 'integer')})`),
  MID: ([value, start, count], c) => text(sqlText`substr(${c.text(value!)}, trunc(${start!.sql})::integer, trunc(${count!.sql})::integer)`),
  LEN: ([value], c) => number(sqlText`length(${c.text(value!)})::numeric`),
  UPPER: ([value], c) => text(sqlText`upper(${c.text(value!)})`),
  LOWER: ([value], c) => text(sqlText`lower(${c.text(value!)})`),
  CONTAINS: ([value, search], c) => boolean(sqlText`(strpos(${c.text(value!)}, ${c.text(search!)}) > 0)`),
  TODAY: (_, c) => ({ sql: sqlText`(now() AT TIME ZONE ${c.timeZone})::date`, type: 'date' }),
  NOW: () => ({ sql: sqlText`now()`, type: 'datetime' }),
  YEAR: ([date], c) => number(sqlText`extract(year FROM ${c.day(date!)})::numeric`),
  MONTH: ([date], c) => number(sqlText`extract(month FROM ${c.day(date!)})::numeric`),
  DAY: ([date], c) => number(sqlText`extract(day FROM ${c.day(date!)})::numeric`),
  DAYS: ([end, start], c) => number(sqlText`(${c.day(end!)} - ${c.day(start!)})::numeric`),
  ADDDAYS: (args, c) => shift('days', args, c),
  ADDMONTHS: (args, c) => shift('months', args, c),
};
