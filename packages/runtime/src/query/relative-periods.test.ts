// `within` in SQL against ranges written out by hand (not computed by the code under test): a
// record per day around the year's turn and per boundary instant, filtered on the database with
// a fixed clock in Asia/Shanghai and in UTC, must come back exactly when its value lies inside the
// expected range.
import type { AppBundle, RelativePeriod } from '@pipewright/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import { admin, openTestRuntime } from '../testing/runtime-fixture.ts';

const l = (en: string) => ({ 'zh-CN': en, en });
const bundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'periods', name: l('Periods'), version: '1.0.0' },
  entities: [
    {
      key: 'visit',
      label: l('Visit'),
      version: 1,
      fields: [
        { key: 'day', label: l('Day'), type: 'date' },
        { key: 'at', label: l('At'), type: 'datetime' },
      ],
    },
  ],
};

const offsets = { 'Asia/Shanghai': '+08:00', UTC: 'Z' } as const;
type Zone = keyof typeof offsets;

interface Clock {
  now: string;
  /** What today is in each zone at `now`. */
  today: Record<Zone, string>;
  cases: [RelativePeriod, Record<Zone, [string, string]>][];
}

const clocks: Clock[] = [
  {
    // Sunday 2026-12-27 20:00 UTC is Monday 2026-12-28 04:00 in Shanghai.
    now: '2026-12-27T20:00:00Z',
    today: { UTC: '2026-12-27', 'Asia/Shanghai': '2026-12-28' },
    cases: [
      [{ period: 'today' }, { UTC: ['2026-12-27', '2026-12-27'], 'Asia/Shanghai': ['2026-12-28', '2026-12-28'] }],
      [{ period: 'thisWeek' }, { UTC: ['2026-12-21', '2026-12-27'], 'Asia/Shanghai': ['2026-12-28', '2027-01-03'] }],
      [{ period: 'lastWeek' }, { UTC: ['2026-12-14', '2026-12-20'], 'Asia/Shanghai': ['2026-12-21', '2026-12-27'] }],
      [{ period: 'nextWeek' }, { UTC: ['2026-12-28', '2027-01-03'], 'Asia/Shanghai': ['2027-01-04', '2027-01-10'] }],
      [{ period: 'thisMonth' }, { UTC: ['2026-12-01', '2026-12-31'], 'Asia/Shanghai': ['2026-12-01', '2026-12-31'] }],
      [{ period: 'nextMonth' }, { UTC: ['2027-01-01', '2027-01-31'], 'Asia/Shanghai': ['2027-01-01', '2027-01-31'] }],
      [{ period: 'nextQuarter' }, { UTC: ['2027-01-01', '2027-03-31'], 'Asia/Shanghai': ['2027-01-01', '2027-03-31'] }],
      [{ period: 'thisYear' }, { UTC: ['2026-01-01', '2026-12-31'], 'Asia/Shanghai': ['2026-01-01', '2026-12-31'] }],
      [{ last: 7, unit: 'day' }, { UTC: ['2026-12-21', '2026-12-27'], 'Asia/Shanghai': ['2026-12-22', '2026-12-28'] }],
      [{ next: 7, unit: 'day' }, { UTC: ['2026-12-27', '2027-01-02'], 'Asia/Shanghai': ['2026-12-28', '2027-01-03'] }],
      [{ last: 1, unit: 'month' }, { UTC: ['2026-11-28', '2026-12-27'], 'Asia/Shanghai': ['2026-11-29', '2026-12-28'] }],
    ],
  },
  {
    // Thursday 2024-02-29 (leap day) 23:30 UTC is Friday 2024-03-01 07:30 in Shanghai.
    now: '2024-02-29T23:30:00Z',
    today: { UTC: '2024-02-29', 'Asia/Shanghai': '2024-03-01' },
    cases: [
      [{ period: 'thisMonth' }, { UTC: ['2024-02-01', '2024-02-29'], 'Asia/Shanghai': ['2024-03-01', '2024-03-31'] }],
      [{ period: 'lastMonth' }, { UTC: ['2024-01-01', '2024-01-31'], 'Asia/Shanghai': ['2024-02-01', '2024-02-29'] }],
      [{ period: 'thisWeek' }, { UTC: ['2024-02-26', '2024-03-03'], 'Asia/Shanghai': ['2024-02-26', '2024-03-03'] }],
      [{ period: 'thisQuarter' }, { UTC: ['2024-01-01', '2024-03-31'], 'Asia/Shanghai': ['2024-01-01', '2024-03-31'] }],
      [{ last: 1, unit: 'month' }, { UTC: ['2024-01-30', '2024-02-29'], 'Asia/Shanghai': ['2024-02-02', '2024-03-01'] }],
    ],
  },
];

/** Days from `from` to `to`, inclusive. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

let runtime: Runtime;
let visits: { id: number; day: string; at: string }[];

beforeAll(async () => {
  runtime = await openTestRuntime(bundle);
  const dates = [...days('2023-12-25', '2024-03-10'), ...days('2026-11-20', '2027-01-15')];
  // For each day: its date, and instants just inside and outside of where that day begins in each zone.
  const bodies = dates.flatMap((day) =>
    Object.values(offsets).flatMap((offset) => {
      const start = Date.parse(`${day}T00:00:00${offset}`);
      return [start - 1, start, start + 43_200_000].map((t) => ({ day, at: new Date(t).toISOString() }));
    }),
  );
  const created = await runtime.records.createMany('periods', 'visit', bodies, admin, { returning: 'ids' });
  visits = created.map((c, i) => ({ id: c.id as number, day: bodies[i]!.day, at: bodies[i]!.at }));
});
afterAll(() => runtime.close());

describe('within, on the database', () => {
  for (const clock of clocks) {
    for (const zone of ['Asia/Shanghai', 'UTC'] as const) {
      it(`at ${clock.now} in ${zone} (today ${clock.today[zone]})`, async () => {
        for (const [period, ranges] of clock.cases) {
          const [from, to] = ranges[zone];
          const first = Date.parse(`${from}T00:00:00${offsets[zone]}`);
          const last = Date.parse(`${to}T00:00:00${offsets[zone]}`) + 86_400_000 - 1;
          const expectedDays = visits.filter((v) => v.day >= from && v.day <= to).map((v) => v.id);
          const expectedInstants = visits.filter((v) => Date.parse(v.at) >= first && Date.parse(v.at) <= last).map((v) => v.id);
          const actor = { ...admin, timeZone: zone };
          const list = async (field: string) => {
            const ids: number[] = [];
            let cursor: string | undefined;
            do {
              const page = await runtime.records.list('periods', 'visit', { filter: { field, op: 'within', value: period }, pageSize: 500, cursor, count: 'none', fields: [] }, actor, new Date(clock.now));
              ids.push(...page.items.map((r) => r.id as number));
              cursor = page.nextCursor;
            } while (cursor);
            return ids.sort((a, b) => a - b);
          };
          expect(await list('day'), `${JSON.stringify(period)} on day`).toEqual(expectedDays);
          expect(await list('at'), `${JSON.stringify(period)} on at`).toEqual(expectedInstants);
          expect(expectedDays.length).toBeGreaterThan(0);
        }
      });
    }
  }
});
