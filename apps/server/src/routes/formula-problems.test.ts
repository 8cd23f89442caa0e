// Formulas through HTTP on the service desk app: right after a PATCH with If-Match, and a
// formula that cannot be computed or stored is a 400 naming its path, never a 500.
import type { AppBundle } from '@pipewright/metadata';
import { serviceDeskBundle } from '@pipewright/runtime';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type TestServer } from '../testing/test-server.ts';

const tickets = '/api/apps/service_desk/records/ticket';
let server: TestServer;
let customer: number;
let bolt: number;

/**
 * The service desk with one more ticket formula that can reach 10^40, and 18 text formulas each
 * doubling the one before, from a `tag` (the probe: a 16-character tag became an 8 MiB record).
 */
function bundle(): AppBundle {
  const desk = serviceDeskBundle();
  const ticket = desk.entities.find((e) => e.key === 'ticket')!;
  ticket.fields.push(
    { key: 'factor', label: { 'zh-CN': '系数', en: 'Factor' }, type: 'number' },
    { key: 'load', label: { 'zh-CN': '负荷', en: 'Load' }, type: 'formula', expression: 'POWER(factor, 4)', resultType: 'number' },
    { key: 'tag', label: { 'zh-CN': '标签', en: 'Tag' }, type: 'text' },
    ...Array.from({ length: 18 }, (_, i) => ({
      key: `twice_${i + 1}`, label: { 'zh-CN': `加倍 ${i + 1}`, en: `Twice ${i + 1}` }, type: 'formula' as const,
      expression: i === 0 ? 'tag & tag' : `twice_${i} & twice_${i}`, resultType: 'text' as const,
    })),
  );
  return desk;
}

beforeAll(async () => {
  server = await openTestServer({ bundle: bundle() });
  customer = (await created('/api/apps/service_desk/records/customer', { name: '华东机床厂' })).id as number;
  bolt = (await created('/api/apps/service_desk/records/part', { name: 'Bolt', unit_price: 2.5 })).id as number;
});
afterAll(() => server.close());

async function created(url: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await server.inject({ method: 'POST', url, payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Record<string, unknown>>();
}

function expectProblem(response: LightMyRequestResponse, ...paths: string[]): void {
  expect(response.statusCode, response.body).toBe(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const items = response.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
  for (const path of paths) expect(items, response.body).toContain(path);
}

const ticket = (extra: Record<string, unknown> = {}) => ({ title: 'Spindle noise', customer, reported_at: '2026-05-01T09:00:00Z', ...extra });

describe('formulas through HTTP', () => {
  it('reads the right totals after a PATCH of one input with If-Match, and after a line is added', async () => {
    const one = await created(tickets, ticket({ labour_hours: 2, hourly_rate: 100, parts: [{ part: bolt, qty: 4, unit_price: 2.5 }] }));
    const patched = await server.inject({ method: 'PATCH', url: `${tickets}/${one.id}`, headers: { 'if-match': '"1"' }, payload: { hourly_rate: 50 } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ labour_total: 100, parts_total: 10, amount_total: 110 });
    const lines = await server.inject({ method: 'PATCH', url: `${tickets}/${one.id}`, headers: { 'if-match': '"2"' }, payload: { parts: [{ part: bolt, qty: 4, unit_price: 2.5 }, { part: bolt, qty: 2, unit_price: 3 }] } });
    expect(lines.statusCode, lines.body).toBe(200);
    const read = await server.inject({ method: 'GET', url: `${tickets}/${one.id}` });
    expect(read.json()).toMatchObject({ labour_total: 100, parts_total: 16, amount_total: 116 });
  });

  it('copies the unit price from the picked part, and lists filter and sort by a formula over a relation as reads give it', async () => {
    const asset = await created('/api/apps/service_desk/records/asset', { serial: 'HTTP-1', customer, warranty_end: '2026-12-31' });
    const covered = await created(tickets, ticket({ title: 'Covered', asset: asset.id, parts: [{ part: bolt, qty: 2 }] }));
    expect(covered).toMatchObject({ under_warranty: true, parts: [{ unit_price: 2.5, line_total: 5 }], parts_total: 5 });
    const filter = encodeURIComponent(JSON.stringify({ field: 'under_warranty', op: 'eq', value: true }));
    const page = await server.inject({ method: 'GET', url: `${tickets}?filter=${filter}&sort=-amount_total` });
    expect(page.statusCode, page.body).toBe(200);
    const items = page.json<{ items: { id: number; under_warranty: boolean }[] }>().items;
    expect(items.map((t) => t.id)).toContain(covered.id);
    expect(items.every((t) => t.under_warranty === true)).toBe(true);
  });

  it('answers 400 at the formula for a result of 10^40 or more (was 500)', async () => {
    expectProblem(await server.inject({ method: 'POST', url: tickets, payload: ticket({ factor: 1e11 }) }), '/load');
  });

  it('answers 400 at the first formula whose text would pass the limit: no record grows to megabytes', async () => {
    // 16 characters doubled 13 times is 131,072 characters: past the 100,000 an operation may make.
    const response = await server.inject({ method: 'POST', url: tickets, payload: ticket({ tag: 'sixteen chars ok' }) });
    expectProblem(response, '/twice_13');
    // Without a tag there is nothing to double; the ticket is stored as usual.
    expect((await created(tickets, ticket())).id).toEqual(expect.any(Number));
  });

  it('answers 400 at the formula for a date out of range (was 500)', async () => {
    expectProblem(await server.inject({ method: 'POST', url: tickets, payload: ticket({ reported_at: '9999-12-30T00:00:00Z' }) }), '/due_at');
  });

  it('answers 400 at the formula for a computed total its column cannot hold (was 500)', async () => {
    expectProblem(await server.inject({ method: 'POST', url: tickets, payload: ticket({ labour_hours: 1e14, hourly_rate: 1e14 }) }), '/labour_total', '/amount_total');
    expectProblem(await server.inject({ method: 'POST', url: tickets, payload: ticket({ parts: [{ part: bolt, qty: 1e15, unit_price: 1e15 }] }) }), '/parts/0/line_total');
  });

  it('names the failing item of a bulk write', async () => {
    const response = await server.inject({ method: 'POST', url: `${tickets}/bulk`, payload: { create: [ticket(), ticket({ labour_hours: 1e14, hourly_rate: 1e14 })] } });
    expectProblem(response, '/create/1/labour_total');
  });
});
