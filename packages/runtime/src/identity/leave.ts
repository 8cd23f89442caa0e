/**
 * A rep's leave: from a date, until a date (or open-ended), or back at work. Assignment passes
 * over a rep whose leave covers today (`assignment-pool.ts`, decision 107).
 *
 * @example
 * await setLeave(db, 7, { from: '2026-12-01', until: '2026-12-05' });
 * await setLeave(db, 7, null); // back
 */
import { IdentityError, notFound } from './errors.ts';
import { sql, type Kysely } from 'kysely';
import type { DynamicTables } from '../database/index.ts';

export interface Leave {
  /** On leave today. */
  onLeave: boolean;
  from: string | null;
  until: string | null;
}

type Executor = Kysely<DynamicTables>;

export async function readLeave(db: Executor, userId: number): Promise<Leave> {
  const { rows } = await sql<{ on_leave: boolean; leave_from: string | null; leave_until: string | null }>`
    SELECT (on_leave OR (leave_from IS NOT NULL AND leave_from <= current_date AND (leave_until IS NULL OR leave_until >= current_date))) AS on_leave,
           to_char(leave_from, 'YYYY-MM-DD') AS leave_from, to_char(leave_until, 'YYYY-MM-DD') AS leave_until
      FROM pipewright.users WHERE id = ${userId}`.execute(db);
  const row = rows[0];
  if (!row) throw notFound('user', userId);
  return { onLeave: row.on_leave, from: row.leave_from, until: row.leave_until };
}

/** Marks leave from `from` (until `until`, or open-ended), or with null ends it. */
export async function setLeave(db: Executor, userId: number, leave: { from: string; until?: string | null | undefined } | null): Promise<Leave> {
  if (leave && leave.until && leave.until < leave.from) {
    throw new IdentityError('user.invalid', 'The leave ends before it starts', [{ path: '/until', code: 'leave.endsBeforeStart', message: `is before from (${leave.from})` }]);
  }
  const { rows } = leave
    ? await sql`UPDATE pipewright.users SET leave_from = ${leave.from}::date, leave_until = ${leave.until ?? null}::date, updated_at = now() WHERE id = ${userId} RETURNING id`.execute(db)
    : await sql`UPDATE pipewright.users SET on_leave = false, leave_from = NULL, leave_until = NULL, updated_at = now() WHERE id = ${userId} RETURNING id`.execute(db);
  if (rows.length === 0) throw notFound('user', userId);
  return readLeave(db, userId);
}
