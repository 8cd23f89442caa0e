/**
 * What a bundle must pass before it is planned or published: the metadata's own validation
 * (schema and references), the engines' check of every formula and form condition and of every
 * print template (compiles, names known fields and helpers, nests within bound), the rules
 * engine's check of every ruleset (operators per field type, action modules, cycles, timers), the
 * workflow engine's check of every workflow (one trigger, reachable nodes, paths that end, joins
 * that match splits, fields that exist, node types that run), the cron schedules (parsed as the
 * runtime will run them), and the
 * PostgreSQL identifier limit of the names its layout derives. Together they refuse, with the
 * JSON path of each problem, what would otherwise install and then fail on every write.
 */
import { checkBundleExpressions, checkLiveFormulas, checkPrintTemplates, checkRulesets, checkWorkflow } from '@pipewright/engines';
import { Catalog, MetadataValidationError, parseBundle, type AppBundle, type MetadataError } from '@pipewright/metadata';
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
    ...checkWorkflows(bundle),
    ...scheduleProblems(bundle),
  ];
  if (problems.length > 0) throw new MetadataValidationError(problems);
  return bundle;
}

/**
 * `checkWorkflow` of each workflow, its problems at `/workflows/<i>/…`. A switched-off workflow
 * (`enabled: false`) never runs, so it may keep node types that cannot run yet (a design kept
 * for later); every other problem refuses it too.
 */
function checkWorkflows(bundle: AppBundle): MetadataError[] {
  const workflows = bundle.workflows ?? [];
  if (workflows.length === 0) return [];
  const catalog = new Catalog(bundle);
  return workflows.flatMap((workflow, i) =>
    checkWorkflow(workflow, catalog)
      .filter((problem) => workflow.enabled !== false || problem.code !== 'workflow.nodeNotSupported')
      .map((problem) => ({ path: `/workflows/${i}${problem.path}`, code: problem.code, message: problem.message })),
  );
}
