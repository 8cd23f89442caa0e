/**
 * Publish-time checks of a bundle's rulesets, as problems with JSON pointers: every condition
 * binds (known fields and facts, operators that apply to the field's type, values the column can
 * hold), every action is of a known type and passes its module's check, and no rules form a
 * cycle: rule A writes a field whose change runs rule B, which writes a field whose change runs
 * A again (on updates, or an assignment that runs the `transfer` rulesets).
 *
 * The metadata's reference checks (`validateBundle`) run first; this adds what only the rules
 * engine knows. Pure, so the studio shows the same problems while a ruleset is edited.
 */
import { Catalog, type AppBundle } from '@pipewright/metadata';
import type { Problem } from '../errors.ts';
import type { ActionContext, FieldWrite } from './actions/action-type.ts';
import { actionTypeOf } from './actions/registry.ts';
import { compileInto, type CompiledRuleset } from './compile-ruleset.ts';

/**
 * Every problem with the rulesets of `bundle`.
 *
 * @example
 * checkRulesets(bundle)
 * // [{ path: '/rules/1/rules/0/conditions/and/0/op', code: 'rule.operator', message: 'operator "startsWith" does not apply to a singleSelect field; …' }]
 */
export function checkRulesets(bundle: AppBundle): Problem[] {
  const catalog = new Catalog(bundle);
  const problems: Problem[] = [];
  const compiled: (CompiledRuleset | undefined)[] = (bundle.rules ?? []).map((_, i) => compileInto(bundle, catalog, i, {}, problems));
  problems.push(...cycles(bundle, catalog, compiled));
  return problems;
}

interface RuleNode {
  ruleset: number;
  rule: number;
  label: string;
  writes: FieldWrite[];
}

function cycles(bundle: AppBundle, catalog: Catalog, compiled: readonly (CompiledRuleset | undefined)[]): Problem[] {
  const rulesets = bundle.rules ?? [];
  const nodes: RuleNode[] = [];
  rulesets.forEach((ruleset, s) => {
    const entity = catalog.entity(ruleset.entity);
    if (!entity || !compiled[s]) return;
    ruleset.rules.forEach((rule, r) => {
      if (rule.enabled === false) return;
      const context: ActionContext = { catalog, entity, entities: bundle.entities, ruleset, rule };
      const writes = rule.actions.flatMap((action) => actionTypeOf(action)?.writes(action, context) ?? []);
      nodes.push({ ruleset: s, rule: r, label: `${ruleset.key}.${rule.key}`, writes });
    });
  });
  /** Whether a write of `write` runs ruleset `s`. */
  const runs = (write: FieldWrite, s: number): boolean => {
    const target = compiled[s];
    if (!target || target.entity !== write.entity) return false;
    if (target.triggers.includes('update') && target.triggerFields.has(write.field)) return true;
    return write.field === 'owner_id' && target.triggers.includes('transfer');
  };
  const edges = nodes.map((node) =>
    nodes.flatMap((other, j) => {
      const via = node.writes.find((write) => runs(write, other.ruleset));
      return via ? [{ to: j, field: via.field }] : [];
    }),
  );
  const problems: Problem[] = [];
  const state = nodes.map(() => 0); // 0 new, 1 on the path, 2 done
  const path: { node: number; field: string }[] = [];
  const visit = (n: number): void => {
    state[n] = 1;
    for (const edge of edges[n]!) {
      path.push({ node: n, field: edge.field });
      if (state[edge.to] === 1) {
        const start = path.findIndex((step) => step.node === edge.to);
        const loop = path.slice(start);
        const first = nodes[loop[0]!.node]!;
        const story = loop.map((step) => `${nodes[step.node]!.label} sets ${step.field}, which runs`).join(' ');
        problems.push({
          path: `/rules/${first.ruleset}/rules/${first.rule}`,
          code: 'rule.cycle',
          message: `the rules form a loop: ${story} ${first.label} again. Narrow the ruleset's changedFields or a condition so that one of them does not run again.`,
        });
      } else if (state[edge.to] === 0) {
        visit(edge.to);
      }
      path.pop();
    }
    state[n] = 2;
  };
  nodes.forEach((_, n) => {
    if (state[n] === 0) visit(n);
  });
  return problems;
}
