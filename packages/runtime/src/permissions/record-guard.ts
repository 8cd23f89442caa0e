/**
 * Permissions applied to one request against one app: which rows and fields the actor may read,
 * and whether a write is allowed. Records outside the read scope read as not found (no
 * information leak); an action the actor's roles do not grant is refused with 403.
 *
 * @example
 * const guard = new RecordGuard(policy, model, actor.permissions, new Date());
 * const access = guard.require('opportunity', 'read');
 * listRecords(db, model, 'opportunity', { ...query, restriction: guard.restriction('read') }, context);
 */
import type { Field, PermissionAction } from '@pipewright/metadata';
import { appAccess, checkFilterFields, checkWrite, compileAccess, isRecordId, readableFields, RecordValidationError, type AppAccess, type BoundFilter, type EntityAccess, type Problem, type Subject } from '@pipewright/engines';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { DynamicTables } from '../database/index.ts';
import { compileFilter } from '../query/filter-sql.ts';
import type { ListQuery } from '../query/list-query.ts';
import type { ReadRestriction } from '../query/read-restriction.ts';
import type { HistoryEntry } from '../records/record-reader.ts';
import { isLive, liveFormulaSql } from '../records/live-formulas.ts';
import type { AccessPolicy, Permissions } from './access-policy.ts';
import { PermissionDeniedError } from './permission-error.ts';

const compiledConditions = new WeakMap<EntityAccess, Map<string, RawBuilder<unknown>>>();

export class RecordGuard {
  private readonly subject: (Subject & { isAdmin?: boolean | undefined }) | undefined;

  constructor(
    private readonly policy: AccessPolicy,
    private readonly model: AppModel,
    permissions: Permissions | undefined,
    private readonly now: Date = new Date(),
    private readonly timeZone?: string,
  ) {
    this.subject = permissions?.subject;
  }

  /** Trusted internal callers and platform admins are not restricted. */
  get unrestricted(): boolean {
    return !this.subject || Boolean(this.subject.isAdmin);
  }

  access(entityKey: string, action: PermissionAction): EntityAccess | undefined {
    if (this.unrestricted) return undefined;
    return this.policy.access(this.model, this.subject!, entityKey, action, this.now, this.timeZone);
  }

  /**
   * What the actor may do with every entity they may read: actions and readable fields. Trusted
   * callers and platform admins get every action and field.
   */
  appAccess(): AppAccess {
    if (!this.unrestricted) return appAccess(this.model.catalog, (entity, action) => this.access(entity, action)!);
    const admin = { userId: this.subject?.userId ?? 0, departmentTree: [], roleKeys: [], isAdmin: true };
    const context = { now: this.now, directory: { usersInDepartments: () => [] } };
    return appAccess(this.model.catalog, (entity, action) => compileAccess([], this.model.catalog, admin, entity, action, context));
  }

  /** The access for an action, refusing with 403 when no role grants it. */
  require(entityKey: string, action: PermissionAction): EntityAccess | undefined {
    const access = this.access(entityKey, action);
    if (access && !access.allowed) {
      throw new PermissionDeniedError(`You may not ${describe(action)} ${entityKey} records`);
    }
    return access;
  }

  /** The row condition of an action for a table alias: the role scopes, widened by shares. */
  condition(entityKey: string, action: PermissionAction, alias: string): RawBuilder<unknown> | undefined {
    const access = this.access(entityKey, action);
    if (!access) return undefined;
    // The policy caches an access per app version, user, roles, entity and action (and day, for
    // scopes that read the clock), so its SQL is compiled once per alias and kept with it, unless
    // it reaches through relations: then it holds the related entities' scopes, which the policy
    // may renew on their own (a related scope that reads the clock), and is compiled every time.
    const known = compiledConditions.get(access)?.get(alias);
    if (known) return known;
    let related = false;
    const condition = this.compileCondition(entityKey, access, alias, (key) => {
      related = true;
      return this.relatedScope(key);
    });
    if (!related) {
      let byAlias = compiledConditions.get(access);
      if (!byAlias) compiledConditions.set(access, (byAlias = new Map()));
      byAlias.set(alias, condition);
    }
    return condition;
  }

  private compileCondition(entityKey: string, access: EntityAccess, alias: string, relatedScope: (key: string) => BoundFilter | undefined): RawBuilder<unknown> {
    // A scope over a formula computed when read compares its SQL, as lists do (decision 040).
    const liveFormula = (key: string, field: Field, at: string) => (field.type === 'formula' && isLive(this.model.entity(key), field) ? liveFormulaSql(this.model, key, field, at, undefined) : undefined);
    const scoped = compileFilter(access.scope, { schema: this.model.schema, alias, relatedScope, entity: entityKey, liveFormula });
    if (!access.includeShared) return scoped;
    const levels = access.includeShared === 'edit' ? ['edit'] : ['read', 'edit'];
    const subject = this.subject!;
    const byDepartment = subject.departmentId === undefined ? sql`` : sql` OR s.department_id = ${subject.departmentId}`;
    const shared = sql`${sql.ref(`${alias}.id`)} IN (SELECT s.record_id FROM ${sql.table(`${this.model.schema}._shares`)} s
      WHERE s.entity = ${entityKey} AND s.access IN (${sql.join(levels)}) AND (s.user_id = ${subject.userId}${byDepartment}))`;
    return sql`(${scoped} OR ${shared})`;
  }

