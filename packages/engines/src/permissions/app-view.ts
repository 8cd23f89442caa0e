/**
 * One reader's view of an app: what they may do with each entity (`AppAccess`) and the part of
 * the bundle their runner needs (`visibleBundle`). Both are built from the same compiled
 * permissions that guard the records API, so a menu, button or field the runner shows is one the
 * API allows, and nothing the API hides travels in the metadata (sample data, other roles' filters,
 * workflows, hidden fields, reports over hidden fields).
 *
 * @example
 * const access = appAccess(catalog, (entity, action) => compileAccess(roles, catalog, subject, entity, action, context));
 * // → { lead: { actions: { read: true, create: true, …, transfer: false }, fields: { name: 'editable', score: 'readOnly' } } }
 * const bundle = visibleBundle(installed, access, subject.roleKeys);
 */
import type { AppBundle, Catalog, Dashboard, Entity, Filter, Form, NavigationItem, PermissionAction, Report, View } from '@pipewright/metadata';
import type { EntityAccess } from './access.ts';
import { permissionActions } from './scope.ts';

/** A readable field's level (hidden fields are absent). */
export type VisibleFieldAccess = 'readOnly' | 'editable';

export interface EntityView {
  actions: Record<PermissionAction, boolean>;
  fields: Record<string, VisibleFieldAccess>;
}

/** By entity key, the entities the reader may read. */
export type AppAccess = Record<string, EntityView>;

/**
 * What the reader may do with every entity they may read. `accessOf` answers the compiled access
 * of one entity and action (the runtime's cached policy, or `compileAccess`).
 */
export function appAccess(catalog: Catalog, accessOf: (entityKey: string, action: PermissionAction) => Pick<EntityAccess, 'allowed' | 'fields'>): AppAccess {
  const result: AppAccess = {};
  for (const entity of catalog.bundle.entities) {
    const read = accessOf(entity.key, 'read');
    if (!read.allowed) continue;
    const actions = Object.fromEntries(permissionActions.map((a) => [a, a === 'read' || accessOf(entity.key, a).allowed])) as Record<PermissionAction, boolean>;
    const fields: Record<string, VisibleFieldAccess> = {};
    for (const field of entity.fields) {
      const level = read.fields[field.key];
      if (level === 'readOnly' || level === 'editable') fields[field.key] = level;
    }
    result[entity.key] = { actions, fields };
  }
  return result;
}

/**
 * The bundle as a reader's runner needs it: the app, the entities they may read (readable fields
 * only), forms and views of those entities without items and columns on hidden fields (a view
 * whose filter, grouping or dates need a hidden field is left out: it could not run), reports
 * they may run whose every field is readable, dashboards with those reports, print templates of
 * readable entities, and navigation entries that lead somewhere they can open (a form entry: where
 * they may create). Never roles,
 * sample data, workflows or rules.
 */
export function visibleBundle(bundle: AppBundle, access: AppAccess, roleKeys: readonly string[]): AppBundle {
  const readable = (entityKey: string, path: string) => pathReadable(bundle, access, entityKey, path);
  const entities = bundle.entities
    .filter((e) => Object.hasOwn(access, e.key))
    .map((e): Entity => {
      const { indexes: _storage, ...rest } = e;
      return { ...rest, fields: e.fields.filter((f) => Object.hasOwn(access[e.key]!.fields, f.key)) };
    });
  const forms = (bundle.forms ?? []).filter((f) => Object.hasOwn(access, f.entity)).map((f) => visibleForm(f, (path) => readable(f.entity, path)));
  const views = (bundle.views ?? []).filter((v) => Object.hasOwn(access, v.entity)).flatMap((v) => visibleView(v, (path) => readable(v.entity, path)));
  const reports = (bundle.reports ?? []).filter((r) => access[r.entity]?.actions.runReport === true && reportReadable(r, (path) => readable(r.entity, path)));
  const reportKeys = new Set(reports.map((r) => r.key));
  const dashboards = (bundle.dashboards ?? []).flatMap((d): Dashboard[] => {
    const widgets = d.widgets.filter((w) => reportKeys.has(w.report));
    return widgets.length > 0 ? [{ ...d, widgets }] : [];
  });
  const printTemplates = (bundle.printTemplates ?? []).filter((t) => Object.hasOwn(access, t.entity));
  const opens = {
    view: new Set(views.map((v) => v.key)),
    // A menu entry opening a form is a "new record" entry: it needs the create action.
    form: new Set(forms.filter((f) => access[f.entity]?.actions.create === true).map((f) => f.key)),
    report: reportKeys,
    dashboard: new Set(dashboards.map((d) => d.key)),
  };
  const result: AppBundle = { formatVersion: bundle.formatVersion, app: bundle.app, entities, forms, views, reports, dashboards, printTemplates };
  if (bundle.navigation) result.navigation = { ...bundle.navigation, items: visibleItems(bundle.navigation.items, opens, new Set(roleKeys)) };
  return result;
}

