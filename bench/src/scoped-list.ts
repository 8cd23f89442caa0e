/**
 * The list of the list benchmark run as a sales rep whose role reaches their department and its
 * sub-departments (a tree of 200 departments, 2,000 users), against the same query run as admin.
 */
import { directoryFromAssignments, type Subject } from '@pipewright/engines';
import type { Runtime } from '@pipewright/runtime';
import { listRequest, PageTally, type PageSizes } from './bench-app.ts';
import { listQuery } from './list.ts';
import { percentile, time } from './measure.ts';

export interface ScopedListFigures {
  departments: number;
  users: number;
  usersInScope: number;
  admin: { p50: number; p95: number };
  rep: { p50: number; p95: number };
  ratioP50: number;
  ratioP95: number;
  /** Rows per answer (the same questions for both, so the same rows). */
  adminRows: PageSizes;
  repRows: PageSizes;
}

/** 200 departments: 1 root, 9 regions, 190 teams spread under them; 10 users per team. */
function organisation() {
  const parentOf = new Map<number, number | undefined>([[1, undefined]]);
  for (let region = 2; region <= 10; region++) parentOf.set(region, 1);
  for (let team = 11; team <= 200; team++) parentOf.set(team, 2 + ((team - 11) % 9));
  const departmentOf = new Map<number, number>();
  for (let user = 1; user <= 2000; user++) departmentOf.set(user, 11 + ((user - 1) % 190));
  return { parentOf, departmentOf };
}

export async function benchScopedList(runtime: Runtime, iterations: number): Promise<ScopedListFigures> {
  const { parentOf, departmentOf } = organisation();
  runtime.policy.useDirectory(directoryFromAssignments(departmentOf));
  // The rep heads region 2: its own department and its ~21 teams, about 210 users.
  const region = 2;
  const tree = [...parentOf.keys()].filter((d) => d === region || parentOf.get(d) === region);
  const usersInScope = [...departmentOf.entries()].filter(([, d]) => tree.includes(d)).map(([u]) => u);
  const subject: Subject = { userId: 1, departmentId: region, departmentTree: tree, roleKeys: ['sales_rep'] };
  const rep = { userId: 1, departmentId: region, permissions: { subject } };
  const admin = { userId: 1 };
  const asAdmin: number[] = [];
  const asRep: number[] = [];
  const adminRows = new PageTally();
  const repRows = new PageTally();
  const list = (owner: number, stage: string, actor: typeof admin | typeof rep) => runtime.records.list('bench', 'opportunity', listQuery(owner, stage), actor);
  for (let i = 0; i < 100; i++) {
    const { owner, stage } = listRequest(1_000_000 + i, usersInScope);
    await list(owner, stage, admin);
    await list(owner, stage, rep);
  }
  for (let i = 0; i < iterations; i++) {
    // Owners in the rep's scope only: each answer is the same full page for both.
    const { owner, stage } = listRequest(i, usersInScope);
    asAdmin.push(await time(async () => adminRows.add((await list(owner, stage, admin)).items.length)));
    asRep.push(await time(async () => repRows.add((await list(owner, stage, rep)).items.length)));
  }
  const a = { p50: percentile(asAdmin, 50), p95: percentile(asAdmin, 95) };
  const r = { p50: percentile(asRep, 50), p95: percentile(asRep, 95) };
  return {
    departments: parentOf.size,
    users: departmentOf.size,
    usersInScope: usersInScope.length,
    admin: a,
    rep: r,
    ratioP50: r.p50 / a.p50,
    ratioP95: r.p95 / a.p95,
    adminRows: adminRows.figures(),
    repRows: repRows.figures(),
  };
}
