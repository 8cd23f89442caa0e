/**
 * Field-level access of a subject on one entity: each field hidden, read-only or editable.
 *
 * Each role the subject holds contributes only if it grants `read` on the entity (a role that
 * cannot read a record cannot show its fields). Its level for a field is the one it names, or
 * editable when it names none; a role that grants no write action (create, update, import) gives
 * at most read-only. Across roles the most permissive level wins (editable > readOnly > hidden),
 * so a field nobody grants is hidden. Fields no client can write (formulas, auto-numbers) are at
 * most read-only. A platform admin gets every field editable.
 *
 * The map is per entity, not per record: with role A (update all, amount read-only) and role B
 * (update own, amount editable), amount is editable wherever A lets the user update.
 *
 * @example
 * compileFieldAccess([rep], catalog, { userId: 7, departmentTree: [], roleKeys: ['sales_rep'] }, 'opportunity');
 * // → { name: 'editable', amount: 'editable', margin: 'hidden', weighted: 'readOnly', … }
 */
import type { Catalog, Entity, EntityPermission, FormulaField, Role } from '@pipewright/metadata';
import { parseExpression } from '../expression/parser.ts';
import { fieldReferences } from '../expression/references.ts';
import { PipewrightError } from '../errors.ts';
import { fieldTypeOf } from '../fields/registry.ts';
import { grantedScope } from './scope.ts';
import { heldPermissions, type Subject } from './subject.ts';

export type FieldAccess = 'hidden' | 'readOnly' | 'editable';

/** Access by field key, for every field of the entity. */
export type FieldAccessMap = Readonly<Record<string, FieldAccess>>;

const rank: Record<FieldAccess, number> = { hidden: 0, readOnly: 1, editable: 2 };

/** The more permissive of two levels. */
export function widerAccess(a: FieldAccess, b: FieldAccess): FieldAccess {
  return rank[a] >= rank[b] ? a : b;
}

/** The more restrictive of two levels. */
export function narrowerAccess(a: FieldAccess, b: FieldAccess): FieldAccess {
  return rank[a] <= rank[b] ? a : b;
}

export function compileFieldAccess(roles: readonly Role[], catalog: Catalog, subject: Subject, entityKey: string): FieldAccessMap {
  if (!catalog.entity(entityKey)) throw new PipewrightError('permission.unknownEntity', `Entity "${entityKey}" does not exist`);
  return new FieldAccessCompiler(roles, catalog, subject).entity(entityKey);
}

/**
 * Compiles field maps of several entities for one subject, so a formula's relation paths can
 * look at the related entity's map (each map once; cycles of formulas read as hidden).
 */
class FieldAccessCompiler {
  private readonly maps = new Map<string, Record<string, FieldAccess>>();
  /** Per entity, the fields some contributing role names explicitly (readable). */
  private readonly named = new Map<string, Set<string>>();
  private readonly limits = new Map<string, FieldAccess>();
  private readonly resolving = new Set<string>();

  constructor(
    private readonly roles: readonly Role[],
    private readonly catalog: Catalog,
    private readonly subject: Subject,
  ) {}

  entity(entityKey: string): FieldAccessMap {
    return this.ownLevels(entityKey, true);
  }

  /** The entity's map; `withFormulas` false: before formulas are limited by what they read. */
  private ownLevels(entityKey: string, withFormulas: boolean): Record<string, FieldAccess> {
    let map = this.maps.get(entityKey);
    const entity = this.catalog.entity(entityKey)!;
    const admin = Boolean(this.subject.isAdmin);
    if (!map) {
      const contributing = admin ? [] : heldPermissions(this.roles, this.subject, entityKey).filter((h) => grantedScope(h.permission, 'read') !== undefined);
      const named = new Set<string>();
      map = {};
      for (const field of entity.fields) {
        let level: FieldAccess = admin ? 'editable' : 'hidden';
        for (const { permission } of contributing) {
          level = widerAccess(level, roleFieldAccess(permission, field.key));
          if (permission.fields && Object.hasOwn(permission.fields, field.key) && permission.fields[field.key] !== 'hidden') named.add(field.key);
        }
        // Computed fields and fields marked read-only in the entity are written by the system only.
        if (!fieldTypeOf(field).writable || (!admin && field.readOnly === true)) level = narrowerAccess(level, 'readOnly');
        map[field.key] = level;
      }
      this.maps.set(entityKey, map);
      this.named.set(entityKey, named);
    }
    if (withFormulas && !admin) {
      for (const field of entity.fields) if (field.type === 'formula') map[field.key] = this.formulaLevel(entity, field);
    }
    return map;
  }

