// Every read path (list, count, get, related list, history, search) must return exactly the
// records and fields the roles allow: random org charts, role sets, scopes, field permissions,
// shares and records are stored in a real database, and each user's reads are compared with the
// engines' independent reference reading of the policy. A hidden field's value is never found by
// search and its changes never appear in history (nor those of a formula reading it); the related
// list of a parent the user cannot read is refused, never answered with rows.
import type { AppBundle, DataScope, Filter, Role } from '@pipewright/metadata';
import { directoryFromAssignments, type Subject } from '@pipewright/engines';
import { referenceCan, referenceVisibleFields, type ReferenceOrg, type ReferenceShare } from '@pipewright/engines/testing';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import { addPeople, openTestRuntime } from '../testing/runtime-fixture.ts';

const l = (en: string) => ({ 'zh-CN': en, en });
const stages = ['new', 'won', 'lost'];

const base: AppBundle = {
  formatVersion: 1,
  app: { key: 'perm', name: l('Permissions'), version: '1.0.0' },
  entities: [
    {
      key: 'account',
      label: l('Account'),
      version: 1,
      fields: [
        { key: 'name', label: l('Name'), type: 'text' },
        { key: 'deals', label: l('Deals'), type: 'relation', kind: 'oneToMany', target: 'deal', inverse: 'account' },
      ],
    },
    {
      key: 'deal',
      label: l('Deal'),
      version: 1,
      fields: [
        { key: 'name', label: l('Name'), type: 'text', searchable: true },
        { key: 'amount', label: l('Amount'), type: 'number' },
        { key: 'stage', label: l('Stage'), type: 'singleSelect', options: stages.map((s) => ({ value: s, label: l(s) })) },
        { key: 'secret', label: l('Secret'), type: 'text', searchable: true },
        { key: 'doubled', label: l('Doubled'), type: 'formula', expression: 'amount * 2', resultType: 'number' },
        { key: 'account', label: l('Account'), type: 'relation', kind: 'manyToOne', target: 'account' },
        { key: 'assignee', label: l('Assignee'), type: 'user' },
      ],
    },
  ],
};
const account = base.entities[0]!;
const deal = base.entities[1]!;

const scopeArb: fc.Arbitrary<DataScope> = fc.oneof(
  fc.constantFrom<DataScope>('none', 'own', 'department', 'departmentTree', 'all'),
  fc
    .oneof(
      fc.record({ field: fc.constant('amount'), op: fc.constantFrom('gt', 'lte'), value: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ field: fc.constant('stage'), op: fc.constantFrom('eq', 'ne'), value: fc.constantFrom(...stages) }),
      fc.constant({ field: 'owner_id', op: 'eq', value: { var: 'currentUser' } }),
      fc.constant({ field: 'owner_id', op: 'ne', value: { var: 'currentUser' } }),
    )
    .map((filter) => ({ filter: filter as Filter })),
  // Deals assigned to the user, or to a user of their department (tree), whoever owns them.
  fc.constantFrom('own' as const, 'department' as const, 'departmentTree' as const).map((scope): DataScope => ({ user: 'assignee', scope })),
);
const accountScopeArb: fc.Arbitrary<DataScope> = fc.oneof(
  fc.constantFrom<DataScope>('none', 'own', 'department', 'departmentTree', 'all'),
  fc.constant<DataScope>({ filter: { field: 'owner_id', op: 'ne', value: { var: 'currentUser' } } }),
);
const levelArb = fc.constantFrom<'hidden' | 'readOnly' | 'editable' | undefined>('hidden', 'readOnly', 'editable', undefined);
const roleArb = (key: string): fc.Arbitrary<Role> =>
  fc.record({ read: scopeArb, update: scopeArb, accountRead: accountScopeArb, secret: levelArb, amount: levelArb, unlisted: levelArb }).map(({ read, update, accountRead, secret, amount, unlisted }) => {
    const fields: Record<string, 'hidden' | 'readOnly' | 'editable'> = {};
    if (secret) fields.secret = secret;
    if (amount) fields.amount = amount;
    return {
      key,
      label: l(key),
      version: 1,
      permissions: [
        { entity: 'deal', actions: { read, update }, fields, ...(unlisted ? { defaultFieldAccess: unlisted } : {}) },
        { entity: 'account', actions: { read: accountRead } },
      ],
    };
  });

