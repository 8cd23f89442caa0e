/**
 * `updateRecord`: sets fields of the record (or of the record one many-to-one `relation` away) to
 * expressions evaluated on the record as the event brings it, at the event's time.
 */
import type { Entity } from '@pipewright/metadata';
import type { Problem } from '../../errors.ts';
import { expressionProblems } from '../../rules/actions/expressions.ts';
import { defineNodeType } from '../node-type.ts';

export const updateRecordNode = defineNodeType<'updateRecord'>({
  type: 'updateRecord',
  outlets: () => undefined,
  check: (node, { catalog, entity }, at) => {
    let target: Entity | undefined = entity;
    const relation = node.config.relation;
    if (relation !== undefined) {
      const field = entity.fields.find((f) => f.key === relation);
      if (!field || field.type !== 'relation' || field.kind !== 'manyToOne') {
        return [{ path: `${at}/config/relation`, code: 'reference.unknownField', message: `entity "${entity.key}" has no many-to-one relation "${relation}"` }];
      }
      target = catalog.entity(field.target);
      if (!target) return [];
    }
    const entities = [...catalog.entities.values()];
    return node.config.assignments.flatMap((assignment, i): Problem[] => {
      const here = `${at}/config/assignments/${i}`;
      if (!target.fields.some((f) => f.key === assignment.field)) {
        return [{ path: `${here}/field`, code: 'reference.unknownField', message: `entity "${target.key}" has no field "${assignment.field}"` }];
      }
      return expressionProblems(assignment.value, entity, entities, `${here}/value`);
    });
  },
  enter: (node, _token, run) => {
    const values = Object.fromEntries(node.config.assignments.map((a) => [a.field, run.evaluate(a.value)]));
    run.emit({ kind: 'updateRecord', node: node.id, relation: node.config.relation ?? null, values });
    return { kind: 'next' };
  },
});
