/** What an upload is for: the entity of a field (inputs are handed the field, not its entity). */
import type { Entity, Field } from '@pipewright/metadata';
import type { AppModel } from '../app/app-model.ts';

export function entityOfField(app: AppModel, field: Field): Entity | undefined {
  return app.bundle.entities.find((e) => e.fields.includes(field)) ?? app.bundle.entities.find((e) => e.fields.some((f) => f.key === field.key && f.type === field.type));
}