  /** What a reader may see, for the query layer. */
  restriction(action: PermissionAction = 'read'): ReadRestriction | undefined {
    if (this.unrestricted) return undefined;
    return {
      condition: (entityKey, alias) => this.condition(entityKey, entityKey === this.primary ? action : 'read', alias),
      fields: (entityKey) => readableFields(this.access(entityKey, 'read')!),
      relatedScope: (entityKey) => this.relatedScope(entityKey),
    };
  }

  private primary: string | undefined;

  /** Declares the entity a request is about (its action scope applies; related entities use read). */
  for(entityKey: string): this {
    this.primary = entityKey;
    return this;
  }

  private relatedScope(entityKey: string): BoundFilter | undefined {
    const access = this.access(entityKey, 'read');
    return access ? access.scope : undefined;
  }

  /** Refuses filters, sorts, expansions and field lists that name hidden fields (403). */
  checkQuery(entityKey: string, query: Pick<ListQuery, 'filter' | 'sort' | 'expand' | 'fields'>): void {
    const access = this.access(entityKey, 'read');
    if (!access) return;
    const problems = checkFilterFields(
      { filter: query.filter, sort: query.sort, expand: query.expand ? [...query.expand] : undefined, fields: query.fields ? [...query.fields] : undefined },
      access,
      { catalog: this.model.catalog, readAccess: (key: string) => this.access(key, 'read')! },
    );
    if (problems.length > 0) throw new PermissionDeniedError('The query uses fields you may not read', problems);
  }

  /** Refuses writing fields that are hidden or read-only for the actor (403). */
  checkWrite(entityKey: string, action: 'create' | 'update', body: unknown, existing?: Record<string, unknown>, pathPrefix = ''): void {
    const access = this.access(entityKey, action);
    if (!access) return;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return;
    const problems = checkWrite(access, body as Record<string, unknown>, existing).map((p) => ({ ...p, path: pathPrefix + p.path }));
    if (problems.length > 0) throw new PermissionDeniedError('The change touches fields you may not edit', problems);
  }

  /**
   * Refuses to attach records the actor cannot read: every id given for a relation (many-to-one,
   * many-to-many, or inside line items) must be visible to them (403, naming the field).
   */
  async checkLinks(db: Kysely<DynamicTables>, entityKey: string, bodies: readonly unknown[], prefix: (i: number) => string): Promise<void> {
    if (this.unrestricted) return;
    const entity = this.model.entity(entityKey);
    const wanted = new Map<string, { ids: Set<number>; paths: Map<number, string> }>();
    const note = (target: string, id: unknown, path: string) => {
      // Anything but a valid id is the validator's to refuse, with its path; it is not looked up.
      if (!isRecordId(id)) return;
      const entry = wanted.get(target) ?? { ids: new Set<number>(), paths: new Map<number, string>() };
      entry.ids.add(id);
      if (!entry.paths.has(id)) entry.paths.set(id, path);
      wanted.set(target, entry);
    };
    bodies.forEach((body, i) => {
      if (!body || typeof body !== 'object') return;
      const values = body as Record<string, unknown>;
      for (const field of entity.fields) {
        const value = Object.hasOwn(values, field.key) ? values[field.key] : undefined;
        if (field.type === 'relation' && field.kind === 'manyToOne') note(field.target, value, `${prefix(i)}/${field.key}`);
        if (field.type === 'relation' && field.kind === 'manyToMany' && Array.isArray(value)) value.forEach((id: unknown, k) => note(field.target, id, `${prefix(i)}/${field.key}/${k}`));
        if (field.type === 'lineItems' && Array.isArray(value)) {
          value.forEach((line, n) => {
            for (const child of field.fields) {
              if (child.type === 'relation' && child.kind === 'manyToOne' && line && typeof line === 'object') note(child.target, Object.hasOwn(line, child.key) ? (line as Record<string, unknown>)[child.key] : undefined, `${prefix(i)}/${field.key}/${n}/${child.key}`);
            }
          });
        }
      }
    });
    const problems: Problem[] = [];
    for (const [target, { ids, paths }] of wanted) {
      const visible = this.condition(target, 'read', 'v');
      const { rows } = await sql<{ id: number }>`
        SELECT v.id FROM ${sql.table(`${this.model.schema}.${target}`)} v
         WHERE v.id IN (${sql.join([...ids])}) AND v.deleted_at IS NULL${visible ? sql` AND ${visible}` : sql``}`.execute(db);
      const found = new Set(rows.map((r) => Number(r.id)));
      for (const id of ids) {
        if (!found.has(id)) problems.push({ path: paths.get(id)!, code: 'record.unknownReference', message: `refers to a ${target} record that does not exist` });
      }
    }
    // The same answer as for an id that does not exist: a hidden record's existence is not revealed.
    if (problems.length > 0) throw new RecordValidationError(problems);
  }

  /** A record's history without the changes of fields hidden from the reader. */
  filterHistory(entityKey: string, history: HistoryEntry[]): HistoryEntry[] {
    const access = this.access(entityKey, 'read');
    if (!access) return history;
    const readable = new Set([...readableFields(access), 'owner_id']);
    return history.map((entry) => ({ ...entry, changes: Object.fromEntries(Object.entries(entry.changes).filter(([key]) => readable.has(key))) }));
  }
}

function describe(action: PermissionAction): string {
  return action === 'runReport' ? 'run reports on' : action;
}
