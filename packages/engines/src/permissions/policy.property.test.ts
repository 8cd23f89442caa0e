// The compiled permissions must agree with an independent, naive reading of the policy
// (policy.reference.ts) for every user, action, record and field: random org trees, users,
// roles with random scopes (custom filters with user variables, user-field scopes), field
// permissions with defaults, formulas over hidden fields (through formulas and relations),
// records and shares. A mismatch is either a leak or a wrongly hidden record.
import { Catalog, type AppBundle, type DataScope, type Filter, type FilterCondition, type Role } from '@pipewright/metadata';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesFilter } from '../filter/evaluate.ts';
import { compileAccess } from './access.ts';
import { referenceAllowed, referenceCan, referenceVisibleFields, type ReferenceOrg, type ReferenceRecord, type ReferenceShare, type ReferenceUser } from './policy.reference.ts';
import { permissionActions } from './scope.ts';
import { scopeWithShares, sharesAt } from './shares.ts';
import { directoryFromAssignments, type Subject } from './subject.ts';

const l = (en: string) => ({ 'zh-CN': en, en });
const bundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'prop', name: l('Property'), version: '1.0.0' },
  entities: [
    {
      key: 'deal',
      label: l('Deal'),
      version: 1,
      fields: [
        { key: 'stage', label: l('Stage'), type: 'singleSelect', options: ['a', 'b', 'c'].map((v) => ({ value: v, label: l(v) })) },
        { key: 'amount', label: l('Amount'), type: 'currency' },
        { key: 'vip', label: l('VIP'), type: 'boolean' },
        { key: 'team', label: l('Team'), type: 'department' },
        { key: 'rep', label: l('Rep'), type: 'user' },
        { key: 'squad', label: l('Squad'), type: 'number' },
        { key: 'code', label: l('Code'), type: 'text', readOnly: true },
        { key: 'memo', label: l('Memo'), type: 'relation', kind: 'manyToOne', target: 'memo' },
        { key: 'weighted', label: l('Weighted'), type: 'formula', expression: 'amount * 2', resultType: 'currency' },
        // A formula over a formula, and one through a relation into another entity.
        { key: 'doubled', label: l('Doubled'), type: 'formula', expression: 'weighted + squad', resultType: 'currency' },
        { key: 'memo_size', label: l('Memo size'), type: 'formula', expression: 'memo.size * 2', resultType: 'number' },
      ],
    },
    {
      key: 'memo',
      label: l('Memo'),
      version: 1,
      fields: [
        { key: 'body', label: l('Body'), type: 'text' },
        { key: 'size', label: l('Size'), type: 'number' },
      ],
    },
  ],
};
const catalog = new Catalog(bundle);
const deal = catalog.entity('deal')!;
const memo = catalog.entity('memo')!;
const now = new Date('2024-03-15T04:00:00Z');
const roleKeys = ['r0', 'r1', 'r2', 'r3'];
const maxDepartments = 30;
const maxUsers = 8;
const ghostOwner = 999; // owns records but is in no department

// ---- arbitraries ---------------------------------------------------------------------------

const departmentId = fc.integer({ min: 1, max: maxDepartments });
const userId = fc.integer({ min: 1, max: maxUsers });

const condition: fc.Arbitrary<FilterCondition> = fc.oneof(
  fc.record({ field: fc.constant('stage'), op: fc.constantFrom('eq' as const, 'ne' as const), value: fc.constantFrom('a', 'b', '', null) }),
  fc.record({ field: fc.constant('stage'), op: fc.constantFrom('in' as const, 'notIn' as const), value: fc.subarray(['a', 'b', 'c', '']) }),
  fc.record({ field: fc.constantFrom('stage', 'amount', 'vip', 'team'), op: fc.constantFrom('isEmpty' as const, 'isNotEmpty' as const) }),
  fc.record({ field: fc.constant('amount'), op: fc.constantFrom('eq' as const, 'ne' as const, 'lt' as const, 'lte' as const, 'gt' as const, 'gte' as const), value: fc.constantFrom(0, 50, 100, 200) }),
  fc.record({ field: fc.constant('amount'), op: fc.constantFrom('in' as const, 'notIn' as const), value: fc.subarray([0, 50, 100]) }),
  fc.record({ field: fc.constant('vip'), op: fc.constantFrom('eq' as const, 'ne' as const), value: fc.boolean() }),
  fc.record({ field: fc.constant('team'), op: fc.constantFrom('eq' as const, 'ne' as const), value: fc.oneof(fc.constant({ var: 'currentUserDepartment' as const }), departmentId) }),
  fc.record({ field: fc.constant('team'), op: fc.constantFrom('in' as const, 'notIn' as const), value: fc.oneof(fc.constant({ var: 'currentUserDepartmentTree' as const }), fc.uniqueArray(departmentId, { maxLength: 4 })) }),
  fc.record({ field: fc.constantFrom('rep', 'owner_id'), op: fc.constantFrom('eq' as const, 'ne' as const), value: fc.oneof(fc.constant({ var: 'currentUser' as const }), userId) }),
  fc.record({ field: fc.constant('owner_id'), op: fc.constantFrom('in' as const, 'notIn' as const), value: fc.uniqueArray(userId, { maxLength: 3 }) }),
  fc.record({ field: fc.constant('squad'), op: fc.constantFrom('in' as const, 'notIn' as const), value: fc.constant({ var: 'currentUserTeam' as const }) }),
) as fc.Arbitrary<FilterCondition>;

