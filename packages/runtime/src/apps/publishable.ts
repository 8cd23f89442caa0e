/**
 * What a bundle must pass before it is planned or published: the metadata's own validation
 * (schema and references), the engines' check of every formula and form condition and of every
 * print template (compiles, names known fields and helpers, nests within bound), the rules
 * engine's check of every ruleset (operators per field type, action modules, cycles, timers), the
 * cron schedules (parsed as the runtime will run them), and the
 * PostgreSQL identifier limit of the names its layout derives. Together they refuse, with the
 * JSON path of each problem, what would otherwise install and then fail on every write.
 */
import { checkBundleExpressions, checkLiveFormulas, checkPrintTemplates, checkRulesets } from '@pipewright/engines';
import { MetadataValidationError, parseBundle, type AppBundle } from '@pipewright/metadata';
import { scheduleProblems } from '../automation/schedule-check.ts';
import { identifierProblems } from '../schema/identifiers.ts';

/** The bundle, validated for publishing; throws `MetadataValidationError` with every problem found. */
export function publishableBundle(document: unknown): AppBundle {
  const bundle = parseBundle(document);
  const expressions = checkBundleExpressions(bundle);
  // Formulas computed when read must also translate to SQL (decision 040); only worth asking of formulas that check.
  const problems = [
    ...identifierProblems(bundle),
    ...expressions,
    ...(expressions.length === 0 ? checkLiveFormulas(bundle) : []),
    ...checkPrintTemplates(bundle),
    ...checkRulesets(bundle),
    ...scheduleProblems(bundle),
  ];
  if (problems.length > 0) throw new MetadataValidationError(problems);
  return bundle;
}