const caseArb = fc
  .record({
    parents: fc.array(fc.option(fc.nat(), { nil: undefined }), { minLength: 1, maxLength: 8 }),
    roles: fc.tuple(roleArb('r1'), roleArb('r2'), roleArb('r3')),
    users: fc.array(fc.record({ department: fc.option(fc.nat(), { nil: undefined }), roles: fc.subarray(['r1', 'r2', 'r3']) }), { minLength: 2, maxLength: 6 }),
    records: fc.array(
      fc.record({ owner: fc.nat(), assignee: fc.option(fc.nat(), { nil: null }), amount: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }), stage: fc.option(fc.constantFrom(...stages), { nil: null }), account: fc.nat({ max: 2 }) }),
      { minLength: 1, maxLength: 14 },
    ),
    shares: fc.array(fc.record({ record: fc.nat(), user: fc.option(fc.nat(), { nil: undefined }), department: fc.option(fc.nat(), { nil: undefined }), level: fc.constantFrom<'read' | 'edit'>('read', 'edit') }), { maxLength: 4 }),
  });

let runtime: Runtime;
let version = 0;
beforeAll(async () => {
  runtime = await openTestRuntime(base);
  // The users (500…) and departments (1000…) the generated organisations are made of.
  await addPeople(runtime, { users: Array.from({ length: 6 }, (_, i) => 500 + i), departments: Array.from({ length: 8 }, (_, i) => 1000 + i) });
});
afterAll(() => runtime.close());

