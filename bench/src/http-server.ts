/**
 * The servers the HTTP benchmark loads, each in a process of its own as in production (the load
 * generator must not share their event loop). `BENCH_SERVER=runtime` builds the same fastify server
 * `pnpm start` runs; `BENCH_SERVER=floor` is the least a Node server can do for the same request:
 * one fastify route that reads the stage and owner from the filter, runs the hand-written SQL through the
 * same connection pool and returns the rows as `pg` gives them, with no authentication, checks or
 * permissions. Each listens on a free loopback port, reports it to the parent over IPC, and stops
 * on SIGTERM.
 */
import Fastify from 'fastify';
import { createDatabase, openIdentity, openRuntime } from '@pipewright/runtime';
import { buildServer } from '@pipewright/server';

const databaseUrl = process.env.BENCH_DATABASE_URL;
const kind = process.env.BENCH_SERVER;
if (!databaseUrl || !process.send || (kind !== 'runtime' && kind !== 'floor')) {
  throw new Error('http-server.ts is started by the HTTP benchmark (BENCH_DATABASE_URL, BENCH_SERVER and an IPC channel)');
}

const database = await createDatabase({ databaseUrl });
let close: () => Promise<void>;
let port: number;
if (kind === 'runtime') {
  const runtime = await openRuntime(database);
  const identity = await openIdentity(database, { apps: runtime.apps });
  const app = buildServer({ runtime, identity, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
  close = () => app.close().then(() => identity.close()).then(() => runtime.close());
} else {
  const app = Fastify({ logger: false });
  const text = `SELECT id, created_at, updated_at, created_by, owner_id, version, deleted_at, name, stage, amount, probability, close_date, email
    FROM app_bench.opportunity WHERE deleted_at IS NULL AND stage = $1 AND owner_id = $2 ORDER BY amount DESC, id DESC LIMIT 51`;
  app.get<{ Querystring: { filter: string } }>('/api/apps/bench/records/opportunity', async (request) => {
    const filter = JSON.parse(request.query.filter) as { and: [{ value: string }, { value: number }] };
    const { rows } = await database.executeSql(text, [filter.and[0].value, filter.and[1].value]);
    return { items: rows.slice(0, 50) };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
  close = () => app.close().then(() => database.close());
}
process.send({ port });

process.on('SIGTERM', () => {
  void close().then(() => process.exit(0));
});
