/**
 * The expressions inside actions (`setField` values, task titles, webhook bodies): checked at
 * publish against the ruleset's entity, parsed once, evaluated on the event's record and clock.
 */
import type { Entity } from '@pipewright/metadata';
import type { Problem } from '../../errors.ts';
import { checkExpression } from '../../expression/check.ts';
import { evaluate } from '../../expression/evaluator.ts';
import { parseExpression } from '../../expression/parser.ts';
import type { ExpressionValue } from '../../expression/values.ts';
import type { ActionRun } from './action-type.ts';

/** Problems of one expression, at its JSON pointer. */
export function expressionProblems(text: string, entity: Entity, entities: readonly Entity[], at: string): Problem[] {
  return checkExpression(text, { entity, entities }).errors.map((error) => ({ path: at, code: error.code, message: error.message }));
}

/** A parsed expression, evaluated per run on the event's record. */
export function compiledExpression(text: string): (run: ActionRun) => ExpressionValue {
  const ast = parseExpression(text);
  return (run) => evaluate(ast, { record: run.event.record, now: run.event.now, timeZone: run.timeZone, workCalendar: run.calendar });
}
