/**
 * The reports API on the sample sales app over real HTTP handling: runs, drill-downs, dashboards
 * and exports as an admin, a rep and a department manager, checked against what the records API
 * lists for the same user; refusals with their status and JSON path; the cache dropped by writes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';

const bundle = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../packages/metadata/fixtures/lead-opportunity.bundle.json', import.meta.url)), 'utf8')) as { app: { key: string } };
const appKey = bundle.app.key;
const api = `/api/apps/${appKey}`;
const password = 'correct horse battery';
const stages = ['initial_contact', 'needs_analysis', 'proposal', 'negotiation', 'won', 'lost'];

let server: TestServer;
const people: Record<string, { id: number; headers: SessionHeaders }> = {};
type Json = Record<string, unknown>;

async function person(login: string, departmentId: number, roles: string[]) {
  const created = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name: login, password, departmentId } });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: number }>().id;
  const granted = await server.inject({ method: 'PUT', url: `/api/users/${id}/roles/${appKey}`, payload: { roles } });
  expect(granted.statusCode, granted.body).toBeLessThan(300);
  people[login] = { id, headers: await server.login(login, password) };
}

const as = (login: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Json) => server.app.inject({ method, url, headers: people[login]!.headers, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  server = await openTestServer({ bundle });
  const post = async (url: string, payload: Json) => (await server.inject({ method: 'POST', url, payload })).json<{ id: number }>().id;
  const sales = await post('/api/departments', { name: 'Sales' });
  const east = await post('/api/departments', { name: 'East', parentId: sales });
  const north = await post('/api/departments', { name: 'North' });
  await person('manager', sales, ['sales_manager']);
  await person('rep_a', east, ['sales_rep']);
  await person('rep_b', east, ['sales_rep']);
  await person('rep_n', north, ['sales_rep']);
  await person('clerk', north, ['finance']);
  // The data is written as the system (stage rules ask for attachments a test has no use for);
  // each deal is owned by a rep, and moves through the stages by ordinary updates.
  const system = { userId: server.adminId, timeZone: 'Asia/Shanghai' };
  const [account] = await server.runtime.records.createMany(appKey, 'account', [{ name: '星海科技有限公司', industry: 'it' }], system);
  let n = 0;
  for (const login of ['rep_a', 'rep_a', 'rep_a', 'rep_b', 'rep_b', 'rep_n', 'rep_n', 'rep_n']) {
    for (let k = 0; k < 3; k++) {
      n++;
      const created = await server.runtime.records.create(appKey, 'opportunity', { name: `deal ${n}`, account: account!.id, expected_close_date: '2026-12-15', probability: 10, budget: 1000 * n, owner_id: people[login]!.id }, system);
      for (const stage of stages.slice(1, 1 + ((n * 7) % 5))) {
        await server.runtime.records.update(appKey, 'opportunity', created.id as number, { stage, ...(stage === 'lost' ? { loss_reason: 'price' } : {}) }, system);
      }
    }
  }
}, 240_000);
afterAll(() => server?.close());

/** What the records API lists for a user: the independent side of every comparison. */
async function visibleDeals(login: string): Promise<Json[]> {
  const response = await as(login, 'GET', `${api}/records/opportunity?pageSize=500`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Json[] }>().items;
}

