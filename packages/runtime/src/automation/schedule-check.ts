/**
 * Publish-time check of the rulesets' cron schedules: each expression parses as the runtime
 * will run it (cron-parser) and its time zone is one `Intl` knows, so a bad schedule is refused
 * with its JSON path instead of never firing.
 */
import type { Problem } from '@pipewright/engines';
import type { AppBundle } from '@pipewright/metadata';
import { nextOccurrence } from './timer-firing.ts';

/** Problems with the cron schedules of `bundle`'s rulesets. */
export function scheduleProblems(bundle: AppBundle): Problem[] {
  const problems: Problem[] = [];
  (bundle.rules ?? []).forEach((ruleset, i) => {
    if (!ruleset.schedule) return;
    const at = `/rules/${i}/schedule`;
    const timeZone = ruleset.schedule.timezone ?? 'Asia/Shanghai';
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
    } catch {
      problems.push({ path: `${at}/timezone`, code: 'rule.scheduleTimeZone', message: `unknown time zone "${timeZone}" (use an IANA name such as Asia/Shanghai)` });
      return;
    }
    try {
      nextOccurrence(ruleset.schedule.cron, timeZone, new Date());
    } catch (error) {
      problems.push({ path: `${at}/cron`, code: 'rule.scheduleCron', message: `not a cron expression the scheduler can run: ${error instanceof Error ? error.message : String(error)}` });
    }
  });
  return problems;
}
