/**
 * Workflows on the database: instances, tasks and timers of the engine's token machine, each
 * step claimed and applied in one transaction (docs/decisions/091-workflow-storage-lock-and-claim.md).
 */
export { WorkflowService } from './workflow-service.ts';
export type { ActBody, InstanceRow, TaskRow, WorkflowServiceOptions } from './workflow-service.ts';
export { WorkflowViews } from './workflow-views.ts';
export type { TaskInboxPage, Locale, TaskView, TimelineEntry, UserRef, WorkflowInstanceView } from './workflow-views.ts';
export { workflowTimerQueue } from './workflow-effects.ts';
export * from './workflow-errors.ts';