describe('running reports', () => {
  it.each(['rep_a', 'manager', 'rep_n'])('answers %s the stage counts of exactly the deals they may list', async (login) => {
    const response = await as(login, 'POST', `${api}/reports/opportunity_funnel/run`, {});
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json<{ rows: { stage: string; deals: number }[]; totals: { deals: number } }>();
    const deals = (await visibleDeals(login)).filter((d) => d.stage !== 'lost');
    const expected = Object.fromEntries(stages.filter((s) => s !== 'lost').map((s) => [s, deals.filter((d) => d.stage === s).length]).filter(([, c]) => (c as number) > 0));
    expect(Object.fromEntries(result.rows.map((r) => [r.stage, r.deals]))).toEqual(expected);
    expect(result.totals.deals).toBe(deals.length);
    expect(result.rows.map((r) => r.stage)).toEqual(stages.filter((s) => s in expected));
  });

  it('drills from a funnel stage into exactly the records behind the number, as lists would show them', async () => {
    const funnel = (await as('manager', 'POST', `${api}/reports/stage_funnel/run`, {})).json<{ rows: { stage: string; reached: number }[] }>();
    const proposal = funnel.rows.find((r) => r.stage === 'proposal')!;
    expect(proposal.reached).toBeGreaterThan(0);
    const drill = await as('manager', 'POST', `${api}/reports/stage_funnel/drill`, { cell: { stage: 'proposal' }, pageSize: 500 });
    expect(drill.statusCode, drill.body).toBe(200);
    const page = drill.json<{ entity: string; items: Json[]; total: number }>();
    expect(page.entity).toBe('opportunity');
    expect(page.items).toHaveLength(proposal.reached);
    expect(page.total).toBe(proposal.reached);
    // Every deal whose history holds proposal (its stage now, or any change from or to it), and no other.
    const held = await Promise.all((await visibleDeals('manager')).map(async (d) => {
      const history = (await as('manager', 'GET', `${api}/records/opportunity/${String(d.id)}/history`)).json<{ items: { changes: { stage?: { from?: string; to?: string } } }[] }>().items;
      return d.stage === 'proposal' || history.some((h) => h.changes.stage?.to === 'proposal' || h.changes.stage?.from === 'proposal') ? [d.id] : [];
    }));
    expect(page.items.map((d) => d.id).sort()).toEqual(held.flat().sort());
    // The drilled records are shaped as the list shapes them for this user.
    const listed = new Map((await visibleDeals('manager')).map((d) => [d.id, d]));
    for (const item of page.items) expect(item).toEqual(listed.get(item.id));
  });

  it('refuses a cell value of the wrong type and a dimension the report does not have, naming them', async () => {
    const wrong = await as('manager', 'POST', `${api}/reports/weighted_forecast/drill`, { cell: { month: 'soon', colour: 'red' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ errors: { path: string }[] }>().errors.map((e) => e.path).sort()).toEqual(['/cell/colour', '/cell/month']);
  });

  it('refuses parameters of the wrong type or unknown, with their path', async () => {
    const response = await as('manager', 'POST', `${api}/reports/rep_leaderboard/run`, { parameters: { period: 'last week', team: 'east', colour: 1 } });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ code: string; errors: { path: string }[] }>().errors.map((e) => e.path).sort()).toEqual(['/parameters/colour', '/parameters/period', '/parameters/team']);
  });

  it('filters by a department parameter: the team and the teams below it', async () => {
    const departments = (await server.inject({ method: 'GET', url: '/api/departments' })).json<{ items: { id: number; name: string; children?: unknown[] }[] }>();
    const flat = JSON.stringify(departments);
    const east = Number(/"id":(\d+),[^{}]*"name":"East"/.exec(flat)?.[1] ?? /"name":"East"[^{}]*"id":(\d+)/.exec(flat)?.[1]);
    const response = await as('manager', 'POST', `${api}/reports/rep_leaderboard/run`, { parameters: { team: east, period: ['2026-01-01', '2027-12-31'] } });
    expect(response.statusCode, response.body).toBe(200);
    const owners = response.json<{ rows: { owner: number }[] }>().rows.map((r) => r.owner).sort();
    expect(owners).toEqual([people.rep_a!.id, people.rep_b!.id].sort());
  });

  it('refuses a viewer without the run-report permission with 403', async () => {
    const response = await as('rep_a', 'POST', `${api}/reports/lead_conversion_by_source/run`, {});
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'permission.denied' });
  });
});

