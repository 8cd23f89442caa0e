/**
 * @pipewright/runtime: interprets an app's metadata on PostgreSQL or PGlite.
 */
export * from './database/index.ts';
export { openRuntime, filterContext } from './runtime.ts';
export type { Runtime, RuntimeOptions } from './runtime.ts';
export { Records, rowActions, type RowAction } from './records/records.ts';
export { Reports, ReportTooLargeError } from './reports/reports.ts';
export type {
  DashboardWidgetData,
  DrillInput,
  ReportResult,
  ResultRow,
  RunInput,
} from './reports/reports.ts';
export { compileReportQuery, maxReportRows } from './reports/report-query.ts';
export { exportHeading, type ExportLocale } from './reports/export-names.ts';
export { AccessPolicy } from './permissions/access-policy.ts';
export type { Permissions } from './permissions/access-policy.ts';
export { PermissionDeniedError } from './permissions/permission-error.ts';
export { RecordGuard } from './permissions/record-guard.ts';
export type { ReadRestriction } from './query/read-restriction.ts';
export { AppStore } from './apps/app-store.ts';
export type { InstalledApp, PlanPreview, PublishOptions } from './apps/app-store.ts';
export { AppModel } from './apps/app-model.ts';
export { AppNotFoundError, AppVersionError, MigrationRefusedError } from './apps/errors.ts';
export { RecordNotFoundError, RecordInUseError, RecordInApprovalError, StaleRecordError } from './records/errors.ts';
export { DuplicateRecordError, type DuplicateFinding, type DuplicateMatch } from './records/duplicates.ts';
export type { Actor, RecordData } from './records/record-writer.ts';
export type { HistoryEntry, GetOptions } from './records/record-reader.ts';
export { listRecords, maxOffset, maxPageSize } from './query/list-query.ts';
export type { ListPage, ListQuery } from './query/list-query.ts';
export { compileFilter } from './query/filter-sql.ts';
export { planMigration } from './schema/plan.ts';
export type { MigrationPlan, MigrationStep } from './schema/plan.ts';
export { appLayout, appSchemaName } from './schema/layout.ts';
export type { AppLayout, TableLayout } from './schema/layout.ts';
export * from './identity/index.ts';
export { SavedViews, SavedViewNotFoundError, SavedViewNotOwnerError } from './views/saved-views.ts';
export type {
  SavedView,
  SavedViewSettings,
  NewSavedView,
  SavedViewChanges,
} from './views/saved-views.ts';
export { serviceDeskBundle } from './testing/service-desk.ts';
export { workflowQuotesBundle } from './testing/workflow-quotes.ts';
export * from './jobs/index.ts';
export * from './print/index.ts';
export * from './outbound/index.ts';
export * from './notifications/index.ts';
export { Automation, automationQueue } from './automation/automation.ts';
export type { AutomationOptions, AutomationRun, WorkflowStarter } from './automation/automation.ts';
export type { AppliedEffect, NotificationDelivery } from './automation/apply-effects.ts';
export { RuleRejectedError } from './automation/validation-rules.ts';
export { RecordWriter } from './records/record-writer.ts';
export { RulesetNotFoundError } from './automation/dry-run.ts';
export type { DryRunInput, DryRunResult } from './automation/dry-run.ts';
export * from './workflow/index.ts';
export { DiskFileStore, FileTooLargeError, formatBytes } from './files/file-store.ts';
export type { FileStore, StoredBlob } from './files/file-store.ts';
export { Files, FileNotFoundError, FileTargetError, FileTypeError, defaultMaxFileBytes } from './files/files.ts';
export type { FileRow, StoredFile, UploadTarget } from './files/files.ts';
export { rasterImageTypes, safeFileName } from './files/file-types.ts';
export { printToRecord } from './files/print-to-record.ts';
export type { PrintToRecordInput } from './files/print-to-record.ts';
