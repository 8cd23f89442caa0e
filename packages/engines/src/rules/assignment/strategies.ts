/**
 * Assignment strategies: pure functions from a target (metadata), the record and a load snapshot
 * to an {@link Assignment} and the next snapshot. One entry per strategy in {@link strategies}.
 *
 * - `user`: a fixed user by login (refused when inactive or on leave: nobody, with the reason).
 * - `roundRobin`: the pool (role, narrowed by department and team) in turn: the eligible member
 *   who received a record longest ago (never first; ties by user id). Fair within a bulk create
 *   because every pick moves the snapshot on; fair across restarts because `lastAssigned` is kept.
 * - `leastLoaded`: the eligible member with the fewest open records (ties: longest ago, then id).
 * - `territory`: the first territory listing the record's value (any code of a region, any option
 *   of a multi-select) decides; no territory → `otherwise` (the fallback queue), else nobody.
 *
 * Eligible: active, not on leave, in the pool, and below the pool's `capacity` of open records.
 */
import type { AssignTarget, LeastLoadedAssignment, RoundRobinAssignment, TerritoryAssignment, TerritoryTarget, UserAssignment } from '@pipewright/metadata';
import type { RecordData } from '../../filter/evaluate.ts';
import { readPath } from '../operators.ts';
import { afterPick, type Assignment, type Candidate, type LoadSnapshot } from './load-snapshot.ts';

export interface AssignmentResult {
  assignment: Assignment;
  snapshot: LoadSnapshot;
}

type Strategy<T extends AssignTarget> = (target: T, record: RecordData, snapshot: LoadSnapshot) => AssignmentResult;

export const strategies: { [K in AssignTarget['strategy']]: Strategy<Extract<AssignTarget, { strategy: K }>> } = {
  user: fixedUser,
  roundRobin,
  leastLoaded,
  territory,
};

/**
 * Chooses who gets `record` by `target`.
 *
 * @example
 * const { assignment, snapshot: next } = chooseAssignee({ strategy: 'roundRobin', role: 'sales_rep' }, lead, snapshot);
 */
export function chooseAssignee(target: AssignTarget, record: RecordData, snapshot: LoadSnapshot): AssignmentResult {
  const strategy = strategies[target.strategy] as Strategy<AssignTarget>;
  return strategy(target, record, snapshot);
}

function fixedUser(target: UserAssignment, _record: RecordData, snapshot: LoadSnapshot): AssignmentResult {
  const user = snapshot.candidates.find((c) => c.login === target.user);
  if (!user) return nobody(snapshot, 'user', `user "${target.user}" does not exist`);
  if (!user.active) return nobody(snapshot, 'user', `user "${target.user}" is inactive`);
  if (user.onLeave) return nobody(snapshot, 'user', `user "${target.user}" is on leave`);
  return picked(snapshot, user, 'user', `always ${target.user}`);
}

function roundRobin(target: RoundRobinAssignment, _record: RecordData, snapshot: LoadSnapshot): AssignmentResult {
  const pool = eligible(target, snapshot);
  if (pool.members.length === 0) return nobody(snapshot, 'roundRobin', pool.why);
  const next = pool.members.reduce((a, b) => (b.lastAssigned < a.lastAssigned || (b.lastAssigned === a.lastAssigned && b.userId < a.userId) ? b : a));
  return picked(snapshot, next, 'roundRobin', `next in turn in ${describePool(target)}`);
}

function leastLoaded(target: LeastLoadedAssignment, _record: RecordData, snapshot: LoadSnapshot): AssignmentResult {
  const pool = eligible(target, snapshot);
  if (pool.members.length === 0) return nobody(snapshot, 'leastLoaded', pool.why);
  const next = pool.members.reduce((a, b) =>
    b.openRecords < a.openRecords ||
    (b.openRecords === a.openRecords && (b.lastAssigned < a.lastAssigned || (b.lastAssigned === a.lastAssigned && b.userId < a.userId)))
      ? b
      : a,
  );
  return picked(snapshot, next, 'leastLoaded', `fewest open records (${next.openRecords}) in ${describePool(target)}`);
}

function territory(target: TerritoryAssignment, record: RecordData, snapshot: LoadSnapshot): AssignmentResult {
  const raw = readPath(record, target.field);
  const values = (Array.isArray(raw) ? raw : raw === null || raw === undefined ? [] : [raw]).map(String);
  const match = target.territories.find((t) => t.values.some((v) => values.includes(v)));
  const shown = values.length === 0 ? 'no value' : values.join('/');
  if (match) {
    const name = match.label?.['zh-CN'] ?? match.label?.en ?? match.values[0]!;
    return within(`territory(${name})`, `${target.field} ${shown} is in ${name}`, match.to, record, snapshot);
  }
  if (target.otherwise) return within('territory(otherwise)', `no territory lists ${target.field} ${shown}: the fallback`, target.otherwise, record, snapshot);
  return nobody(snapshot, 'territory', `no territory lists ${target.field} ${shown}, and there is no fallback`);
}

function within(prefix: string, why: string, to: TerritoryTarget, record: RecordData, snapshot: LoadSnapshot): AssignmentResult {
  const inner = chooseAssignee(to, record, snapshot);
  return { ...inner, assignment: { ...inner.assignment, strategy: `${prefix} → ${inner.assignment.strategy}`, reason: `${why}; ${inner.assignment.reason}` } };
}

function eligible(target: RoundRobinAssignment | LeastLoadedAssignment, snapshot: LoadSnapshot): { members: Candidate[]; why: string } {
  const pool = snapshot.candidates.filter(
    (c) =>
      c.roles.includes(target.role) &&
      (target.department === undefined || c.departments.includes(target.department)) &&
      (target.team === undefined || c.teams.includes(target.team)),
  );
  if (pool.length === 0) return { members: [], why: `nobody is in ${describePool(target)}` };
  const present = pool.filter((c) => c.active && !c.onLeave);
  if (present.length === 0) return { members: [], why: `everyone in ${describePool(target)} is inactive or on leave` };
  const members = target.capacity === undefined ? present : present.filter((c) => c.openRecords < target.capacity!);
  if (members.length === 0) return { members: [], why: `everyone in ${describePool(target)} holds ${target.capacity} open records or more` };
  return { members, why: '' };
}

function describePool(target: RoundRobinAssignment | LeastLoadedAssignment): string {
  return [`role ${target.role}`, target.department && `department ${target.department}`, target.team && `team ${target.team}`].filter(Boolean).join(', ');
}

function picked(snapshot: LoadSnapshot, user: Candidate, strategy: string, reason: string): AssignmentResult {
  return { assignment: { userId: user.userId, strategy, reason }, snapshot: afterPick(snapshot, user.userId) };
}

function nobody(snapshot: LoadSnapshot, strategy: string, reason: string): AssignmentResult {
  return { assignment: { userId: null, strategy, reason }, snapshot };
}
