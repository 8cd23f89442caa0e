/**
 * The people assignment picks from, read in the automation's transaction, and the round-robin
 * turn kept in `pipewright.assignment_turns` (one row per app and entity). The row is locked
 * (`FOR UPDATE`) for the rest of the transaction, so concurrent events take turns: 50 leads
 * created at once by 50 requests are assigned one after another from an up-to-date turn, and the
 * turn survives restarts. A dry run reads the same snapshot without the lock and throws it away.
 */
import { loadSnapshot, type LoadSnapshot } from '@pipewright/engines';
import { sql, type Kysely } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { DynamicTables } from '../database/index.ts';

type Executor = Kysely<DynamicTables>;

/**
 * The people with a role in the app, with their departments (and the departments above), teams,
 * open records of `entity`, leave, and when each last received a record from the turn.
 * With `lock`, the turn's row stays locked until the transaction ends.
 */
export async function assignmentSnapshot(db: Executor, model: AppModel, entity: string, options: { lock: boolean }): Promise<LoadSnapshot> {
  let turn: { sequence: number; last: Record<string, number> } = { sequence: 0, last: {} };
  if (options.lock) {
    await sql`INSERT INTO pipewright.assignment_turns (app, entity) VALUES (${model.key}, ${entity}) ON CONFLICT DO NOTHING`.execute(db);
  }
  const { rows: turns } = await sql<{ sequence: number | string; last_assigned: unknown }>`
    SELECT sequence, last_assigned FROM pipewright.assignment_turns WHERE app = ${model.key} AND entity = ${entity} ${options.lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  if (turns[0]) {
    const raw = turns[0].last_assigned;
    turn = { sequence: Number(turns[0].sequence), last: (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, number> };
  }
  const { rows: people } = await sql<{ id: number | string; login: string; active: boolean; on_leave: boolean; department_id: number | string | null; roles: string[]; teams: string[] | null }>`
    SELECT u.id, u.login, u.active, ${onLeaveNow} AS on_leave, u.department_id,
           array_agg(DISTINCT r.role_key) AS roles,
           (SELECT array_agg(t.code) FROM pipewright.team_members m JOIN pipewright.teams t ON t.id = m.team_id WHERE m.user_id = u.id AND t.code IS NOT NULL) AS teams
      FROM pipewright.users u JOIN pipewright.user_roles r ON r.user_id = u.id AND r.app = ${model.key}
     GROUP BY u.id ORDER BY u.id`.execute(db);
  const { rows: departments } = await sql<{ id: number | string; code: string | null; parent_id: number | string | null }>`SELECT id, code, parent_id FROM pipewright.departments`.execute(db);
  const byId = new Map(departments.map((d) => [Number(d.id), d]));
  const codesAbove = (id: number | null): string[] => {
    const codes: string[] = [];
    const seen = new Set<number>();
    for (let at = id; at !== null && !seen.has(at); ) {
      seen.add(at);
      const department = byId.get(at);
      if (!department) break;
      if (department.code) codes.push(department.code);
      at = department.parent_id === null ? null : Number(department.parent_id);
    }
    return codes;
  };
  const { rows: loads } = await sql<{ owner_id: number | string; n: number }>`
    SELECT owner_id, count(*)::int AS n FROM ${sql.table(`${model.schema}.${entity}`)} WHERE deleted_at IS NULL GROUP BY owner_id`.execute(db);
  const load = new Map(loads.map((l) => [Number(l.owner_id), Number(l.n)]));
  const snapshot = loadSnapshot(
    people.map((p) => ({
      userId: Number(p.id),
      login: p.login,
      active: p.active,
      onLeave: p.on_leave,
      roles: p.roles,
      departments: codesAbove(p.department_id === null ? null : Number(p.department_id)),
      teams: p.teams ?? [],
      openRecords: load.get(Number(p.id)) ?? 0,
      lastAssigned: turn.last[String(p.id)] ?? 0,
    })),
  );
  return { ...snapshot, sequence: Math.max(snapshot.sequence, turn.sequence) };
}

/** Whether a user is on leave today: the open-ended flag, or leave dates that cover today (decision 107). */
const onLeaveNow = sql`(u.on_leave OR (u.leave_from IS NOT NULL AND u.leave_from <= current_date AND (u.leave_until IS NULL OR u.leave_until >= current_date)))`;

/** Keeps the turn after assignments (in the transaction that holds its lock). */
export async function saveTurn(db: Executor, model: AppModel, entity: string, snapshot: LoadSnapshot): Promise<void> {
  const last = Object.fromEntries(snapshot.candidates.filter((c) => c.lastAssigned > 0).map((c) => [String(c.userId), c.lastAssigned]));
  await sql`UPDATE pipewright.assignment_turns SET sequence = ${snapshot.sequence}, last_assigned = ${JSON.stringify(last)}::jsonb
             WHERE app = ${model.key} AND entity = ${entity}`.execute(db);
}
