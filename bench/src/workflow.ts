/**
 * Workflows: quote approvals started and driven to completion through the HTTP API (start, then
 * the manager's approve; eight at a time over a real socket) against the same inserts and updates
 * done directly in SQL (the instance row, the record's two updates with their audit rows and
 * events, the task and its holder, the claim); and the first inbox page of a manager holding 5,000
 * pending tasks against the hand-written query that answers the same page.
 */
import { openIdentity, openRuntime, openTestDatabase, WorkflowService, workflowQuotesBundle } from '@pipewright/runtime';
import { buildServer } from '@pipewright/server';
import { sql } from 'kysely';
import { percentile, time } from './measure.ts';

export interface WorkflowFigures {
  approvals: number;
  httpMs: number;
  sqlMs: number;
  instancesPerSecond: number;
  ratio: number;
  inboxTasks: number;
  inboxIterations: number;
  inboxP50: number;
  handWrittenP50: number;
  inboxRatio: number;
}

const password = 'bench workflow password';
const app = workflowQuotesBundle.app.key;

async function parallel(count: number, workers: number, run: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < count) await run(next++);
  }));
}

export async function benchWorkflows(approvals: number, inboxTasks = 5000, inboxIterations = 200): Promise<WorkflowFigures> {
  const database = await openTestDatabase();
  const runtime = await openRuntime(database);
  const identity = await openIdentity(database, { apps: runtime.apps });
  const admin = await identity.ensureAdmin({ password });
  await runtime.apps.publish(workflowQuotesBundle, { actor: admin.userId });
  const director = (await identity.directory.createUser({ login: 'director', name: '总监', password })).id;
  const manager = (await identity.directory.createUser({ login: 'manager', name: '经理', password, managerId: director })).id;
  const rep = (await identity.directory.createUser({ login: 'rep', name: '销售', password, managerId: manager })).id;
  await identity.directory.setRoles(manager, app, ['sales_manager']);
  await identity.directory.setRoles(rep, app, ['sales_rep']);
  const workflows = new WorkflowService({ database, apps: runtime.apps, records: runtime.records, directory: identity.directory });
  const server = buildServer({ runtime, identity, workflows, logger: false });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  const headersOf = async (login: string) => {
    const answer = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password } });
    const cookie = answer.cookies.find((c) => c.name === 'pw_session')!;
    return { cookie: `pw_session=${cookie.value}`, 'x-csrf-token': answer.json<{ csrfToken: string }>().csrfToken, 'content-type': 'application/json' };
  };
  const repHeaders = await headersOf('rep');
  const managerHeaders = await headersOf('manager');
  const quotes = async (count: number) => (await runtime.records.createMany(app, 'quote', Array.from({ length: count }, (_, i) => ({ title: `基准报价 ${i}`, discount: 20 })), { userId: rep }, { returning: 'ids' })).map((r) => Number(r.id));
  const post = async (path: string, headers: Record<string, string>, body: unknown) => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (response.status >= 300) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return response.json() as Promise<{ openTasks: { id: number }[]; status: string }>;
  };
  try {
    const approve = async (ids: number[]) =>
      parallel(ids.length, 8, async (i) => {
        const started = await post(`/api/apps/${app}/workflows/quote_approval/start`, repHeaders, { recordId: ids[i] });
        await post(`/api/tasks/${started.openTasks[0]!.id}/approve`, managerHeaders, {});
      });
    await approve(await quotes(Math.min(200, approvals))); // warm up
    const httpIds = await quotes(approvals);
    const httpMs = await time(() => approve(httpIds));

    // The same rows written by hand: what the engine's two steps store.
    const state = JSON.stringify((await workflows.instance((await workflows.instancesOn(app, 'quote', httpIds[0]!))[0]!.id))!.state);
    const schema = `app_${app}`;
    const sqlIds = await quotes(approvals);
    const sqlMs = await time(() =>
      parallel(sqlIds.length, 8, async (i) => {
        const id = sqlIds[i]!;
        const db = database.db;
        const instanceId = await db.transaction().execute(async (trx) => {
          await sql`SELECT * FROM ${sql.table(`${schema}.quote`)} WHERE id = ${id} FOR UPDATE`.execute(trx);
          const { rows } = await sql<{ id: string }>`
            INSERT INTO pipewright.workflow_instances (app, workflow, version, app_version, entity, record_id, status, state, step_no, started_by, started_at)
            VALUES (${app}, 'quote_approval_sql', 1, '1.0.0', 'quote', ${id}, 'running', ${state}::jsonb, 1, ${rep}, now()) RETURNING id`.execute(trx);
          await sql`UPDATE ${sql.table(`${schema}.quote`)} SET approval_status = 'pending', version = version + 1, updated_at = now() WHERE id = ${id}`.execute(trx);
          await sql`INSERT INTO ${sql.table(`${schema}._audit`)} (entity, record_id, action, changes, actor) VALUES ('quote', ${id}, 'update', '{"approval_status":{"from":"draft","to":"pending"}}'::jsonb, ${rep})`.execute(trx);
          await sql`INSERT INTO pipewright.record_events (app, entity, record_id, kind, changed, actor, depth) VALUES (${app}, 'quote', ${id}, 'update', '{approval_status}', ${rep}, 2)`.execute(trx);
          const task = await sql<{ id: string }>`
            INSERT INTO pipewright.workflow_tasks (instance, engine_id, node, kind, assignee, user_ids, status, created_at)
            VALUES (${rows[0]!.id}, 'task/1', 'manager', 'approval', '{"type":"manager"}'::jsonb, ${`{${manager}}`}::bigint[], 'open', now()) RETURNING id`.execute(trx);
          await sql`INSERT INTO pipewright.workflow_task_holders (task, user_id, status) VALUES (${task.rows[0]!.id}, ${manager}, 'open')`.execute(trx);
          return Number(rows[0]!.id);
        });
        await db.transaction().execute(async (trx) => {
          await sql`SELECT * FROM pipewright.workflow_instances WHERE id = ${instanceId}`.execute(trx);
          await sql`SELECT * FROM ${sql.table(`${schema}.quote`)} WHERE id = ${id}`.execute(trx);
          await sql`UPDATE pipewright.workflow_instances SET state = ${state}::jsonb, step_no = step_no + 1, status = 'approved', ended_at = now() WHERE id = ${instanceId} AND step_no = 1`.execute(trx);
          await sql`UPDATE ${sql.table(`${schema}.quote`)} SET approval_status = 'approved', version = version + 1, updated_at = now() WHERE id = ${id}`.execute(trx);
          await sql`INSERT INTO ${sql.table(`${schema}._audit`)} (entity, record_id, action, changes, actor) VALUES ('quote', ${id}, 'update', '{"approval_status":{"from":"pending","to":"approved"}}'::jsonb, ${manager})`.execute(trx);
          await sql`INSERT INTO pipewright.record_events (app, entity, record_id, kind, changed, actor, depth) VALUES (${app}, 'quote', ${id}, 'update', '{approval_status}', ${manager}, 2)`.execute(trx);
          const task = await sql<{ id: string }>`UPDATE pipewright.workflow_tasks SET status = 'done', acted_by = ${manager}, action = 'approve', acted_at = now() WHERE instance = ${instanceId} AND status = 'open' RETURNING id`.execute(trx);
          await sql`UPDATE pipewright.workflow_task_holders SET status = 'closed' WHERE task = ${task.rows[0]!.id}`.execute(trx);
        });
      }),
    );

    // A manager holding 5,000 pending tasks: started through the service (not timed).
    const pendingIds = await quotes(inboxTasks);
    await parallel(pendingIds.length, 8, async (i) => void (await workflows.start(app, 'quote_approval', pendingIds[i]!, { userId: rep })));
    const inboxSamples: number[] = [];
    const handSamples: number[] = [];
    for (let i = 0; i < inboxIterations; i++) {
      inboxSamples.push(
        await time(async () => {
          const response = await fetch(`${url}/api/tasks?limit=50`, { headers: managerHeaders });
          const page = (await response.json()) as { items: unknown[] };
          if (page.items.length !== 50) throw new Error(`the inbox answered ${page.items.length} items`);
        }),
      );
      handSamples.push(
        await time(async () => {
          await sql`
            SELECT t.id, t.node, t.kind, t.status, t.created_at, t.acted_at, t.action, i.id AS instance, i.app, i.workflow, i.entity, i.record_id, i.started_at, q.title, u.name AS started_by
              FROM pipewright.workflow_task_holders h
              JOIN pipewright.workflow_tasks t ON t.id = h.task
              JOIN pipewright.workflow_instances i ON i.id = t.instance
              JOIN ${sql.table(`${schema}.quote`)} q ON q.id = i.record_id
              LEFT JOIN pipewright.users u ON u.id = i.started_by
             WHERE h.user_id = ${manager} AND h.status = 'open'
             ORDER BY h.task DESC LIMIT 50`.execute(database.db);
          await sql`SELECT (SELECT count(*) FROM pipewright.workflow_task_holders WHERE user_id = ${manager} AND status = 'open'), (SELECT count(*) FROM pipewright.workflow_tasks WHERE acted_by = ${manager})`.execute(database.db);
        }),
      );
    }
    const inboxP50 = percentile(inboxSamples, 50);
    const handWrittenP50 = percentile(handSamples, 50);
    return { approvals, httpMs, sqlMs, instancesPerSecond: (approvals / httpMs) * 1000, ratio: httpMs / sqlMs, inboxTasks, inboxIterations, inboxP50, handWrittenP50, inboxRatio: inboxP50 / handWrittenP50 };
  } finally {
    await server.close();
    await identity.close();
    await runtime.close();
  }
}
