/**
 * The one permission path of reports. The run, the drill-down, the export and every dashboard
 * widget get their rows here: the source entity's rows must lie in the viewer's read scope AND
 * their run-report scope; joined, related and target entities in their read scope. Hidden fields
 * are refused by the planner (`checkReportFields`) before any SQL exists.
 */
import type { Report } from '@pipewright/metadata';
import type { ReportAccess } from '@pipewright/engines';
import { sql, type RawBuilder } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import { PermissionDeniedError } from '../permissions/permission-error.ts';
import type { RecordGuard } from '../permissions/record-guard.ts';
import type { ReadRestriction } from '../query/read-restriction.ts';
import { isLive, liveFormulaSql } from '../records/live-formulas.ts';
import type { ReportScope } from './report-query.ts';

export interface ReportPermissions {
  scope: ReportScope;
  /** For the planner; undefined for unrestricted viewers. */
  access: ReportAccess | undefined;
  /** The list restriction of drill-downs: the report's rows, optionally narrowed to one cell. */
  restriction(narrow?: (alias: string) => RawBuilder<unknown>): ReadRestriction | undefined;
}

/** Refuses (403) a viewer without the run-report permission on the report's entity. */
export function reportPermissions(model: AppModel, guard: RecordGuard, report: Pick<Report, 'entity'>): ReportPermissions {
  const entity = report.entity;
  if (!guard.unrestricted) {
    guard.require(entity, 'read');
    const run = guard.access(entity, 'runReport');
    if (run && !run.allowed) throw new PermissionDeniedError(`You may not run reports on ${entity} records`);
  }
  const rows = (entityKey: string, alias: string): RawBuilder<unknown> | undefined => {
    const read = guard.condition(entityKey, 'read', alias);
    if (entityKey !== entity) return read;
    // Most roles grant running reports on the rows they read: then one condition says both.
    const readAccess = guard.access(entityKey, 'read');
    const runAccess = guard.access(entityKey, 'runReport');
    if (readAccess && runAccess && readAccess.includeShared === runAccess.includeShared && JSON.stringify(readAccess.scope) === JSON.stringify(runAccess.scope)) return read;
    const run = guard.condition(entityKey, 'runReport', alias);
    if (read && run) return sql`(${read} AND ${run})`;
    return read ?? run;
  };
  const restriction = guard.restriction('read');
  return {
    scope: {
      schema: model.schema,
      rows,
      relatedScope: restriction ? (key) => restriction.relatedScope(key) : undefined,
      liveFormula: (key, field, alias) => (field.type === 'formula' && isLive(model.entity(key), field) ? liveFormulaSql(model, key, field, alias, restriction) : undefined),
    },
    access: guard.unrestricted ? undefined : { readAccess: (key) => guard.access(key, 'read')! },
    restriction(narrow) {
      const base = guard.restriction('read');
      if (!base && !narrow) return undefined;
      return {
        condition: (entityKey, alias) => {
          const own = rows(entityKey, alias);
          const cell = entityKey === entity && narrow ? narrow(alias) : undefined;
          if (own && cell) return sql`(${own} AND ${cell})`;
          return own ?? cell;
        },
        fields: (entityKey) => base?.fields(entityKey),
        relatedScope: (entityKey) => base?.relatedScope(entityKey),
      };
    },
  };
}
