export { planReport, ReportError } from './plan-report.ts';
export type { PlanOptions } from './plan-report.ts';
export { checkReportFields } from './report-fields.ts';
export type { ReportAccess } from './report-fields.ts';
export { bindParameters } from './report-parameters.ts';
export type { BoundParameters } from './report-parameters.ts';
export type * from './report-plan.ts';
