// The SQL compiler of the filter language must agree with its in-memory reading (matchesFilter)
// on every filter and every record. Random records are stored once; random filters are then
// run both ways and must return exactly the same records.
import type { AppBundle, Filter } from '@pipewright/metadata';
import { bindFilter, matchesFilter, type FilterContext } from '@pipewright/engines';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import { addPeople, admin, openTestRuntime } from '../testing/runtime-fixture.ts';

const l = (en: string) => ({ 'zh-CN': en, en });

const bundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'prop', name: l('Property test'), version: '1.0.0' },
  entities: [
    {
      key: 'grp',
      label: l('Group'),
      version: 1,
      fields: [
        { key: 'title', label: l('Title'), type: 'text' },
        { key: 'size', label: l('Size'), type: 'number' },
      ],
    },
    {
      key: 'item',
      label: l('Item'),
      version: 1,
      fields: [
        { key: 'txt', label: l('Text'), type: 'text', normalize: 'none' },
        { key: 'mail', label: l('Mail'), type: 'email' },
        { key: 'num', label: l('Number'), type: 'number', scale: 2 },
        { key: 'stars', label: l('Stars'), type: 'rating' },
        { key: 'day', label: l('Day'), type: 'date' },
        { key: 'moment', label: l('Moment'), type: 'datetime' },
        { key: 'flag', label: l('Flag'), type: 'boolean' },
        { key: 'kind', label: l('Kind'), type: 'singleSelect', options: ['a', 'b', 'c'].map((v) => ({ value: v, label: l(v) })) },
        { key: 'tags', label: l('Tags'), type: 'multiSelect', options: ['x', 'y', 'z'].map((v) => ({ value: v, label: l(v) })) },
        { key: 'who', label: l('Who'), type: 'user' },
        { key: 'grp', label: l('Group'), type: 'relation', kind: 'manyToOne', target: 'grp' },
      ],
    },
  ],
};

const words = ['', 'Apple', 'apple pie', 'Banana', '星辰', '星辰科技', 'a%b', 'a_b', 'x\\y', 'zeta', 'ÄÖ'];
const days = ['2026-01-01', '2026-10-15', '2026-11-20', '2026-11-22', '2026-11-23', '2026-12-31', '2025-06-30'];
const moments = ['2026-11-21T16:00:00.000Z', '2026-11-22T03:00:00.000Z', '2026-11-22T15:59:59.000Z', '2026-11-22T16:00:00.000Z', '2026-07-01T00:00:00.000Z'];
const now = new Date('2026-11-22T04:00:00.000Z'); // noon in Shanghai
const context: FilterContext = { now, userId: 1, timeZone: 'Asia/Shanghai' };

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });
const recordArb = fc.record({
  txt: maybe(fc.constantFrom(...words)),
  mail: maybe(fc.constantFrom('a@x.cn', 'B@x.cn', 'b@x.cn', 'zz@y.com')),
  num: maybe(fc.constantFrom(-5, 0, 1.5, 2, 10.25, 100)),
  stars: maybe(fc.integer({ min: 0, max: 5 })),
  day: maybe(fc.constantFrom(...days)),
  moment: maybe(fc.constantFrom(...moments)),
  flag: maybe(fc.boolean()),
  kind: maybe(fc.constantFrom('a', 'b', 'c')),
  tags: maybe(fc.subarray(['x', 'y', 'z'])),
  who: maybe(fc.constantFrom(1, 2, 3)),
  grp: fc.constant(null as number | null),
});

type Field = { key: string; ops: string[]; values: fc.Arbitrary<unknown> };
const scalarOps = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'notIn', 'between', 'isEmpty', 'isNotEmpty'];
const textOps = [...scalarOps, 'contains', 'notContains', 'startsWith', 'endsWith'];
const fields: Field[] = [
  { key: 'txt', ops: textOps, values: fc.constantFrom(...words.filter(Boolean), 'app', 'pie', '星') },
  { key: 'mail', ops: textOps, values: fc.constantFrom('a@x.cn', 'b@x.cn', 'B@X.CN', 'x.cn', 'zz') },
  { key: 'num', ops: scalarOps, values: fc.constantFrom(-5, 0, 1.5, 2, 3, 10.25, 100) },
  { key: 'stars', ops: scalarOps, values: fc.integer({ min: 0, max: 5 }) },
  { key: 'day', ops: [...scalarOps, 'within'], values: fc.constantFrom(...days, { var: 'today' }) },
  { key: 'moment', ops: [...scalarOps, 'within'], values: fc.constantFrom(...moments, '2026-11-22') },
  { key: 'flag', ops: ['eq', 'ne', 'isEmpty', 'isNotEmpty'], values: fc.boolean() },
  { key: 'kind', ops: scalarOps, values: fc.constantFrom('a', 'b', 'c') },
  { key: 'tags', ops: ['contains', 'notContains', 'isEmpty', 'isNotEmpty', 'eq', 'ne', 'in'], values: fc.constantFrom('x', 'y', 'z') },
  { key: 'who', ops: ['eq', 'ne', 'in', 'notIn', 'isEmpty', 'isNotEmpty'], values: fc.oneof(fc.constantFrom(1, 2, 3), fc.constant({ var: 'currentUser' })) },
  { key: 'grp.title', ops: textOps, values: fc.constantFrom('North', 'south', 'So') },
  { key: 'grp.size', ops: scalarOps, values: fc.constantFrom(1, 5, 10) },
  { key: 'id', ops: ['eq', 'ne', 'lt', 'gt', 'in'], values: fc.integer({ min: 1, max: 80 }) },
];

