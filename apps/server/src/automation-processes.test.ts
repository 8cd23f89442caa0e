/**
 * Automation across real operating-system processes on one PostgreSQL: two servers started as
 * `pnpm start` starts them, taking record creates and firing due timers, apply every rule once;
 * a server killed with SIGKILL in the middle of firing and started again leaves every due timer
 * done exactly once. PGlite is one process's embedded database, so these run on PostgreSQL only.
 */
import type { AppBundle } from '@pipewright/metadata';
import { openRuntime, openTestDatabase, testDatabaseKind, type Database, type Runtime } from '@pipewright/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { readTemplateBundle } from './template/install-template.ts';
import { startServerProcess, type ServerProcess } from './testing/server-process.ts';

const onPostgres = testDatabaseKind() === 'postgres';
const password = 'processes test password';
const app = 'lead_opportunity';

/** The template with one more ruleset: a follow-up task for every new account, due at once (a timer of 0 minutes). */
async function bundle(): Promise<AppBundle> {
  const template = (await readTemplateBundle()) as AppBundle;
  template.rules!.push({
    key: 'account_welcome',
    label: { 'zh-CN': '新客户回访', en: 'Welcome call for a new account' },
    version: 1,
    entity: 'account',
    triggers: ['timer'],
    timer: { field: 'created_at', offset: { amount: 0, unit: 'minutes' } },
    rules: [{ key: 'call', priority: 1, conditions: { and: [] }, actions: [{ type: 'createTask', title: "'回访客户 ' & name" }] }],
  });
  return template;
}

let database: Database | undefined;
let runtime: Runtime | undefined;
const processes: ServerProcess[] = [];
afterEach(async () => {
  for (const server of processes.splice(0)) await server.kill('SIGTERM');
  await runtime?.close();
  runtime = undefined;
  database = undefined;
});

async function openApp(): Promise<Runtime> {
  database = await openTestDatabase();
  runtime = await openRuntime(database);
  await database.executeSql(`INSERT INTO pipewright.users (id, login, name) VALUES (1, 'owner', 'Owner')`);
  await database.executeSql(`SELECT setval(pg_get_serial_sequence('pipewright.users', 'id'), 1)`);
  await runtime.apps.publish(await bundle(), { actor: 1 });
  return runtime;
}

async function start(): Promise<ServerProcess> {
  const server = await startServerProcess({ databaseUrl: database!.location, adminPassword: password });
  processes.push(server);
  return server;
}

async function session(server: ServerProcess): Promise<Record<string, string>> {
  const response = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password }) });
  expect(response.status).toBe(200);
  const cookie = /pw_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')![0];
  return { cookie, 'x-csrf-token': ((await response.json()) as { csrfToken: string }).csrfToken, 'content-type': 'application/json' };
}

async function count(text: string, values: unknown[] = []): Promise<number> {
  return Number((await database!.executeSql(text, values)).rows[0]?.n ?? 0);
}

const doneRuns = (ruleset: string) => count(`SELECT count(*)::int AS n FROM pipewright.automation_runs WHERE app = $1 AND ruleset = $2 AND status = 'done'`, [app, ruleset]);
const unfiredTimers = () => count(`SELECT count(*)::int AS n FROM pipewright.automation_timers WHERE ruleset = 'account_welcome' AND status <> 'fired'`);

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Tasks per account of the welcome rule: one each, none twice. */
async function welcomeTasks(): Promise<number[]> {
  const { rows } = await database!.executeSql(
    `SELECT count(t.id)::int AS n FROM app_${app}.account a LEFT JOIN pipewright.tasks t ON t.app = $1 AND t.entity = 'account' AND t.record_id = a.id AND t.ruleset = 'account_welcome'
      GROUP BY a.id ORDER BY a.id`,
    [app],
  );
  return rows.map((r) => Number(r.n));
}

describe.runIf(onPostgres)(`two server processes on one PostgreSQL (${testDatabaseKind()})`, () => {
  it('take creates on both and fire the due timers: no rule applied twice', async () => {
    await openApp();
    const first = await start();
    const second = await start();
    const sessions = [await session(first), await session(second)];
    const servers = [first, second];
    const creates = [];
    for (let i = 0; i < 40; i++) {
      const n = i % 2;
      creates.push(fetch(`${servers[n]!.url}/api/apps/${app}/records/account`, { method: 'POST', headers: sessions[n], body: JSON.stringify({ name: `双进程客户${i}有限公司` }) }));
      creates.push(fetch(`${servers[n]!.url}/api/apps/${app}/records/lead`, { method: 'POST', headers: sessions[n], body: JSON.stringify({ name: '访客', company: `双进程线索${i}有限公司`, source: 'exhibition', industry: 'finance' }) }));
    }
    for (const response of await Promise.all(creates)) expect(response.status, await response.clone().text()).toBe(201);
    await waitFor('the welcome tasks and the lead scores', async () => (await doneRuns('account_welcome')) === 40 && (await doneRuns('lead_scoring')) === 40);
    // A moment more for anything that would run twice.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await welcomeTasks()).toEqual(Array.from({ length: 40 }, () => 1));
    // Scored once each: 10 for a new finance lead.
    const { rows } = await database!.executeSql(`SELECT score FROM app_${app}.lead`);
    expect(rows.map((r) => Number(r.score))).toEqual(Array.from({ length: 40 }, () => 10));
    expect(await unfiredTimers()).toBe(0);
  }, 180_000);

  it('a server killed with SIGKILL while firing, and started again, leaves every due timer done exactly once', async () => {
    const runtime = await openApp();
    // 600 accounts whose welcome timers are all due: written before any server runs.
    const model = await runtime.apps.model(app);
    expect(model.key).toBe(app);
    await runtime.records.createMany(app, 'account', Array.from({ length: 600 }, (_, i) => ({ name: `断电客户${i}有限公司` })), { userId: 1 });
    expect(await count(`SELECT count(*)::int AS n FROM pipewright.automation_timers WHERE status = 'scheduled'`)).toBe(600);

    const doomed = await start();
    await waitFor('the first server to fire some timers', async () => (await doneRuns('account_welcome')) >= 20);
    await doomed.kill('SIGKILL');
    processes.splice(processes.indexOf(doomed), 1);
    const atKill = await doneRuns('account_welcome');
    expect(atKill).toBeLessThan(600);

    await start();
    await waitFor('every welcome timer', async () => (await doneRuns('account_welcome')) === 600);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await welcomeTasks()).toEqual(Array.from({ length: 600 }, () => 1));
    expect(await unfiredTimers()).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM pipewright.automation_runs WHERE ruleset = 'account_welcome' AND status <> 'done'`)).toBe(0);
  }, 240_000);
});

describe.skipIf(onPostgres)('two server processes (pglite)', () => {
  it.skip('need PostgreSQL (set DATABASE_URL): PGlite is one process’s embedded database, two processes cannot share it', () => undefined);
});