const filter: fc.Arbitrary<Filter> = fc.letrec<{ filter: Filter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    condition,
    fc.record({ and: fc.array(tie('filter'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ or: fc.array(tie('filter'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('filter') }),
  ),
})).filter;

const scope: fc.Arbitrary<DataScope> = fc.oneof(
  { arbitrary: fc.constantFrom<DataScope>(undefined, 'none'), weight: 4 },
  { arbitrary: fc.constantFrom<DataScope>('own', 'department', 'departmentTree'), weight: 6 },
  { arbitrary: fc.constant<DataScope>('all'), weight: 1 },
  { arbitrary: filter.map((f): DataScope => ({ filter: f })), weight: 3 },
  // A user field instead of the owner: "deals whose rep is me / in my department (tree)".
  { arbitrary: fc.constantFrom('own' as const, 'department' as const, 'departmentTree' as const).map((s): DataScope => ({ user: 'rep', scope: s })), weight: 2 },
);

const actions = fc.record(Object.fromEntries(permissionActions.map((a) => [a, scope])) as Record<string, fc.Arbitrary<DataScope>>).map((all) =>
  Object.fromEntries(Object.entries(all).filter(([, s]) => s !== undefined)),
);

const level = fc.constantFrom('hidden' as const, 'readOnly' as const, 'editable' as const);
const fieldLevels = (keys: string[]) => fc.option(fc.dictionary(fc.constantFrom(...keys), level, { maxKeys: keys.length }), { nil: undefined });
const defaultLevel = fc.option(level, { nil: undefined, freq: 2 });

const roles: fc.Arbitrary<Role[]> = fc.uniqueArray(fc.constantFrom(...roleKeys), { minLength: 1, maxLength: 4 }).chain((keys) =>
  fc.tuple(
    ...keys.map((key) =>
      fc
        .record({
          deal: fc.option(fc.record({ actions, fields: fieldLevels(deal.fields.map((f) => f.key)), defaultFieldAccess: defaultLevel }), { nil: undefined, freq: 5 }),
          memo: fc.option(fc.record({ actions: fc.record({ read: fc.constantFrom<DataScope>('own', 'all'), update: fc.constantFrom<DataScope>(undefined, 'all') }), fields: fieldLevels(['body', 'size']) }), { nil: undefined }),
        })
        .map(({ deal: d, memo: m }): Role => ({
          key,
          label: l(key),
          version: 1,
          permissions: [
            ...(d ? [{ entity: 'deal', actions: d.actions, ...(d.fields ? { fields: d.fields } : {}), ...(d.defaultFieldAccess ? { defaultFieldAccess: d.defaultFieldAccess } : {}) }] : []),
            ...(m ? [{ entity: 'memo', actions: JSON.parse(JSON.stringify(m.actions)) as Record<string, DataScope>, ...(m.fields ? { fields: m.fields } : {}) }] : []),
          ],
        })),
    ),
  ),
);

interface World {
  /** parents[i] is the parent of department i + 1 (undefined: a root). */
  parents: (number | undefined)[];
  users: { department: number | undefined; roleKeys: string[]; teamIds: number[] | undefined; isAdmin: boolean }[];
  roles: Role[];
  records: ReferenceRecord[];
  shares: ReferenceShare[];
}

const world: fc.Arbitrary<World> = fc.integer({ min: 1, max: maxDepartments }).chain((size) => {
  const department = fc.integer({ min: 1, max: size });
  const parents = fc.tuple(...Array.from({ length: size }, (_, i) => (i === 0 ? fc.constant(undefined) : fc.option(fc.integer({ min: 1, max: i }), { nil: undefined, freq: 8 }))));
  const users = fc.array(
    fc.record({
      department: fc.option(department, { nil: undefined, freq: 6 }),
      roleKeys: fc.subarray([...roleKeys, 'ghost_role']),
      teamIds: fc.option(fc.subarray([1, 2, 3]), { nil: undefined }),
      isAdmin: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
    }),
    { minLength: 1, maxLength: maxUsers },
  );
  return fc.record({ parents, users, roles }).chain(({ parents: p, users: u, roles: r }) => {
    const owner = fc.oneof({ arbitrary: fc.integer({ min: 1, max: u.length }), weight: 8 }, { arbitrary: fc.constantFrom(null, ghostOwner), weight: 1 });
    const record = fc.record({
      owner_id: owner,
      stage: fc.constantFrom(null, '', 'a', 'b', 'c'),
      amount: fc.constantFrom(null, 0, 50, 100, 200),
      vip: fc.constantFrom(null, true, false),
      team: fc.option(department, { nil: null }),
      rep: fc.option(fc.integer({ min: 1, max: u.length }), { nil: null }),
      squad: fc.constantFrom(null, 1, 2, 3),
      code: fc.constantFrom(null, 'X'),
      memo: fc.constantFrom(null, 1),
    });
    const records = fc.array(record, { minLength: 1, maxLength: 12 }).map((rs) => rs.map((x, i) => ({ id: i + 1, ...x }) as ReferenceRecord));
    const share = fc.record({
      recordId: fc.integer({ min: 1, max: 12 }),
      target: fc.oneof(fc.integer({ min: 1, max: u.length }).map((userId) => ({ userId })), department.map((departmentId) => ({ departmentId }))),
      level: fc.constantFrom('read' as const, 'edit' as const),
    });
    const shares = fc.array(share, { maxLength: 6 }).map((ss) => ss.map(({ recordId, target, level }) => ({ recordId, level, ...target })));
    return fc.record({ parents: fc.constant(p), users: fc.constant(u), roles: fc.constant(r), records, shares });
  });
});

// ---- the runtime's side: subjects with expanded trees, a directory, share lookups ----------

function subjects(w: World): { subject: Subject; user: ReferenceUser }[] {
  const children = new Map<number, number[]>();
  w.parents.forEach((parent, i) => {
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), i + 1]);
  });
  const descendants = (root: number): number[] => {
    const out = [root];
    for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]!) ?? []));
    return out;
  };
  return w.users.map((u, i) => {
    const id = i + 1;
    const subject: Subject = { userId: id, departmentId: u.department, departmentTree: u.department === undefined ? [] : descendants(u.department), teamIds: u.teamIds, roleKeys: u.roleKeys, isAdmin: u.isAdmin };
    return { subject, user: { id, roleKeys: u.roleKeys, teamIds: u.teamIds, isAdmin: u.isAdmin } };
  });
}

