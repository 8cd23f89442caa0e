/**
 * The sample sales app with a small sales organisation for automation tests: departments by
 * code (east_team, north_team, finance_team under sales), teams web_leads and lead_pool, and reps
 * with the sales_rep role, one of them on leave and one deactivated.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppBundle } from '@pipewright/metadata';
import { sql } from 'kysely';
import type { Runtime } from '../runtime.ts';

export const salesApp = JSON.parse(readFileSync(fileURLToPath(new URL('../../../metadata/fixtures/lead-opportunity.bundle.json', import.meta.url)), 'utf8')) as AppBundle;

export const people = {
  east: [11, 12],
  eastOnLeave: 13,
  eastInactive: 14,
  north: [21, 22],
  finance: [31],
  web: [41, 42, 43],
  pool: [51],
  zhaoLei: 60,
};

export async function addSalesOrganisation(runtime: Runtime, app: string): Promise<void> {
  const db = runtime.database.db;
  const departments: [number, string, number | null][] = [
    [100, 'sales', null],
    [101, 'east_team', 100],
    [102, 'north_team', 100],
    [103, 'finance_team', 100],
    [104, 'south_team', 100],
  ];
  for (const [id, code, parent] of departments) await sql`INSERT INTO pipewright.departments (id, name, code, parent_id) VALUES (${id}, ${code}, ${code}, ${parent})`.execute(db);
  await sql`INSERT INTO pipewright.teams (id, name, code) VALUES (1, 'web', 'web_leads'), (2, 'pool', 'lead_pool')`.execute(db);
  const users: [number, string, number | null, { active?: boolean; onLeave?: boolean; team?: number }][] = [
    [1, 'admin', null, {}],
    [11, 'li.na', 101, {}],
    [12, 'wang.wei', 101, {}],
    [13, 'chen.jie', 101, { onLeave: true }],
    [14, 'zhou.min', 101, { active: false }],
    [21, 'sun.li', 102, {}],
    [22, 'qian.fang', 102, {}],
    [31, 'he.jun', 103, {}],
    [41, 'web.one', null, { team: 1 }],
    [42, 'web.two', null, { team: 1 }],
    [43, 'web.three', null, { team: 1 }],
    [51, 'pool.one', null, { team: 2 }],
    [60, 'zhao.lei', null, {}],
  ];
  for (const [id, login, department, extra] of users) {
    await sql`INSERT INTO pipewright.users (id, login, name, department_id, active, on_leave) VALUES (${id}, ${login}, ${login}, ${department}, ${extra.active ?? true}, ${extra.onLeave ?? false})
              ON CONFLICT (id) DO UPDATE SET department_id = excluded.department_id`.execute(db);
    if (id !== 1) await sql`INSERT INTO pipewright.user_roles (user_id, app, role_key) VALUES (${id}, ${app}, 'sales_rep')`.execute(db);
    if (extra.team) await sql`INSERT INTO pipewright.team_members (team_id, user_id) VALUES (${extra.team}, ${id})`.execute(db);
  }
}
