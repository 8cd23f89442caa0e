/**
 * The entity's form rules on the write path: the engines decide (`checkFormRules`, the same code
 * the studio's form runs) and the writer refuses the whole write with every breach, at the
 * item's path (`/resolution`, `/2/resolution` in a batch). Trusted internal callers (sample
 * data, migrations, automation) are not held to a form, as they are not held to roles.
 */
import type { Entity } from '@pipewright/metadata';
import { checkFormRules, enforcedForm, RecordValidationError, type FormRuleInput, type Problem } from '@pipewright/engines';
import type { AppModel } from '../apps/app-model.ts';

export type FormRuleItem = Omit<FormRuleInput, 'now' | 'timeZone'>;

/** Throws `RecordValidationError` when any item breaks the rules of the entity's enforced form. */
export function enforceFormRules(
  model: AppModel,
  entity: Entity,
  items: readonly FormRuleItem[],
  context: { now: Date; timeZone?: string | undefined },
  itemPath: (index: number) => string,
): void {
  const form = enforcedForm(model.bundle, entity.key);
  if (!form) return;
  const problems: Problem[] = items.flatMap((item, i) =>
    checkFormRules(form, entity, { ...item, now: context.now, timeZone: context.timeZone }).map((p) => ({ ...p, path: itemPath(i) + p.path })),
  );
  if (problems.length > 0) throw new RecordValidationError(problems);
}