function visibleForm(form: Form, readable: (path: string) => boolean): Form {
  const sections = form.sections
    .map((s) => ({ ...s, items: s.items.filter((i) => readable(i.field)) }))
    .filter((s) => s.items.length > 0);
  const result: Form = { ...form, sections };
  if (form.stageRules) result.stageRules = form.stageRules.filter((r) => readable(r.field)).map((r) => ({ ...r, required: r.required.filter((k) => readable(k)) }));
  return result;
}

function visibleView(view: View, readable: (path: string) => boolean): View[] {
  const needed = [view.groupBy, view.startField, view.endField].filter((k): k is string => k !== undefined);
  if (!needed.every(readable) || (view.filter !== undefined && !filterPaths(view.filter).every(readable))) return [];
  const result: View = { ...view, ...(view.columns ? { columns: view.columns.filter((c) => readable(c.field)) } : {}) };
  if (view.sort) result.sort = view.sort.filter((s) => readable(s.field));
  return [result];
}

function reportReadable(report: Report, readable: (path: string) => boolean): boolean {
  const joins = new Map((report.joins ?? []).map((j) => [j.key, j.relation]));
  // `join.field` names a field behind the join's relation path.
  const behindJoins = (path: string) => {
    const [head, ...rest] = path.split('.');
    // `history.value` / `.from` / `.until` read the history's field.
    if (head === 'history' && report.history && rest.length === 1) return readable(report.history.field);
    const relation = joins.get(head!);
    return readable(relation === undefined ? path : [relation, ...rest].join('.'));
  };
  const paths = [
    ...(report.joins ?? []).map((j) => j.relation),
    ...(report.dimensions ?? []).map((d) => d.field),
    ...report.measures.flatMap((m) => [...(m.field === undefined ? [] : [m.field]), ...(m.days ? [m.days.from, m.days.to] : []), ...(m.filter === undefined ? [] : filterPaths(m.filter))]),
    ...(report.filter === undefined ? [] : filterPaths(report.filter)),
    ...(report.parameters ?? []).map((p) => p.field),
    ...(report.history ? [report.history.field] : []),
  ];
  return paths.every(behindJoins);
}

/** The field paths a filter names. */
function filterPaths(filter: Filter): string[] {
  if ('and' in filter) return filter.and.flatMap(filterPaths);
  if ('or' in filter) return filter.or.flatMap(filterPaths);
  if ('not' in filter) return filterPaths(filter.not);
  return [filter.field];
}

const systemFields = new Set(['id', 'owner_id', 'created_by', 'created_at', 'updated_at', 'version']);

/**
 * Whether a field path (`amount`, `account.industry`, `lines.product.cost`) is readable: every
 * hop's field readable, every entity reached readable. Line-item columns share their field's access.
 */
export function pathReadable(bundle: AppBundle, access: AppAccess, entityKey: string, path: string): boolean {
  type AnyField = AppBundle['entities'][number]['fields'][number];
  const segments = path.split('.');
  // Where the next segment is looked up: an entity (its access applies) or a line-items row.
  let entity: string | undefined = entityKey;
  let lineFields: readonly AnyField[] = [];
  for (const segment of segments) {
    let field: AnyField | undefined;
    if (entity !== undefined) {
      const view = access[entity];
      if (!view) return false;
      if (systemFields.has(segment)) return true;
      if (!Object.hasOwn(view.fields, segment)) return false;
      field = bundle.entities.find((e) => e.key === entity)?.fields.find((f) => f.key === segment);
    } else {
      field = lineFields.find((f) => f.key === segment);
    }
    if (!field) return false;
    entity = field.type === 'relation' ? field.target : undefined;
    lineFields = field.type === 'lineItems' ? field.fields : [];
  }
  return true;
}

function visibleItems(items: readonly NavigationItem[], opens: Record<'view' | 'form' | 'report' | 'dashboard', ReadonlySet<string>>, roleKeys: ReadonlySet<string>): NavigationItem[] {
  return items.flatMap((item): NavigationItem[] => {
    if (item.roles && !item.roles.some((r) => roleKeys.has(r))) return [];
    const { roles: _who, children, ...rest } = item;
    const kept = children ? visibleItems(children, opens, roleKeys) : [];
    const target = item.target;
    const leads =
      target === undefined
        ? false
        : target.type === 'url'
          ? true
          : target.type === 'view'
            ? opens.view.has(target.view)
            : target.type === 'form'
              ? opens.form.has(target.form)
              : target.type === 'report'
                ? opens.report.has(target.report)
                : opens.dashboard.has(target.dashboard);
    if (!leads && kept.length === 0) return [];
    const result: NavigationItem = leads ? { ...rest } : (({ target: _unopenable, ...r }) => r)(rest);
    if (kept.length > 0) result.children = kept;
    return [result];
  });
}
