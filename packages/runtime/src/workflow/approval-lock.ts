/**
 * What a running approval locks (decisions 091, 098): the whole record, or only the workflow's
 * `lockFields` when its approval nodes name some; the holder of an open approval task may still
 * change that node's `editableFields`. Called by the record writer after the row is locked.
 *
 * @example
 * const locked = await lockedField(db, model, entity, 12, ['discount'], actor.userId); // 'discount' or undefined
 */
import type { Entity } from '@pipewright/metadata';
import { sql, type Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { DynamicTables } from '../database/index.ts';

/**
 * The instance locking record `id` against a write of `fields` by `userId` (null fields: a
 * delete, which any lock refuses), with the first field it refuses; undefined when the write may go.
 */
export async function approvalLockOn(db: Kysely<DynamicTables>, model: AppModel, entity: Entity, id: number, fields: readonly string[] | null, userId: number): Promise<{ workflow: string; field: string | null } | undefined> {
  const { rows } = await sql<{ id: number | string; workflow: string }>`
    SELECT id, workflow FROM pipewright.workflow_instances
     WHERE app = ${model.key} AND entity = ${entity.key} AND record_id = ${id} AND status = 'running' AND locks_record`.execute(db);
  for (const row of rows) {
    const workflow = (model.bundle.workflows ?? []).find((w) => w.key === row.workflow);
    const approvals = (workflow?.nodes ?? []).flatMap((n) => (n.type === 'approval' ? [n] : []));
    if (fields === null) return { workflow: row.workflow, field: null };
    const lockFields = approvals.flatMap((n) => n.config.lockFields ?? []);
    const locked = lockFields.length > 0 ? new Set(lockFields) : undefined;
    const touched = fields.filter((f) => locked === undefined || locked.has(f));
    if (touched.length === 0) continue;
    const { rows: held } = await sql<{ node: string }>`
      SELECT t.node FROM pipewright.workflow_task_holders h JOIN pipewright.workflow_tasks t ON t.id = h.task
       WHERE h.user_id = ${userId} AND h.status = 'open' AND t.instance = ${Number(row.id)} AND t.kind = 'approval'`.execute(db);
    const nodes = new Set(held.map((h) => h.node));
    const editable = new Set(approvals.filter((n) => nodes.has(n.id)).flatMap((n) => n.config.editableFields ?? []));
    const refused = touched.find((f) => !editable.has(f));
    if (refused !== undefined) return { workflow: row.workflow, field: refused };
  }
  return undefined;
}