let comparisons = 0;

function check(w: World): void {
  const org: ReferenceOrg = {
    parentOf: new Map(w.parents.map((p, i) => [i + 1, p])),
    departmentOf: new Map(w.users.map((u, i) => [i + 1, u.department])),
  };
  const directory = directoryFromAssignments(w.users.flatMap((u, i) => (u.department === undefined ? [] : [[i + 1, u.department] as const])));
  for (const { subject, user } of subjects(w)) {
    for (const entity of [deal, memo]) {
      const fields = compileAccess(w.roles, catalog, subject, entity.key, 'read', { now, directory }).fields;
      expect(fields, `fields of ${entity.key} for user ${user.id}`).toEqual(referenceVisibleFields(w.roles, entity, user, [deal, memo]));
    }
    for (const action of permissionActions) {
      const access = compileAccess(w.roles, catalog, subject, 'deal', action, { now, directory });
      expect(access.allowed, `allowed ${action} for user ${user.id}`).toBe(referenceAllowed(w.roles, user, 'deal', action));
      const shared = w.shares
        .filter((s) => (s.userId === user.id || (s.departmentId !== undefined && s.departmentId === subject.departmentId)) && sharesAt(s.level, access.includeShared))
        .map((s) => s.recordId);
      const scope = scopeWithShares(access, shared);
      for (const record of w.records) {
        comparisons++;
        const expected = referenceCan(w.roles, deal, org, user, action, record, w.shares);
        if (matchesFilter(scope, record) !== expected) {
          throw new Error(`user ${user.id} ${action} record ${JSON.stringify(record)}: compiled ${!expected}, reference ${expected}; scope ${JSON.stringify(access.scope)}`);
        }
      }
    }
  }
}

describe('compiled permissions agree with the reference policy', () => {
  it('for random orgs, roles, records and shares: every user, action, record and field', () => {
    fc.assert(fc.property(world, check), { numRuns: 400 });
    expect(comparisons).toBeGreaterThan(20_000);
  });
});
