import type { AssignTarget } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { loadSnapshot, type LoadSnapshot } from './load-snapshot.ts';
import { chooseAssignee } from './strategies.ts';

const reps = (extra: Parameters<typeof loadSnapshot>[0] = []) =>
  loadSnapshot([
    { userId: 1, login: 'li.na', roles: ['sales_rep'], teams: ['east'], departments: ['east_team', 'sales'] },
    { userId: 2, login: 'wang.wei', roles: ['sales_rep'], teams: ['east'], departments: ['east_team', 'sales'] },
    { userId: 3, login: 'zhang.min', roles: ['sales_rep'], teams: ['east', 'web'], departments: ['east_team', 'sales'] },
    { userId: 4, login: 'chen.jie', roles: ['sales_rep'], teams: ['web'], departments: ['north_team', 'sales'] },
    { userId: 9, login: 'pool', roles: ['sales_rep'], teams: ['lead_pool'], departments: ['sales'] },
    ...extra,
  ]);

/** Assigns `count` records one after another, threading the snapshot, as a bulk create does. */
function assignBulk(target: AssignTarget, records: Record<string, unknown>[], snapshot: LoadSnapshot) {
  const owners: (number | null)[] = [];
  let current = snapshot;
  for (const record of records) {
    const { assignment, snapshot: next } = chooseAssignee(target, record, current);
    owners.push(assignment.userId);
    current = next;
  }
  return { owners, snapshot: current };
}

describe('assignment strategies', () => {
  it('fixed user: by login; nobody, with the reason, when they are inactive or on leave', () => {
    expect(chooseAssignee({ strategy: 'user', user: 'wang.wei' }, {}, reps()).assignment).toEqual({ userId: 2, strategy: 'user', reason: 'always wang.wei' });
    const away = loadSnapshot([{ userId: 2, login: 'wang.wei', onLeave: true }]);
    expect(chooseAssignee({ strategy: 'user', user: 'wang.wei' }, {}, away).assignment).toEqual({ userId: null, strategy: 'user', reason: 'user "wang.wei" is on leave' });
  });

  it('round robin: 100 leads of one bulk create spread evenly, nobody twice in a row while another got none', () => {
    const target: AssignTarget = { strategy: 'roundRobin', role: 'sales_rep', department: 'east_team' };
    const { owners } = assignBulk(target, Array.from({ length: 100 }, () => ({})), reps());
    const counts = new Map<number | null, number>();
    owners.forEach((o) => counts.set(o, (counts.get(o) ?? 0) + 1));
    expect(Object.fromEntries(counts)).toEqual({ 1: 34, 2: 33, 3: 33 });
    expect(owners.slice(0, 6)).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('round robin continues where the last pick left off (fair across restarts: lastAssigned is kept)', () => {
    const snapshot = loadSnapshot([
      { userId: 1, roles: ['sales_rep'], lastAssigned: 7 },
      { userId: 2, roles: ['sales_rep'], lastAssigned: 5 },
      { userId: 3, roles: ['sales_rep'], lastAssigned: 6 },
    ]);
    expect(assignBulk({ strategy: 'roundRobin', role: 'sales_rep' }, [{}, {}, {}, {}], snapshot).owners).toEqual([2, 3, 1, 2]);
  });

  it('passes over inactive reps, reps on leave and full reps (capacity)', () => {
    const snapshot = loadSnapshot([
      { userId: 1, roles: ['sales_rep'], active: false },
      { userId: 2, roles: ['sales_rep'], onLeave: true },
      { userId: 3, roles: ['sales_rep'], openRecords: 2 },
      { userId: 4, roles: ['sales_rep'], openRecords: 0 },
    ]);
    const target: AssignTarget = { strategy: 'roundRobin', role: 'sales_rep', capacity: 3 };
    const { owners } = assignBulk(target, [{}, {}, {}, {}, {}], snapshot);
    // Rep 3 takes one more and is full at 3; rep 4 fills up to 3; then nobody is left.
    expect(owners).toEqual([3, 4, 4, 4, null]);
    expect(chooseAssignee(target, {}, assignBulk(target, [{}, {}, {}, {}], snapshot).snapshot).assignment.reason).toBe(
      'everyone in role sales_rep holds 3 open records or more',
    );
  });

  it('least loaded: the rep with the fewest open records, ties to who waited longest', () => {
    const snapshot = loadSnapshot([
      { userId: 1, roles: ['sales_rep'], openRecords: 5 },
      { userId: 2, roles: ['sales_rep'], openRecords: 3, lastAssigned: 2 },
      { userId: 3, roles: ['sales_rep'], openRecords: 3, lastAssigned: 1 },
    ]);
    const target: AssignTarget = { strategy: 'leastLoaded', role: 'sales_rep' };
    expect(chooseAssignee(target, {}, snapshot).assignment).toEqual({ userId: 3, strategy: 'leastLoaded', reason: 'fewest open records (3) in role sales_rep' });
    expect(assignBulk(target, [{}, {}, {}, {}, {}], snapshot).owners).toEqual([3, 2, 3, 2, 1]);
  });

  it('team pools: a team of the installation narrows the pool', () => {
    expect(assignBulk({ strategy: 'roundRobin', role: 'sales_rep', team: 'web' }, [{}, {}, {}], reps()).owners).toEqual([3, 4, 3]);
  });

  it('territory: region codes to teams, an unmapped region to the fallback queue, none without one', () => {
    const territory: AssignTarget = {
      strategy: 'territory',
      field: 'region',
      territories: [
        { label: { 'zh-CN': '华东大区', en: 'East' }, values: ['310000', '320000'], to: { strategy: 'roundRobin', role: 'sales_rep', department: 'east_team' } },
        { label: { 'zh-CN': '华北大区', en: 'North' }, values: ['110000'], to: { strategy: 'user', user: 'chen.jie' } },
      ],
      otherwise: { strategy: 'leastLoaded', role: 'sales_rep', team: 'lead_pool' },
    };
    expect(chooseAssignee(territory, { region: ['310000', '310100'] }, reps()).assignment).toEqual({
      userId: 1,
      strategy: 'territory(华东大区) → roundRobin',
      reason: 'region 310000/310100 is in 华东大区; next in turn in role sales_rep, department east_team',
    });
    expect(chooseAssignee(territory, { region: ['110000'] }, reps()).assignment.userId).toBe(4);
    expect(chooseAssignee(territory, { region: ['440000'] }, reps()).assignment).toMatchObject({ userId: 9, strategy: 'territory(otherwise) → leastLoaded' });
    const { otherwise: _, ...withoutFallback } = territory;
    expect(chooseAssignee(withoutFallback, { region: null }, reps()).assignment).toEqual({ userId: null, strategy: 'territory', reason: 'no territory lists region no value, and there is no fallback' });
  });

  it('industry → specialist group, through a related record', () => {
    const byIndustry: AssignTarget = {
      strategy: 'territory',
      field: 'account.industry',
      territories: [{ values: ['finance'], to: { strategy: 'roundRobin', role: 'sales_rep', team: 'web' } }],
    };
    expect(chooseAssignee(byIndustry, { account: { id: 1, industry: 'finance' } }, reps()).assignment.userId).toBe(3);
    expect(chooseAssignee(byIndustry, { account: { id: 1, industry: 'retail' } }, reps()).assignment.userId).toBeNull();
  });
});
