/**
 * @pipewright/engines: the pure engines of Pipewright. Plain data in, decisions and effects out;
 * no database, no HTTP, no Node-only APIs, so the studio runs the same code in the browser.
 */
export * from './errors.ts';
export * from './clock.ts';
export * from './fields/field-type.ts';
export { fieldTypeOf, fieldTypes, operatorsOf } from './fields/registry.ts';
export { idSchema, isRecordId } from './fields/id-schema.ts';
export { instantOf, isCalendarDate } from './fields/calendar-values.ts';
export { companyNameKey, legalSuffixes } from './fields/company-name.ts';
export { normalizeChinesePhone } from './fields/phone.ts';
export * from './filter/index.ts';
export * from './records/index.ts';
export * from './expression/index.ts';
export * from './forms/index.ts';
export * from './permissions/index.ts';
export * from './work-calendar/work-calendar.ts';
export * from './reports/index.ts';
export * from './print/index.ts';
export * from './rules/index.ts';
export * from './notifications/index.ts';
export * from './workflow/index.ts';