describe('permissions on every read path', () => {
  it('return exactly what the policy allows, for random orgs, roles and records', async () => {
    let decisions = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const db = runtime.database.db;
        const departments = c.parents.map((_, i) => 1000 + i);
        // Parents always point to an earlier department, so the chart is a forest.
        const parentOf = new Map<number, number | undefined>(departments.map((d, i) => [d, i > 0 && c.parents[i] !== undefined ? departments[c.parents[i]! % i] : undefined]));
        const users = c.users.map((u, i) => ({ id: 500 + i, department: u.department === undefined ? undefined : departments[u.department % departments.length], roles: u.roles }));
        const org: ReferenceOrg = { parentOf, departmentOf: new Map(users.map((u) => [u.id, u.department])) };
        const bundle = structuredClone(base);
        bundle.app.version = `1.0.${++version}`;
        bundle.roles = [...c.roles];
        await runtime.apps.publish(bundle, { actor: 1 });
        runtime.policy.useDirectory(directoryFromAssignments(users.filter((u) => u.department !== undefined).map((u) => [u.id, u.department!] as [number, number])));

        await sql`TRUNCATE app_perm.deal, app_perm.account, app_perm._shares, app_perm._audit RESTART IDENTITY`.execute(db);
        const accounts = await runtime.records.createMany('perm', 'account', ['A', 'B', 'C'].map((name, i) => ({ name, owner_id: users[i % users.length]!.id })), { userId: 1 });
        const created = await runtime.records.createMany(
          'perm',
          'deal',
          c.records.map((r, i) => ({ name: `deal ${i}`, amount: r.amount, stage: r.stage, secret: `s${i}`, account: accounts[r.account]!.id, owner_id: users[r.owner % users.length]!.id, assignee: r.assignee === null ? null : users[r.assignee % users.length]!.id })),
          { userId: 1 },
        );
        // A change of every record, so history has hidden and visible changes to show or leave out.
        await runtime.records.updateMany('perm', 'deal', created.map((r, i) => ({ id: r.id as number, body: { secret: `hid${i}q`, amount: ((r.amount as number | null) ?? 0) + 1 } })), { userId: 1 });
        const shares: ReferenceShare[] = c.shares.map((s) => ({
          recordId: created[s.record % created.length]!.id as number,
          userId: s.user === undefined ? undefined : users[s.user % users.length]!.id,
          departmentId: s.user === undefined && s.department !== undefined ? departments[s.department % departments.length] : undefined,
          level: s.level,
        })).filter((s) => s.userId !== undefined || s.departmentId !== undefined);
        for (const s of shares) {
          await sql`INSERT INTO app_perm._shares (entity, record_id, user_id, department_id, access) VALUES ('deal', ${s.recordId}, ${s.userId ?? null}, ${s.departmentId ?? null}, ${s.level})`.execute(db);
        }
        const stored = created.map((r, i) => ({ id: r.id as number, owner_id: r.owner_id as number, assignee: r.assignee, amount: ((r.amount as number | null) ?? 0) + 1, stage: r.stage, secret: `hid${i}q`, account: r.account }));

        for (const user of users) {
          const tree = user.department === undefined ? [] : departments.filter((d) => isWithin(parentOf, d, user.department!));
          const subject: Subject = { userId: user.id, departmentId: user.department, departmentTree: tree, roleKeys: user.roles };
          const actor = { userId: user.id, departmentId: user.department, permissions: { subject } };
          const reference = { id: user.id, roleKeys: user.roles };
          const allowedIds = stored.filter((r) => referenceCan(bundle.roles!, deal, org, reference, 'read', r, shares)).map((r) => r.id);
          const fields = referenceVisibleFields(bundle.roles!, deal, reference, bundle.entities);
          const visibleFields = Object.keys(fields).filter((k) => fields[k] !== 'hidden').sort();
          const canRead = c.roles.some((r) => user.roles.includes(r.key) && r.permissions[0]!.actions.read !== 'none');

          const page = await runtime.records.list('perm', 'deal', { pageSize: 500, count: 'exact' }, actor).catch((e: { code?: string }) => e);
          if (!canRead) {
            expect((page as { code?: string }).code).toBe('permission.denied');
            continue;
          }
          const listed = page as Awaited<ReturnType<Runtime['records']['list']>>;
          expect(listed.items.map((r) => r.id).sort(), `list as ${user.id}`).toEqual([...allowedIds].sort());
          expect(listed.total).toBe(allowedIds.length);
          for (const item of listed.items) {
            const keys = Object.keys(item).filter((k) => deal.fields.some((f) => f.key === k)).sort();
            expect(keys, `fields as ${user.id}`).toEqual(visibleFields);
          }
          for (const record of stored) {
            const got = await runtime.records.get('perm', 'deal', record.id, {}, actor).catch((e: { code?: string }) => e);
            if (allowedIds.includes(record.id)) expect((got as Record<string, unknown>).id).toBe(record.id);
            else expect((got as { code?: string }).code, `get ${record.id} as ${user.id}`).toBe('record.notFound');
            decisions++;
          }
          const readsAccounts = c.roles.some((r) => user.roles.includes(r.key) && !['none', undefined].includes(r.permissions[1]!.actions.read as string));
          for (const parent of accounts) {
            const related = await runtime.records.related('perm', 'account', parent.id as number, 'deals', { pageSize: 500 }, actor).catch((e: { code?: string }) => e);
            const parentVisible = referenceCan(bundle.roles!, account, org, reference, 'read', { id: parent.id as number, owner_id: parent.owner_id as number }, []);
            if (parentVisible) {
              const expected = stored.filter((r) => r.account === parent.id && allowedIds.includes(r.id)).map((r) => r.id).sort();
              expect((related as { items: { id: unknown }[] }).items.map((r) => r.id).sort(), `related of account ${String(parent.id)} as ${user.id}`).toEqual(expected);
            } else {
              // Never rows: not found when the user reads some accounts, refused when none at all.
              expect((related as { code?: string }).code, `related of unreadable account ${String(parent.id)} as ${user.id}`).toBe(readsAccounts ? 'record.notFound' : 'permission.denied');
            }
            decisions++;
          }
          const readable = new Set([...visibleFields, 'owner_id']);
          // Two readable records per user and case keep the run short; the cases vary which.
          for (const id of allowedIds.slice(0, 2)) {
            const history = await runtime.records.history('perm', 'deal', id, actor);
            expect(history.map((h) => h.action)).toEqual(['update', 'create']);
            for (const entry of history) {
              const hidden = Object.keys(entry.changes).filter((k) => !readable.has(k));
              expect(hidden, `history of ${id} as ${user.id}`).toEqual([]);
            }
            if (fields.secret !== 'hidden') expect(history[0]!.changes.secret).toBeDefined();
          }
          for (const record of stored.slice(0, 2)) {
            const found = await runtime.records.list('perm', 'deal', { search: record.secret.slice(0, 4 + (record.id % 2)), pageSize: 500 }, actor);
            const expected = fields.secret === 'hidden' ? [] : stored.filter((r) => allowedIds.includes(r.id) && r.secret.startsWith(record.secret.slice(0, 4 + (record.id % 2)))).map((r) => r.id);
            expect(found.items.map((r) => r.id).sort(), `search for ${record.secret} as ${user.id}`).toEqual(expected.sort());
          }
          if (fields.secret === 'hidden') {
            const refused = await runtime.records.list('perm', 'deal', { filter: { field: 'secret', op: 'eq', value: 's1' } }, actor).catch((e: { code?: string }) => e);
            expect((refused as { code?: string }).code).toBe('permission.denied');
          }
        }
      }),
      { numRuns: Number(process.env.PIPEWRIGHT_PROPERTY_RUNS ?? 400) / 5, seed: Number(process.env.PIPEWRIGHT_PROPERTY_SEED ?? Date.now() % 100000) },
    );
    expect(decisions).toBeGreaterThan(1000);
    // Hundreds of cases against a real database: minutes on a loaded machine.
  }, 300_000);
});

function isWithin(parentOf: ReadonlyMap<number, number | undefined>, department: number, ancestor: number): boolean {
  let current: number | undefined = department;
  for (let steps = 0; current !== undefined && steps <= parentOf.size; steps++) {
    if (current === ancestor) return true;
    current = parentOf.get(current);
  }
  return false;
}