  /**
   * A formula shows what it reads: it is no more visible than the strictest field behind it
   * (through relations and line items, formulas over formulas included), unless a role names it
   * explicitly (a margin % may be shown while cost stays hidden).
   */
  private formulaLevel(entity: Entity, field: FormulaField): FieldAccess {
    const own = this.ownLevels(entity.key, false)[field.key]!;
    if (own === 'hidden' || this.named.get(entity.key)!.has(field.key)) return own;
    const key = `${entity.key}.${field.key}`;
    const known = this.limits.get(key);
    if (known) return narrowerAccess(own, known);
    if (this.resolving.has(key)) return 'hidden'; // a cycle: metadata validation refuses these
    this.resolving.add(key);
    let limit: FieldAccess;
    try {
      const paths = fieldReferences(parseExpression(field.expression)).map((r) => r.path);
      limit = paths.every((path) => this.pathReadable(entity, path)) ? 'readOnly' : 'hidden';
    } catch {
      limit = 'hidden'; // an expression that does not parse cannot be checked: show nothing of it
    } finally {
      this.resolving.delete(key);
    }
    this.limits.set(key, limit);
    return narrowerAccess(own, limit);
  }

  /** Whether every hop of a path a formula reads is readable: fields, related entities, line items. */
  private pathReadable(entity: Entity, path: readonly string[]): boolean {
    const [head, ...rest] = path;
    if (head === undefined) return true;
    const field = entity.fields.find((f) => f.key === head);
    if (!field) return rest.length === 0 && systemFieldKeys.has(head);
    const level = field.type === 'formula' ? this.formulaLevel(entity, field) : this.ownLevels(entity.key, false)[field.key];
    if (level === undefined || level === 'hidden') return false;
    if (rest.length === 0 || field.type !== 'relation') return true; // line columns share their field's access
    const target = this.catalog.entity(field.target);
    if (!target) return false;
    const readsTarget = this.subject.isAdmin || heldPermissions(this.roles, this.subject, target.key).some((h) => grantedScope(h.permission, 'read') !== undefined);
    return readsTarget && this.pathReadable(target, rest);
  }
}

/** Columns every record has (never hidden where the record is readable). */
const systemFieldKeys = new Set(['id', 'owner_id', 'created_by', 'created_at', 'updated_at', 'version']);

/** What one role's permission (which grants read) says about one field. */
function roleFieldAccess(permission: EntityPermission, fieldKey: string): FieldAccess {
  const named = permission.fields && Object.hasOwn(permission.fields, fieldKey) ? permission.fields[fieldKey] : undefined;
  const level = named ?? permission.defaultFieldAccess ?? 'editable';
  const writes = grantedScope(permission, 'update') ?? grantedScope(permission, 'create') ?? grantedScope(permission, 'import');
  return writes === undefined ? narrowerAccess(level, 'readOnly') : level;
}

/**
 * Keys of the fields the subject may see (read-only or editable), in the entity's order.
 *
 * @example
 * readableFields(access); // → ['name', 'stage', 'amount']
 */
export function readableFields(access: { fields: FieldAccessMap }): string[] {
  return Object.keys(access.fields).filter((k) => access.fields[k] !== 'hidden');
}

/**
 * Keys of the fields the subject may write.
 *
 * @example
 * writableFields(access); // → ['name', 'stage']
 */
export function writableFields(access: { fields: FieldAccessMap }): string[] {
  return Object.keys(access.fields).filter((k) => access.fields[k] === 'editable');
}
