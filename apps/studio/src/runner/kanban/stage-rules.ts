/**
 * Fields a record must have filled before it may enter a stage: the `stageRules` of the entity's
 * forms (the same rules the server enforces), and which of them a record still lacks.
 *
 * @example
 * missingForStage(app, 'opportunity', 'stage', 'lost', record) // ['loss_reason']
 */
import type { AppModel } from '../app/app-model.ts';
import { widgetOf } from '../fields/registry.ts';
import { isEmptyValue } from '../fields/field-widget.ts';

export function requiredForStage(app: AppModel, entityKey: string, field: string, value: string): string[] {
  const required = new Set<string>();
  for (const form of app.bundle.forms ?? []) {
    if (form.entity !== entityKey) continue;
    for (const rule of form.stageRules ?? []) if (rule.field === field && rule.value === value) for (const key of rule.required) required.add(key);
  }
  return [...required];
}

export function missingForStage(app: AppModel, entityKey: string, field: string, value: string, record: Readonly<Record<string, unknown>>): string[] {
  return requiredForStage(app, entityKey, field, value).filter((key) => {
    const f = app.field(entityKey, key);
    if (!f) return false;
    const widget = widgetOf(f);
    return widget.isEmpty ? widget.isEmpty(record[key]) : isEmptyValue(record[key]);
  });
}
