import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { testDatabaseKind } from '@pipewright/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type SessionHeaders, type TestServer } from '../testing/test-server.ts';

const bundle = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../packages/metadata/fixtures/lead-opportunity.bundle.json', import.meta.url)), 'utf8')) as { app: { key: string } };
const app = bundle.app.key;
const password = 'correct horse battery';
let server: TestServer;
let url: string;
const web: number[] = [];
let reader: SessionHeaders;
let rep: SessionHeaders;

async function person(login: string, roles: string[], extra: Record<string, unknown> = {}): Promise<number> {
  const created = await server.inject({ method: 'POST', url: '/api/users', payload: { login, name: login, password, ...extra } });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: number }>().id;
  const roleSet = await server.inject({ method: 'PUT', url: `/api/users/${id}/roles/${app}`, payload: { roles } });
  expect(roleSet.statusCode, roleSet.body).toBeLessThan(300);
  return id;
}

const post = (path: string, body: unknown, headers: Record<string, string> = server.adminHeaders) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  server = await openTestServer({ bundle });
  await server.runtime.startAutomation({ sweepIntervalMs: 200, logError: () => undefined });
  const team = await server.inject({ method: 'POST', url: '/api/teams', payload: { name: '官网组', code: 'web_leads' } });
  expect(team.statusCode, team.body).toBe(201);
  for (const login of ['web.one', 'web.two', 'web.three']) web.push(await person(login, ['sales_rep']));
  const members = await server.inject({ method: 'PATCH', url: `/api/teams/${team.json<{ id: number }>().id}`, payload: { memberIds: web } });
  expect(members.statusCode, members.body).toBe(200);
  await person('reader', ['finance']);
  reader = await server.login('reader', password);
  await person('rep', ['sales_rep']);
  rep = await server.login('rep', password);
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.app.server.address() as { port: number }).port}`;
}, 120_000);
afterAll(() => server?.close());

const schema = () => `app_${app}`;

describe(`automation over HTTP (${testDatabaseKind()})`, () => {
  it('50 concurrent creates over HTTP: the web team takes turns, nobody twice while another got none', async () => {
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => post(`/api/apps/${app}/records/lead`, { name: '访客', company: `官网并发${i}有限公司`, source: 'website', email: `visitor${i}@example.com` })));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const ids = await Promise.all(responses.map(async (r) => (await r.json() as { id: number }).id));
    await server.runtime.automation!.settled();
    const { rows } = await server.runtime.database.executeSql(
      `SELECT l.owner_id FROM pipewright.automation_runs r JOIN ${schema()}.lead l ON l.id = r.record_id
        WHERE r.ruleset = 'lead_assignment' AND r.record_id = ANY($1::bigint[]) ORDER BY r.id`,
      [ids],
    );
    const owners = rows.map((r) => Number(r.owner_id));
    expect(owners).toHaveLength(50);
    for (let i = 0; i + 3 <= owners.length; i++) expect(new Set(owners.slice(i, i + 3)).size).toBe(3);
    expect(web.map((u) => owners.filter((o) => o === u).length).sort()).toEqual([16, 17, 17]);
  });

  it('a validation rule answers 422 naming its message; nothing is written', async () => {
    const created = await post(`/api/apps/${app}/records/lead`, { name: '孙浩', company: '成都蓝图教育科技有限公司', source: 'exhibition' });
    const lead = (await created.json()) as { id: number; version: number };
    const refused = await fetch(`${url}/api/apps/${app}/records/lead/${lead.id}`, { method: 'PATCH', headers: { ...server.adminHeaders, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'disqualified' }) });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await refused.json()).toMatchObject({ status: 422, code: 'rule.rejected', errors: [{ path: '', code: 'rule.rejected', message: '标记为无效前请在需求描述中写明原因。' }] });
    const now = await server.inject({ method: 'GET', url: `/api/apps/${app}/records/lead/${lead.id}` });
    expect(now.json()).toMatchObject({ status: 'new' });
  });

  it('the automation log: administrators read what ran and with which result; others are refused; only failed entries are retried', async () => {
    await server.runtime.automation!.settled();
    const unknownParameter = await server.inject({ method: 'GET', url: `/api/apps/${app}/automation/log?ruleset=x` });
    expect(unknownParameter.statusCode).toBe(400);
    const log = await server.inject({ method: 'GET', url: `/api/apps/${app}/automation/log?entity=lead&limit=60` });
    expect(log.statusCode, log.body).toBe(200);
    const items = log.json<{ items: { id: number; ruleset: string; status: string; event: string; effects: { kind: string; result: string }[] }[] }>().items;
    expect(items).toHaveLength(60);
    const assignments = items.filter((i) => i.ruleset === 'lead_assignment');
    // Newest first: the exhibition lead without a region, whom nobody could take, says why.
    expect(assignments[0]).toMatchObject({ status: 'done', event: 'create' });
    expect(assignments[0]!.effects[0]!.result).toBe('nobody assigned: no territory lists region no value: the fallback; nobody is in role sales_rep, team lead_pool');
    const assignment = assignments[1]!;
    expect(assignment.effects[0]!.result).toMatch(/^assigned to user \d+ \(roundRobin\)$/);
    const page = await server.inject({ method: 'GET', url: `/api/apps/${app}/automation/log?limit=2&before=${items[1]!.id}` });
    expect(page.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toEqual([items[2]!.id, items[3]!.id]);
    const refused = await server.app.inject({ method: 'GET', url: `/api/apps/${app}/automation/log`, headers: rep });
    expect(refused.statusCode).toBe(403);
    const retryDone = await server.inject({ method: 'POST', url: `/api/apps/${app}/automation/log/${assignment.id}/retry` });
    expect(retryDone.statusCode).toBe(409);
    expect(retryDone.json()).toMatchObject({ code: 'automation.notFailed' });
    const retryMissing = await server.inject({ method: 'POST', url: `/api/apps/${app}/automation/log/999999/retry` });
    expect(retryMissing.statusCode).toBe(404);
  });

  it('dry run: which rules would match and what they would do, writing nothing (rows, history, events, jobs, turn)', async () => {
    const counts = async () =>
      (
        await server.runtime.database.executeSql(
          `SELECT (SELECT count(*)::int FROM ${schema()}.lead) AS leads,
                  (SELECT count(*)::int FROM ${schema()}._audit) AS audit,
                  (SELECT count(*)::int FROM pipewright.record_events) AS events,
                  (SELECT count(*)::int FROM pgboss.job) AS jobs,
                  (SELECT sequence::int FROM pipewright.assignment_turns WHERE app = $1 AND entity = 'lead') AS turn`,
          [app],
        )
      ).rows[0];
    const before = await counts();
    const response = await post(`/api/apps/${app}/rulesets/lead_assignment/dry-run`, { record: { name: '访客', company: '官网试运行有限公司', source: 'website', email: 'trial@example.com' } });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { results: { id: null; matched: string[]; effects: { kind: string; userId: number; strategy: string }[] }[] };
    expect(result).toMatchObject({ ruleset: 'lead_assignment', entity: 'lead', match: 'first' });
    expect(result.results[0]!.matched).toEqual(['website_round_robin']);
    expect(result.results[0]!.effects[0]).toMatchObject({ kind: 'assign', strategy: 'roundRobin' });
    expect(web).toContain(result.results[0]!.effects[0]!.userId);
    // Twice the same answer: the turn did not move.
    const again = (await (await post(`/api/apps/${app}/rulesets/lead_assignment/dry-run`, { record: { name: '访客', company: '官网试运行有限公司', source: 'website', email: 'trial@example.com' } })).json()) as typeof result;
    expect(again.results[0]!.effects[0]!.userId).toBe(result.results[0]!.effects[0]!.userId);
    // An existing record by id, and a sample of the latest.
    const byId = (await (await post(`/api/apps/${app}/rulesets/lead_scoring/dry-run`, { id: 1 })).json()) as typeof result;
    expect(byId.results).toEqual([{ id: 1, matched: [], effects: [] }]);
    const sample = (await (await post(`/api/apps/${app}/rulesets/lead_scoring/dry-run`, { sample: 3 })).json()) as typeof result;
    expect(sample.results).toHaveLength(3);
    expect(await counts()).toEqual(before);
  });

  it('dry run refuses bad values at /record, an unknown ruleset with 404, and callers who may not create the entity with 403', async () => {
    const bad = await post(`/api/apps/${app}/rulesets/lead_assignment/dry-run`, { record: { name: '访客', source: 'nowhere' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((p) => p.path)).toContain('/record/source');
    const unknown = await post(`/api/apps/${app}/rulesets/no_such_rules/dry-run`, { sample: 1 });
    expect(unknown.status).toBe(404);
    const two = await post(`/api/apps/${app}/rulesets/lead_assignment/dry-run`, { sample: 1, id: 1 });
    expect(two.status).toBe(400);
    // A sales rep may create leads, so may dry-run; a lead they cannot read answers 404.
    const mine = await post(`/api/apps/${app}/rulesets/lead_assignment/dry-run`, { record: { name: '访客', company: '官网试运行有限公司', source: 'website', email: 'trial@example.com' } }, rep);
    expect(mine.status).toBe(200);
    const hidden = await post(`/api/apps/${app}/rulesets/lead_assignment/dry-run`, { id: 1 }, rep);
    expect(hidden.status).toBe(404);
    // A finance clerk holds no create on leads: refused, even for a record of their own making.
    const outsider = await post(`/api/apps/${app}/rulesets/lead_assignment/dry-run`, { record: { name: '访客', company: '官网试运行有限公司', source: 'website', email: 'trial@example.com' } }, reader);
    expect(outsider.status).toBe(403);
  });
});
