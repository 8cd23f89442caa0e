/**
 * Teams: named groups of users across departments (a bid team, a key-account team). Writes run
 * inside the Directory's change transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import { IdentityError, invalidReference, notFound } from './errors.ts';
import type { IdentityTables } from './identity-tables.ts';

type Trx = Transaction<IdentityTables>;

export interface Team {
  id: number;
  name: string;
  code: string | null;
  memberIds: number[];
}

export interface NewTeam {
  name: string;
  code?: string | null | undefined;
  memberIds?: readonly number[] | undefined;
}

export type TeamChanges = Partial<NewTeam>;

export async function listTeams(db: Kysely<IdentityTables>): Promise<Team[]> {
  const teams = await db.selectFrom('pipewright.teams').select(['id', 'name', 'code']).orderBy('name').orderBy('id').execute();
  const members = await db.selectFrom('pipewright.team_members').select(['team_id', 'user_id']).orderBy('user_id').execute();
  return teams.map((t) => ({ ...t, memberIds: members.filter((m) => m.team_id === t.id).map((m) => m.user_id) }));
}

export async function readTeam(db: Kysely<IdentityTables>, id: number): Promise<Team> {
  const team = await db.selectFrom('pipewright.teams').select(['id', 'name', 'code']).where('id', '=', id).executeTakeFirst();
  if (!team) throw notFound('team', id);
  const members = await db.selectFrom('pipewright.team_members').select('user_id').where('team_id', '=', id).orderBy('user_id').execute();
  return { ...team, memberIds: members.map((m) => m.user_id) };
}

function checkName(name: string | undefined): void {
  if (name !== undefined && (name.trim() === '' || name.length > 200)) {
    throw new IdentityError('team.invalid', 'A team name must have 1 to 200 characters', [{ path: '/name', code: 'team.invalid', message: 'must have 1 to 200 characters' }]);
  }
}

async function replaceMembers(trx: Trx, teamId: number, memberIds: readonly number[]): Promise<void> {
  const unique = [...new Set(memberIds)];
  if (unique.length > 0) {
    const found = await trx.selectFrom('pipewright.users').select('id').where('id', 'in', unique).execute();
    const known = new Set(found.map((f) => f.id));
    const index = memberIds.findIndex((m) => !known.has(m));
    if (index >= 0) throw invalidReference(`/memberIds/${index}`, `No user ${memberIds[index]}`);
  }
  await trx.deleteFrom('pipewright.team_members').where('team_id', '=', teamId).execute();
  if (unique.length > 0) await trx.insertInto('pipewright.team_members').values(unique.map((user_id) => ({ team_id: teamId, user_id }))).execute();
}

export async function insertTeam(trx: Trx, input: NewTeam): Promise<number> {
  checkName(input.name);
  const row = await trx.insertInto('pipewright.teams').values({ name: input.name.trim(), code: input.code ?? null }).returning('id').executeTakeFirstOrThrow();
  if (input.memberIds) await replaceMembers(trx, row.id, input.memberIds);
  return row.id;
}

export async function changeTeam(trx: Trx, id: number, changes: TeamChanges): Promise<void> {
  checkName(changes.name);
  const result = await trx
    .updateTable('pipewright.teams')
    .set({
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.code !== undefined ? { code: changes.code } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw notFound('team', id);
  if (changes.memberIds) await replaceMembers(trx, id, changes.memberIds);
}

export async function removeTeam(trx: Trx, id: number): Promise<void> {
  const result = await trx.deleteFrom('pipewright.teams').where('id', '=', id).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw notFound('team', id);
}
