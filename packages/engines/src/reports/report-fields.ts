/**
 * A report may group, filter and measure only what its viewer may read: every path it uses
 * (dimensions, measures, filters, parameters, history, joins, targets) is checked as a list's
 * filter is (`checkFilterFields`), hop by hop. A hidden field anywhere refuses the whole report
 * (403 with the JSON path), never a silently narrowed result: a total without one hidden column
 * still reveals its values.
 *
 * @example
 * const problems = checkReportFields(catalog, report, { readAccess: (entity) => guard.access(entity, 'read') });
 */
import type { Catalog, Filter, Report } from '@pipewright/metadata';
import type { Problem } from '../errors.ts';
import type { EntityAccess } from '../permissions/access.ts';
import { checkFilterFields } from '../permissions/query-check.ts';

export interface ReportAccess {
  readAccess(entityKey: string): Pick<EntityAccess, 'allowed' | 'fields' | 'entity'>;
}

export function checkReportFields(catalog: Catalog, report: Report, access: ReportAccess, at = ''): Problem[] {
  const problems: Problem[] = [];
  const related = { catalog, readAccess: (key: string) => access.readAccess(key) };
  const source = access.readAccess(report.entity);
  const joins = new Map((report.joins ?? []).map((j) => [j.key, j]));

  const remap = (found: Problem[], from: string, to: string) => problems.push(...found.map((p) => ({ ...p, path: to + p.path.slice(from.length) })));

  /** A path of the report: from the source entity, or `join.rest` inside a join. */
  const path = (fieldPath: string, where: string) => {
    const [first = '', ...rest] = fieldPath.split('.');
    if (first === 'history' && rest.length === 1 && report.history && !catalog.field(report.entity, 'history')) return;
    const join = rest.length > 0 ? joins.get(first) : undefined;
    if (!join) return remap(checkFilterFields({ fields: [fieldPath] }, source, related), '/fields/0', at + where);
    const relation = catalog.field(report.entity, join.relation);
    if (relation?.type === 'relation') {
      const target = access.readAccess(relation.target);
      if (!target.allowed) return void problems.push({ path: at + where, code: 'permission.fieldHidden', message: `"${fieldPath}" reaches records you cannot read` });
      return remap(checkFilterFields({ fields: [rest.join('.')] }, target, related), '/fields/0', at + where);
    }
    // Line items: readable with their field; a line's relation reaches the related entity's fields.
    remap(checkFilterFields({ fields: [join.relation] }, source, related), '/fields/0', at + where);
    if (rest.length > 1 && relation?.type === 'lineItems') {
      const line = relation.fields.find((f) => f.key === rest[0]);
      if (line?.type === 'relation') {
        const target = access.readAccess(line.target);
        if (!target.allowed) return void problems.push({ path: at + where, code: 'permission.fieldHidden', message: `"${fieldPath}" reaches records you cannot read` });
        remap(checkFilterFields({ fields: [rest.slice(1).join('.')] }, target, related), '/fields/0', at + where);
      }
    }
  };
  const filter = (f: Filter | undefined, where: string) => {
    if (f !== undefined) remap(checkFilterFields({ filter: f }, source, related), '/filter', at + where);
  };

  if (report.history) path(report.history.field, '/history/field');
  report.joins?.forEach((j, i) => path(j.relation, `/joins/${i}/relation`));
  report.dimensions?.forEach((d, i) => path(d.field, `/dimensions/${i}/field`));
  report.measures.forEach((m, i) => {
    if (m.field !== undefined) path(m.field, `/measures/${i}/field`);
    if (m.days) {
      path(m.days.from, `/measures/${i}/days/from`);
      path(m.days.to, `/measures/${i}/days/to`);
    }
    filter(m.filter, `/measures/${i}/filter`);
  });
  filter(report.filter, '/filter');
  report.parameters?.forEach((p, i) => path(p.field, `/parameters/${i}/field`));
  if (report.target) {
    const target = access.readAccess(report.target.entity);
    if (!target.allowed) problems.push({ path: `${at}/target/entity`, code: 'permission.fieldHidden', message: `you cannot read ${report.target.entity} records` });
    else {
      remap(checkFilterFields({ fields: [report.target.field, ...report.target.match.map((m) => m.field)] }, target, related), '/fields', `${at}/target/fields`);
      if (report.target.filter) remap(checkFilterFields({ filter: report.target.filter }, target, related), '/filter', `${at}/target/filter`);
    }
  }
  return problems;
}
