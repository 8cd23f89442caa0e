/**
 * The record a template is filled with, read as its reader may read it: the record through
 * `records.get` with the reader's permissions (hidden fields are absent and print as nothing),
 * each many-to-one relation replaced by the related record the reader can see (two levels deep:
 * `account.parent.name`), and the same for the relations of each line item (`product.name`).
 * A related record outside the reader's scope is left as absent, not as an error.
 */
import { PermissionDeniedError } from '../permissions/permission-error.ts';
import type { Entity, Field } from '@pipewright/metadata';
import type { AppModel } from '../apps/app-model.ts';
import { RecordNotFoundError } from '../records/errors.ts';
import type { Actor, RecordData } from '../records/record-writer.ts';
import type { Records } from '../records/records.ts';

const relationDepth = 2;

export async function readPrintRecord(records: Records, model: AppModel, entity: string, id: number, actor: Actor): Promise<RecordData> {
  const cache = new Map<string, Promise<RecordData | undefined>>();
  const related = (target: string, targetId: number, depth: number): Promise<RecordData | undefined> => {
    const key = `${target}:${targetId}`;
    let found = cache.get(key);
    if (!found) {
      found = records.get(model.key, target, targetId, {}, actor).then(
        (record) => expand(record, entityOf(model, target).fields, depth),
        (error: unknown) => {
          if (error instanceof RecordNotFoundError || error instanceof PermissionDeniedError) return undefined;
          throw error;
        },
      );
      cache.set(key, found);
    }
    return found;
  };
  const expand = async (record: RecordData, fields: readonly Field[], depth: number): Promise<RecordData> => {
    const result: RecordData = { ...record };
    await Promise.all(
      fields.map(async (field) => {
        if (!Object.hasOwn(record, field.key)) return;
        const value = record[field.key];
        if (field.type === 'relation' && field.kind === 'manyToOne' && depth < relationDepth) {
          result[field.key] = typeof value === 'number' ? await related(field.target, value, depth + 1) : undefined;
        } else if (field.type === 'lineItems' && Array.isArray(value)) {
          result[field.key] = await Promise.all(value.map((item) => expand(item as RecordData, field.fields, depth)));
        }
      }),
    );
    return result;
  };
  const record = await records.get(model.key, entity, id, {}, actor);
  return expand(record, entityOf(model, entity).fields, 0);
}

function entityOf(model: AppModel, key: string): Entity {
  return model.entity(key);
}
