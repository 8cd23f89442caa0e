/**
 * Property: over random report definitions, random organisations (who belongs to which
 * department) and random roles, a report never shows a value its viewer could not read. Either
 * the report is refused (403) because it uses a field hidden from them, or every number equals
 * the same aggregation done in TypeScript over only the rows their roles let them see (read AND
 * run-report scope, read here from the role's meaning, not from the permission compiler).
 */
import fc from 'fast-check';
import { directoryFromAssignments } from '@pipewright/engines';
import type { AppBundle, DataScope, FilterCondition, Report, ReportMeasure, Role } from '@pipewright/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../database/index.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { addPeople } from '../testing/runtime-fixture.ts';

const l = (en: string) => ({ 'zh-CN': en, en });
const scopes = ['own', 'department', 'departmentTree', 'all', 'won'] as const;
type Scope = (typeof scopes)[number];
const grant = (scope: Scope): DataScope => (scope === 'won' ? { filter: { field: 'stage', op: 'eq', value: 'won' } } : scope);
const roles: Role[] = scopes.flatMap((read) =>
  scopes.flatMap((run) =>
    [false, true].map((hideSecret): Role => ({
      key: `r_${read}_${run}_${hideSecret ? 'h' : 'v'}`.toLowerCase(),
      label: l('role'),
      version: 1,
      permissions: [{ entity: 'deal', actions: { read: grant(read), runReport: grant(run) }, ...(hideSecret ? { fields: { secret: 'hidden' } } : {}) }],
    })),
  ),
);
const bundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'prop_reports', name: l('Reports property'), version: '1.0.0' },
  entities: [
    {
      key: 'deal',
      label: l('Deal'),
      version: 1,
      fields: [
        { key: 'stage', label: l('Stage'), type: 'singleSelect', options: ['new', 'won', 'lost'].map((value) => ({ value, label: l(value) })) },
        { key: 'region', label: l('Region'), type: 'text' },
        { key: 'amount', label: l('Amount'), type: 'number' },
        { key: 'secret', label: l('Secret'), type: 'number' },
      ],
    },
  ],
  roles,
};

const users = [1, 2, 3, 4, 5, 6, 7, 8];
const departments = [20, 21, 22, 23];
interface Deal { id: number; owner_id: number; stage: string; region: string; amount: number | null; secret: number | null }
let runtime: Runtime;
let deals: Deal[];

beforeAll(async () => {
  runtime = await openRuntime(await openTestDatabase());
  await runtime.apps.publish(bundle, { actor: 1 });
  await addPeople(runtime, { users, departments });
  const random = fc.sample(fc.record({ owner: fc.constantFrom(...users), stage: fc.constantFrom('new', 'won', 'lost'), region: fc.constantFrom('north', 'south', 'east'), amount: fc.option(fc.integer({ min: -50, max: 500 }), { nil: null }), secret: fc.option(fc.integer({ min: 0, max: 99 }), { nil: null }) }), { numRuns: 60, seed: 11 });
  const created = await runtime.records.createMany('prop_reports', 'deal', random.map((r) => ({ stage: r.stage, region: r.region, amount: r.amount, secret: r.secret, owner_id: r.owner })), { userId: 1 });
  deals = created.map((r) => ({ id: Number(r.id), owner_id: Number(r.owner_id), stage: String(r.stage), region: String(r.region), amount: r.amount === null ? null : Number(r.amount), secret: r.secret === null ? null : Number(r.secret) }));
}, 120_000);
afterAll(() => runtime?.close());

const dimensionFields = ['stage', 'region', 'owner_id', 'secret'] as const;
const measureArb: fc.Arbitrary<Omit<ReportMeasure, 'key'>> = fc.oneof(
  fc.constant({ aggregate: 'count' as const }),
  fc.constantFrom('amount', 'secret').chain((field) => fc.constantFrom('sum', 'avg', 'min', 'max', 'countDistinct').map((aggregate) => ({ aggregate: aggregate as ReportMeasure['aggregate'], field }))),
  fc.record({ field: fc.constantFrom('amount', 'secret'), value: fc.integer({ min: 0, max: 300 }) }).map(({ field, value }) => ({ aggregate: 'count' as const, filter: { field, op: 'gt' as const, value } })),
);
const caseArb = fc.record({
  org: fc.array(fc.constantFrom(...departments), { minLength: users.length, maxLength: users.length }),
  parents: fc.record({ 21: fc.constantFrom(20, null), 22: fc.constantFrom(20, 21, null), 23: fc.constantFrom(22, null) }),
  viewer: fc.constantFrom(...users),
  role: fc.constantFrom(...roles.map((r) => r.key)),
  dimensions: fc.subarray([...dimensionFields], { maxLength: 2 }),
  measures: fc.array(measureArb, { minLength: 1, maxLength: 3 }),
  filter: fc.option(fc.constantFrom<Report['filter']>({ field: 'region', op: 'ne', value: 'east' }, { field: 'secret', op: 'lt', value: 50 }, { field: 'amount', op: 'isNotEmpty' }), { nil: undefined }),
});

