/**
 * All reference checkers, in the order their errors are reported. Adding a document kind adds
 * its checker here.
 */
import type { MetadataError } from '../errors.ts';
import type { AppBundle } from '../generated/types.ts';
import { Catalog } from './catalog.ts';
import type { ReferenceChecker } from './check.ts';
import { checkCopyFields } from './copy-fields.ts';
import { checkDashboards } from './dashboards.ts';
import { checkDuplicateRules } from './duplicate-rules.ts';
import { checkEntities } from './entities.ts';
import { checkForms } from './forms.ts';
import { checkNavigation } from './navigation.ts';
import { checkNulCharacters } from './nul-characters.ts';
import { checkPatterns } from './patterns.ts';
import { checkPrintTemplates } from './print-templates.ts';
import { checkReports } from './reports.ts';
import { checkRoles } from './roles.ts';
import { checkRulesets } from './rulesets.ts';
import { checkViews } from './views.ts';
import { checkWorkflows } from './workflows.ts';

export const referenceCheckers: readonly ReferenceChecker[] = [
  checkEntities,
  checkDuplicateRules,
  checkCopyFields,
  checkPatterns,
  checkNulCharacters,
  checkViews,
  checkRoles,
  checkForms,
  checkWorkflows,
  checkRulesets,
  checkReports,
  checkDashboards,
  checkPrintTemplates,
  checkNavigation,
];

/** Runs every reference check on a bundle that already passed schema validation. */
export function checkReferences(bundle: AppBundle): MetadataError[] {
  const catalog = new Catalog(bundle);
  return referenceCheckers.flatMap((check) => check(bundle, catalog));
}

export { Catalog, describePathProblem, isNumericField, isPathProblem, numericFieldTypes } from './catalog.ts';
export type { PathProblem, ResolvedPath } from './catalog.ts';
export type { ReferenceChecker } from './check.ts';
export { systemFieldKeys } from './entities.ts';
export { checkFilter } from './filter.ts';
export { linearPattern, linearRegExp, patternProblem } from './patterns.ts';
export { nulCharacterProblems } from './nul-characters.ts';
export type { LinearPattern } from './patterns.ts';
export { isColumn, isDateColumn, isUserColumn, resolveColumn, valueType } from './paths.ts';
export type { Column } from './paths.ts';
export { nodeOutlets } from './workflows.ts';
