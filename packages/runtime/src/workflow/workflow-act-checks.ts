/**
 * What the runtime checks of an approval action's input before the step (decision 096): the
 * user a task goes to is an active user who does not hold it already, and the files of a comment
 * are the caller's own uploads in this app that are on no record yet (the rule record writes
 * follow, decision 048). The files are then kept on the record under `approvalFilesField`, so
 * whoever reads the record may download them.
 *
 * @example
 * const ids = await checkApprovalFiles(db, row, ['f_01…'], actor.userId); // 400 task.unknownFile at /attachments/0
 */
import { PipewrightError, type Problem } from '@pipewright/engines';
import { sql, type Kysely } from 'kysely';
import type { DynamicTables } from '../database/index.ts';
import { approvalFilesField } from '../files/files.ts';
import { TaskTargetError } from './workflow-errors.ts';

type Executor = Kysely<DynamicTables>;

export async function requireActiveUser(db: Executor, to: number, holders: readonly number[]): Promise<void> {
  if (holders.includes(to)) throw new TaskTargetError(to, 'holds the task already');
  const { rows } = await sql<{ active: boolean }>`SELECT active FROM pipewright.users WHERE id = ${to}`.execute(db);
  if (!rows[0]?.active) throw new TaskTargetError(to, 'is not an active user');
}

/** The distinct file ids, each checked; refused with 400 `task.unknownFile` naming each bad one. */
export async function checkApprovalFiles(db: Executor, row: { app: string }, ids: readonly string[], userId: number): Promise<string[]> {
  const wanted = [...new Set(ids)];
  const { rows } = await sql<{ id: string }>`
    SELECT id FROM pipewright.files WHERE app = ${row.app} AND id IN (${sql.join(wanted)}) AND entity IS NULL AND uploaded_by = ${userId}`.execute(db);
  const free = new Set(rows.map((r) => r.id));
  const problems: Problem[] = ids.flatMap((id, n) => (free.has(id) ? [] : [{ path: `/attachments/${n}`, code: 'task.unknownFile', message: 'refers to a file that does not exist, is not yours, or is on a record already' }]));
  if (problems.length > 0) throw new PipewrightError('task.unknownFile', 'A comment may attach only your own new uploads', problems);
  return wanted;
}

/** Puts a comment's files on the record (in the step's transaction). */
export async function attachApprovalFiles(trx: Executor, row: { app: string; entity: string; recordId: number }, ids: readonly string[]): Promise<void> {
  await sql`UPDATE pipewright.files SET entity = ${row.entity}, record_id = ${row.recordId}, field = ${approvalFilesField}, attached_at = now()
             WHERE app = ${row.app} AND entity IS NULL AND id IN (${sql.join([...ids])})`.execute(trx);
}