type Row = Record<string, unknown>;
function aggregate(m: Omit<ReportMeasure, 'key'>, rows: Deal[]): number | null {
  const values = (m.field ? rows.map((r) => r[m.field as 'amount' | 'secret']) : rows.map(() => 1)).filter((v): v is number => v !== null);
  const condition = m.filter as FilterCondition | undefined;
  const filtered = condition ? rows.filter((r) => { const v = r[condition.field as 'amount']; return v !== null && v > Number(condition.value); }) : rows;
  switch (m.aggregate) {
    case 'count':
      return filtered.length;
    case 'countDistinct':
      return new Set(values).size;
    case 'sum':
      return values.length === 0 ? null : values.reduce((a, v) => a + v, 0);
    case 'avg':
      return values.length === 0 ? null : values.reduce((a, v) => a + v, 0) / values.length;
    case 'min':
      return values.length === 0 ? null : Math.min(...values);
    default:
      return values.length === 0 ? null : Math.max(...values);
  }
}

describe('reports under random definitions, organisations and roles', () => {
  it('show nothing the viewer could not read', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        // The organisation of this case, in the directory (scopes) and in the users table (reports' departments).
        const departmentOf = new Map(users.map((u, i) => [u, c.org[i]!]));
        runtime.policy.useDirectory(directoryFromAssignments(departmentOf));
        const parentOf = new Map<number, number | null>(Object.entries(c.parents).map(([k, v]) => [Number(k), v]));
        const tree = (root: number) => {
          const found = [root];
          for (let i = 0; i < found.length; i++) for (const [child, parent] of parentOf) if (parent === found[i] && !found.includes(child)) found.push(child);
          return found;
        };
        const role = roles.find((r) => r.key === c.role)!;
        const [, read, run, hidden] = /^r_(\w+?)_(\w+?)_(h|v)$/.exec(role.key)!;
        const viewerDepartment = departmentOf.get(c.viewer)!;
        const inScope = (scope: string, d: Deal) =>
          scope === 'all' ? true : scope === 'own' ? d.owner_id === c.viewer : scope === 'department' ? departmentOf.get(d.owner_id) === viewerDepartment : scope === 'departmenttree' ? tree(viewerDepartment).includes(departmentOf.get(d.owner_id)!) : d.stage === 'won';
        const actor = { userId: c.viewer, timeZone: 'Asia/Shanghai', permissions: { subject: { userId: c.viewer, departmentId: viewerDepartment, departmentTree: tree(viewerDepartment), roleKeys: [role.key] } } };
        const measures = c.measures.map((m, i) => ({ key: `m${i}`, ...m }));
        const definition: Report = { key: 'probe', label: l('probe'), version: 1, entity: 'deal', dimensions: c.dimensions.map((field) => ({ key: `d_${field}`, field })), measures, ...(c.filter ? { filter: c.filter } : {}) };
        const usesSecret = JSON.stringify(definition).includes('"secret"');
        const answer = runtime.reports.preview('prop_reports', definition, {}, actor);
        if (hidden === 'h' && usesSecret) {
          await expect(answer).rejects.toMatchObject({ code: 'permission.denied' });
          return;
        }
        const result = await answer;
        const visible = deals.filter((d) => inScope(read!, d) && inScope(run!, d)).filter((d) => {
          const f = c.filter;
          if (!f || !('field' in f)) return true;
          if (f.op === 'ne') return d.region !== 'east';
          if (f.op === 'lt') return d.secret !== null && d.secret < 50;
          return d.amount !== null;
        });
        const groups = new Map<string, Deal[]>();
        for (const d of visible) {
          const k = JSON.stringify(c.dimensions.map((f) => d[f]));
          groups.set(k, [...(groups.get(k) ?? []), d]);
        }
        const round = (v: unknown) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v);
        const expected: Row[] = c.dimensions.length === 0
          ? [Object.fromEntries(measures.map((m) => [m.key, aggregate(m, visible)]))]
          : [...groups].map(([k, rows]) => ({ ...Object.fromEntries(c.dimensions.map((f, i) => [`d_${f}`, (JSON.parse(k) as unknown[])[i]])), ...Object.fromEntries(measures.map((m) => [m.key, aggregate(m, rows)])) }));
        const normal = (rows: Row[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)]))).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
        expect(normal(result.rows)).toEqual(normal(expected));
        expect(normal([result.totals])).toEqual(normal([Object.fromEntries(measures.map((m) => [m.key, aggregate(m, visible)]))]));
        // The drill-down of every row lists exactly the visible records behind it.
        if (c.dimensions.length > 0 && !(hidden === 'h' && usesSecret)) {
          const first = result.rows[0];
          if (first) {
            const cell = Object.fromEntries(c.dimensions.map((f) => [`d_${f}`, first[`d_${f}`] ?? null]));
            const behind = visible.filter((d) => c.dimensions.every((f) => (d[f] ?? null) === cell[`d_${f}`])).map((d) => d.id).sort((a, b) => a - b);
            const ids = await drillIds(definition, cell, actor);
            expect(ids).toEqual(behind);
          }
        }
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40), seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 100000) },
    );
  }, 300_000);
});

/** The ids a drill-down into an unpublished definition lists. */
async function drillIds(definition: Report, cell: Record<string, unknown>, actor: Parameters<Runtime['reports']['preview']>[3]): Promise<number[]> {
  const page = await runtime.reports.drillDefinition('prop_reports', definition, { cell, pageSize: 500 }, actor);
  return page.items.map((r) => Number(r.id)).sort((a, b) => a - b);
}