describe('previewing definitions', () => {
  const preview = (login: string, definition: Json, parameters?: Json) => as(login, 'POST', `${api}/reports/preview`, { definition: { key: 'draft', label: { 'zh-CN': '草稿', en: 'Draft' }, version: 1, entity: 'opportunity', ...definition }, ...(parameters ? { parameters } : {}) });
  const paths = (response: { json: () => unknown }) => (response.json() as { errors: { path: string }[] }).errors.map((e) => e.path);

  it('refuses bad definitions with 400 and the JSON path of the mistake', async () => {
    const sumOfText = await preview('manager', { measures: [{ key: 'x', aggregate: 'sum', field: 'name' }] });
    expect(sumOfText.statusCode).toBe(400);
    expect(paths(sumOfText)).toEqual(['/definition/measures/0/field']);
    const noRelation = await preview('manager', { joins: [{ key: 'x', relation: 'supplier' }], measures: [{ key: 'n', aggregate: 'count' }] });
    expect(noRelation.statusCode).toBe(400);
    expect(paths(noRelation)).toEqual(['/definition/joins/0/relation']);
    const shape = await preview('manager', { measures: [{ key: 'n', aggregate: 'median', field: 'budget' }] });
    expect(shape.statusCode).toBe(400);
    expect(paths(shape)[0]).toMatch(/^\/definition\/measures\/0/);
    const missingOf = await preview('manager', { dimensions: [{ key: 'stage', field: 'stage' }], measures: [{ key: 'n', aggregate: 'count' }, { key: 's', aggregate: 'share', of: 'nothing' }] });
    expect(paths(missingOf)).toEqual(['/definition/measures/1/of']);
  });

  it('refuses to group, filter or measure a field the viewer may not read (403 with its path)', async () => {
    for (const definition of [
      { dimensions: [{ key: 'step', field: 'next_step' }], measures: [{ key: 'n', aggregate: 'count' }] },
      { measures: [{ key: 'n', aggregate: 'count', filter: { field: 'next_step', op: 'contains', value: 'call' } }] },
      { measures: [{ key: 'n', aggregate: 'countDistinct', field: 'next_step' }] },
    ]) {
      const response = await preview('clerk', definition);
      expect(response.statusCode, response.body).toBe(403);
      expect(paths(response)[0]).toMatch(/^\/definition\/(dimensions\/0\/field|measures\/0\/(filter\/field|field))$/);
    }
    expect((await preview('clerk', { dimensions: [{ key: 'stage', field: 'stage' }], measures: [{ key: 'n', aggregate: 'count' }] })).statusCode).toBe(200);
  });

  it('keeps the top N and gathers the rest into one row, totals over every row', async () => {
    const definition = { dimensions: [{ key: 'owner', field: 'owner_id' }], measures: [{ key: 'budget', aggregate: 'sum', field: 'budget' }, { key: 'deals', aggregate: 'count' }], top: { dimension: 'owner', n: 1, by: 'budget', others: true } };
    const response = await preview('manager', definition);
    expect(response.statusCode, response.body).toBe(200);
    const { rows, totals } = response.json<{ rows: { owner: number | null; budget: number; deals: number; others?: boolean }[]; totals: { budget: number; deals: number } }>();
    const deals = await visibleDeals('manager');
    const byOwner = new Map<number, number>();
    for (const d of deals) byOwner.set(Number(d.owner_id), (byOwner.get(Number(d.owner_id)) ?? 0) + Number(d.budget));
    const ranked = [...byOwner].sort((a, b) => b[1] - a[1]);
    expect(ranked.length).toBeGreaterThan(1);
    expect(rows.slice(0, 1).map((r) => [r.owner, r.budget])).toEqual(ranked.slice(0, 1));
    expect(rows[1]).toMatchObject({ owner: null, others: true, budget: ranked.slice(1).reduce((a, [, v]) => a + v, 0) });
    expect(rows).toHaveLength(2);
    expect(totals).toEqual({ budget: deals.reduce((a, d) => a + Number(d.budget), 0), deals: deals.length });
  });
});

