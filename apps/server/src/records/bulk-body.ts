/**
 * The body of `POST /api/apps/:app/records/:entity/bulk`: exactly one of `create`, `update` or
 * `delete`, run in one transaction (all or nothing). Problems of one item name its index:
 * `/create/3/email`, `/update/0/values/amount`.
 *
 * @example
 * { "create": [{ "name": "王磊", "company": "杭州青禾零售有限公司" }, { … }] }
 * { "update": [{ "id": 7, "version": 2, "values": { "status": "contacted" } }] }
 * { "delete": [7, 8, 9] }
 */
import { idSchema, PipewrightError, RecordValidationError } from '@pipewright/engines';

/** Most items in one bulk request. */
export const maxBulkItems = 1000;

const id = idSchema;

export const bulkBodySchema = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  description: 'Exactly one of create, update or delete',
  properties: {
    create: { type: 'array', minItems: 1, maxItems: maxBulkItems, items: { type: 'object' }, description: 'Record bodies to create' },
    update: {
      type: 'array',
      minItems: 1,
      maxItems: maxBulkItems,
      items: {
        type: 'object',
        required: ['id', 'values'],
        additionalProperties: false,
        properties: { id, version: { ...id, description: 'The version last read; refused with 409 when the record changed since' }, values: { type: 'object' } },
      },
    },
    delete: { type: 'array', minItems: 1, maxItems: maxBulkItems, uniqueItems: true, items: id, description: 'Ids of records to move to the recycle bin' },
  },
} as const;

export type BulkBody =
  | { create: Record<string, unknown>[] }
  | { update: { id: number; version?: number; values: Record<string, unknown> }[] }
  | { delete: number[] };

/**
 * Runs a bulk write, rewriting the runtime's item paths (`/3/email`) into body paths
 * (`/create/3/email`, `/update/3/values/email`).
 */
export async function withBodyPaths<T>(operation: 'create' | 'update', write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof RecordValidationError) {
      throw new RecordValidationError(error.problems.map((p) => ({ ...p, path: bodyPath(operation, p.path) })));
    }
    // A stale or missing item of a bulk update names the item: /update/3/version, /update/3/id.
    if (error instanceof PipewrightError && (error.code === 'record.stale' || error.code === 'record.notFound') && error.problems.length > 0) {
      throw new PipewrightError(error.code, error.message, error.problems.map((p) => ({ ...p, path: p.path.replace(/^\/(\d+)\/(version|id)$/, `/${operation}/$1/$2`) })));
    }
    throw error;
  }
}

function bodyPath(operation: 'create' | 'update', itemPath: string): string {
  const match = /^\/(\d+)(.*)$/.exec(itemPath);
  if (!match) return `/${operation}${itemPath}`;
  return operation === 'create' ? `/create/${match[1]}${match[2]}` : `/update/${match[1]}/values${match[2]}`;
}

/** Refuses an update list naming one record twice (its outcome would depend on the order). */
export function checkDistinctIds(items: readonly { id: number }[]): void {
  const seen = new Set<number>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) throw new PipewrightError('request.invalid', `Record ${item.id} is named twice in the update list`, [{ path: `/update/${i}/id`, code: 'request.duplicateId', message: 'names a record already named earlier in the list' }]);
    seen.add(item.id);
  });
}
