/**
 * Which formulas are stored and which are computed when read (decision 040).
 *
 * A formula is **stored** when it depends only on its record's own fields, line items and other
 * stored formulas: it is computed on every write and kept in its column. It is **live** when it
 * follows a relation (`asset.warranty_end`), reads the clock (`TODAY()`, `NOW()`) or reads a live
 * formula: its value would go stale when the related record or the day changes, so it is
 * computed by SQL on every read (`translateExpression`) and never written.
 *
 * @example
 * liveFormulaKeys(ticket) // Set { 'under_warranty', 'customer_tier', 'days_open' }
 */
import type { Field, FormulaField } from '@pipewright/metadata';
import type { Expression } from './ast.ts';
import { checkTreeDepth } from './errors.ts';
import type { FormulaOwner } from './formula-plan.ts';
import { parseExpression } from './parser.ts';
import { fieldReferences } from './references.ts';

const clockFunctions = new Set(['TODAY', 'NOW']);
const cache = new WeakMap<FormulaOwner, ReadonlySet<string>>();

/** The keys of an entity's (or a line-items field's) live formulas; cached per entity object. */
export function liveFormulaKeys(owner: FormulaOwner): ReadonlySet<string> {
  let live = cache.get(owner);
  if (!live) {
    live = findLive(owner.fields);
    cache.set(owner, live);
  }
  return live;
}

/** Whether `field` of `owner` is computed when read. */
export function isLiveFormula(owner: FormulaOwner, field: Field): field is FormulaField {
  return field.type === 'formula' && liveFormulaKeys(owner).has(field.key);
}

function findLive(fields: readonly Field[]): ReadonlySet<string> {
  const formulas = new Map<string, Expression | undefined>();
  for (const field of fields) if (field.type === 'formula') formulas.set(field.key, parsed(field.expression));
  const relations = new Set(fields.filter((f) => f.type === 'relation' && f.kind === 'manyToOne').map((f) => f.key));
  const live = new Set<string>();
  // Own reasons first, then whatever reads a live formula, until nothing changes.
  for (const [key, expression] of formulas) {
    if (expression && (callsClock(expression) || fieldReferences(expression).some((r) => r.path.length > 1 && relations.has(r.path[0]!)))) live.add(key);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const [key, expression] of formulas) {
      if (live.has(key) || !expression) continue;
      if (fieldReferences(expression).some((r) => live.has(r.path[0]!))) {
        live.add(key);
        changed = true;
      }
    }
  }
  return live;
}

/** Unparseable formulas are reported by the formula plan, not here. */
function parsed(text: string): Expression | undefined {
  try {
    return parseExpression(text);
  } catch {
    return undefined;
  }
}

function callsClock(expression: Expression): boolean {
  const visit = (node: Expression, depth: number): boolean => {
    checkTreeDepth(node, depth);
    switch (node.kind) {
      case 'call':
        return clockFunctions.has(node.name) || node.args.some((a) => visit(a, depth + 1));
      case 'unary':
        return visit(node.operand, depth + 1);
      case 'binary':
      case 'logical':
        return visit(node.left, depth + 1) || visit(node.right, depth + 1);
      default:
        return false;
    }
  };
  return visit(expression, 1);
}