describe('dashboards', () => {
  it("serves every widget's data in one request, with the global period filter applied", async () => {
    const response = await as('manager', 'GET', `${api}/dashboards/manager_dashboard`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ widgets: { key: string; result?: { rows: unknown[] }; error?: unknown }[] }>();
    expect(body.widgets.map((w) => w.key)).toEqual(['leaders', 'funnel', 'forecast', 'cycle', 'sources', 'reasons']);
    expect(body.widgets.every((w) => w.result && !w.error)).toBe(true);
    const narrowed = await as('manager', 'GET', `${api}/dashboards/manager_dashboard?filters=${encodeURIComponent(JSON.stringify({ period: ['2020-01-01', '2020-01-31'] }))}`);
    const leaders = narrowed.json<{ widgets: { key: string; result: { rows: unknown[]; parameters: Json } }[] }>().widgets.find((w) => w.key === 'leaders')!;
    expect(leaders.result.rows).toEqual([]);
    expect(leaders.result.parameters.period).toEqual(['2020-01-01', '2020-01-31']);
  });

  it('answers a refused widget with its error, and names a bad filter value', async () => {
    const rep = await as('rep_a', 'GET', `${api}/dashboards/manager_dashboard`);
    expect(rep.statusCode).toBe(200);
    const sources = rep.json<{ widgets: { key: string; error?: { code: string } }[] }>().widgets.find((w) => w.key === 'sources')!;
    expect(sources.error?.code).toBe('permission.denied');
    const bad = await as('manager', 'GET', `${api}/dashboards/manager_dashboard?filters=${encodeURIComponent(JSON.stringify({ period: 'someday' }))}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { path: string }[] }>().errors[0]!.path).toBe('/filters/period');
    expect((await as('manager', 'GET', `${api}/dashboards/manager_dashboard?filters=nope`)).statusCode).toBe(400);
  });

  it("marks the caller's default dashboard by role", async () => {
    const defaults = async (login: string) => (await as(login, 'GET', `${api}/dashboards`)).json<{ items: { key: string; default: boolean }[] }>().items.find((d) => d.default)?.key;
    expect(await defaults('rep_a')).toBe('rep_dashboard');
    expect(await defaults('manager')).toBe('manager_dashboard');
  });
});

describe('exports and the cache', () => {
  it('exports the same rows as CSV and XLSX', async () => {
    const run = (await as('manager', 'POST', `${api}/reports/opportunity_funnel/run`, {})).json<{ rows: { stage: string; deals: number }[]; columns: { key: string; options?: { value: string; label: Record<string, string> }[] }[] }>();
    // A spreadsheet reads the stage's label, not its stored value.
    const stageLabel = new Map(run.columns.find((c) => c.key === 'stage')!.options!.map((o) => [o.value, o.label['zh-CN']]));
    const csv = await as('manager', 'POST', `${api}/reports/opportunity_funnel/export`, { format: 'csv' });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('销售阶段,商机数,金额');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(run.rows.map((r) => `${stageLabel.get(r.stage)},${r.deals}`));
    const xlsx = await as('manager', 'POST', `${api}/reports/opportunity_funnel/export`, { format: 'xlsx' });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const values = workbook.worksheets[0]!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1, 3));
    expect(values).toEqual(run.rows.map((r) => [stageLabel.get(r.stage), r.deals]));
    expect((await as('rep_a', 'POST', `${api}/reports/lead_conversion_by_source/export`, { format: 'csv' })).statusCode).toBe(403);
  });

  it('names people in an export, and writes headings and options in the language asked for', async () => {
    const csv = await as('manager', 'POST', `${api}/reports/rep_leaderboard/export`, { format: 'csv', locale: 'en' });
    expect(csv.statusCode, csv.body).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]!.split(',')[0]).toBe('Owner');
    const owners = lines.slice(1).map((l) => l.split(',')[0]).sort();
    expect(owners).toEqual(['rep_a', 'rep_b']);
    const funnel = await as('manager', 'POST', `${api}/reports/opportunity_funnel/export`, { format: 'csv', locale: 'en' });
    expect(funnel.body).toContain('Initial contact');
    expect((await as('manager', 'POST', `${api}/reports/rep_leaderboard/export`, { format: 'csv', locale: 'fr' })).statusCode).toBe(400);
  });

  it('answers a write to a report’s entity with fresh numbers', async () => {
    const count = async () => (await as('rep_a', 'POST', `${api}/reports/weighted_pipeline/run`, {})).json<{ totals: { open_deals: number } }>().totals.open_deals;
    const before = await count();
    expect(await count()).toBe(before);
    const account = (await visibleDeals('rep_a'))[0]!.account;
    const created = await as('rep_a', 'POST', `${api}/records/opportunity`, { name: 'one more', account, expected_close_date: '2026-12-20' });
    expect(created.statusCode, created.body).toBe(201);
    expect(await count()).toBe(before + 1);
  });
});
