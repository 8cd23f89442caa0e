/**
 * A read-only index of a bundle's entities and fields, used by every reference check and by
 * later consumers (runtime, engines) that must resolve a field path such as `account.industry`.
 */
import type { AppBundle, Entity, Field, RelationField } from '../generated/types.ts';
import { fieldCapabilities } from '../field-capabilities.ts';

export interface ResolvedPath {
  /** The entity the last segment belongs to. */
  entity: Entity;
  /** The field the path ends at. */
  field: Field;
  /** The many-to-one relations walked through, in order. */
  via: RelationField[];
}

export type PathProblem =
  | { kind: 'unknownField'; segment: string; entity: string }
  | { kind: 'notARelation'; segment: string; entity: string }
  | { kind: 'unknownEntity'; entity: string };

export class Catalog {
  readonly entities = new Map<string, Entity>();

  constructor(readonly bundle: AppBundle) {
    for (const entity of bundle.entities) {
      if (!this.entities.has(entity.key)) this.entities.set(entity.key, entity);
    }
  }

  entity(key: string): Entity | undefined {
    return this.entities.get(key);
  }

  field(entityKey: string, fieldKey: string): Field | undefined {
    return this.entities.get(entityKey)?.fields.find((f) => f.key === fieldKey);
  }

  /**
   * Resolves `field` or `relation.field` (many-to-one hops only) from an entity.
   *
   * @example
   * catalog.resolvePath('opportunity', 'account.industry') // { entity: account, field: industry, via: [account] }
   */
  resolvePath(entityKey: string, path: string): ResolvedPath | PathProblem {
    let entity = this.entities.get(entityKey);
    if (!entity) return { kind: 'unknownEntity', entity: entityKey };
    const segments = path.split('.');
    const via: RelationField[] = [];
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      const field = entity.fields.find((f) => f.key === segment);
      if (!field) return { kind: 'unknownField', segment, entity: entity.key };
      if (i === segments.length - 1) return { entity, field, via };
      if (field.type !== 'relation' || field.kind !== 'manyToOne') {
        return { kind: 'notARelation', segment, entity: entity.key };
      }
      via.push(field);
      const next = this.entities.get(field.target);
      if (!next) return { kind: 'unknownEntity', entity: field.target };
      entity = next;
    }
    return { kind: 'unknownField', segment: path, entity: entityKey };
  }
}

export function isPathProblem(result: ResolvedPath | PathProblem): result is PathProblem {
  return 'kind' in result;
}

/** Sentence for a path problem, e.g. `entity "lead" has no field "budget"`. */
export function describePathProblem(problem: PathProblem): string {
  switch (problem.kind) {
    case 'unknownEntity':
      return `entity "${problem.entity}" does not exist`;
    case 'unknownField':
      return `entity "${problem.entity}" has no field "${problem.segment}"`;
    case 'notARelation':
      return `"${problem.segment}" of entity "${problem.entity}" is not a many-to-one relation, so a path cannot continue through it`;
  }
}

/** Field types whose values are numbers that can be summed and averaged. */
/** The field types SUM and AVG apply to, from the capability table (formulas count by result type). */
export const numericFieldTypes: ReadonlySet<string> = new Set(
  Object.entries(fieldCapabilities).filter(([type, can]) => can.aggregatable && type !== 'formula').map(([type]) => type),
);

/** Whether a field holds a number (formulas count when their result is numeric). */
export function isNumericField(field: Field): boolean {
  if (field.type === 'formula') return ['number', 'currency', 'percent'].includes(field.resultType);
  return numericFieldTypes.has(field.type);
}