const periods = fc.oneof(
  fc.constantFrom('today', 'yesterday', 'thisWeek', 'lastWeek', 'thisMonth', 'thisQuarter', 'lastQuarter', 'thisYear', 'nextMonth').map((period) => ({ period })),
  fc.record({ last: fc.integer({ min: 1, max: 40 }), unit: fc.constantFrom('day', 'week', 'month') }),
  fc.record({ next: fc.integer({ min: 1, max: 40 }), unit: fc.constantFrom('day', 'week', 'month') }),
);

// Every generated filter is valid by construction (each field with its own operators and values
// of its type), so every run binds and reaches SQL: a run that a binding error skipped would
// compare nothing.
const conditionArb: fc.Arbitrary<Filter> = fc.constantFrom(...fields).chain((field) =>
  fc.constantFrom(...field.ops).chain((op) => {
    const make = (value?: unknown) => ({ field: field.key, op, ...(value === undefined ? {} : { value }) }) as Filter;
    if (op === 'isEmpty' || op === 'isNotEmpty') return fc.constant(make());
    if (op === 'within') return periods.map(make);
    if (op === 'in' || op === 'notIn') return fc.array(field.values, { maxLength: 3 }).map(make);
    if (op === 'between') return fc.tuple(field.values, field.values).map(make);
    if (op === 'eq' || op === 'ne') return fc.oneof({ arbitrary: field.values, weight: 5 }, { arbitrary: fc.constant(null), weight: 1 }).map(make);
    return field.values.map(make);
  }),
);

const { filter: filterArb } = fc.letrec<{ filter: Filter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    conditionArb,
    fc.array(tie('filter'), { maxLength: 3 }).map((and) => ({ and })),
    fc.array(tie('filter'), { maxLength: 3 }).map((or) => ({ or })),
    tie('filter').map((not) => ({ not })),
  ),
}));

let runtime: Runtime;
let records: Record<string, unknown>[];

beforeAll(async () => {
  runtime = await openTestRuntime(bundle);
  await addPeople(runtime, { users: [2, 3] });
  const groups = await runtime.records.createMany('prop', 'grp', [{ title: 'North', size: 5 }, { title: 'South', size: 10 }, { title: null, size: null }], admin);
  const items = fc.sample(recordArb, { numRuns: 80, seed: 20261122 }).map((r, i) => ({ ...r, grp: i % 4 === 3 ? null : (groups[i % 3]!.id as number) }));
  await runtime.records.createMany('prop', 'item', items, admin);
  const page = await runtime.records.list('prop', 'item', { pageSize: 500, expand: ['grp'], count: 'none' }, admin);
  records = page.items;
  expect(records).toHaveLength(80);
});
afterAll(() => runtime.close());

describe('keyset pagination', () => {
  it('visits every record once, in the order of one big page, for random sorts', async () => {
    const sortable = ['txt', 'mail', 'num', 'stars', 'day', 'moment', 'flag', 'kind', 'who', 'grp.title', 'created_at'];
    const sortArb = fc.uniqueArray(
      fc.record({ field: fc.constantFrom(...sortable), direction: fc.constantFrom('asc' as const, 'desc' as const), nulls: fc.constantFrom(undefined, 'first' as const, 'last' as const) }),
      { minLength: 1, maxLength: 3, selector: (s) => s.field },
    );
    await fc.assert(
      fc.asyncProperty(sortArb, fc.integer({ min: 1, max: 17 }), async (sort, pageSize) => {
        const clean = sort.map((s) => (s.nulls ? s : { field: s.field, direction: s.direction }));
        const whole = await runtime.records.list('prop', 'item', { sort: clean, pageSize: 500, count: 'none', fields: ['txt'] }, admin, now);
        const seen: unknown[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 200; page++) {
          const result = await runtime.records.list('prop', 'item', { sort: clean, pageSize, cursor, count: 'none', fields: ['txt'] }, admin, now);
          seen.push(...result.items.map((r) => r.id));
          cursor = result.nextCursor;
          if (!cursor) break;
        }
        expect(seen, JSON.stringify(clean)).toEqual(whole.items.map((r) => r.id));
      }),
      { numRuns: Number(process.env.PIPEWRIGHT_PROPERTY_RUNS ?? 400) / 4 },
    );
  });
});

describe('filter language: SQL agrees with the in-memory evaluation', () => {
  it('on random filters over random records', async () => {
    const model = await runtime.apps.model('prop');
    const runs = Number(process.env.PIPEWRIGHT_PROPERTY_RUNS ?? 400);
    let compared = 0;
    let matchedSome = 0;
    await fc.assert(
      fc.asyncProperty(filterArb, async (filter) => {
        const bound = bindFilter(model.catalog, 'item', filter, context); // throws (fails the run) if the generator made an invalid filter
        const expected = records.filter((r) => matchesFilter(bound, r)).map((r) => r.id).sort((a, b) => Number(a) - Number(b));
        const page = await runtime.records.list('prop', 'item', { filter, pageSize: 500, count: 'none', fields: ['txt'] }, { ...admin, userId: 1 }, now);
        const actual = page.items.map((r) => r.id).sort((a, b) => Number(a) - Number(b));
        expect(actual, JSON.stringify(filter)).toEqual(expected);
        compared++;
        if (actual.length > 0 && actual.length < records.length) matchedSome++;
      }),
      { numRuns: runs, seed: Number(process.env.PIPEWRIGHT_PROPERTY_SEED ?? Date.now() % 100000) },
    );
    // Every run compared rows, and many selected a real subset (neither none nor all records).
    expect(compared).toBe(runs);
    expect(matchedSome).toBeGreaterThan(runs / 4);
  });
});
