/**
 * Through HTTP: the list request with 10 keep-alive connections against pgbench running the same
 * SQL with 10 clients; record creates one by one and in batches of 100.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openIdentity, type Runtime } from '@pipewright/runtime';
import { buildServer } from '@pipewright/server';
import { opportunity } from './bench-app.ts';
import { percentile } from './measure.ts';

export interface HttpFigures {
  pgbenchP50: number;
  listP50: number;
  listRps: number;
  listRatio: number;
  createRps: number;
  createP50: number;
  bulkRps: number;
  bulkItemsPerSecond: number;
}

const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 10);

export async function benchHttp(runtime: Runtime, serverUrl: string, location: string): Promise<HttpFigures> {
  const pgbenchP50 = await pgbench(serverUrl, location);
  // Requests authenticate as an integration would: a bearer API key holding the integration role.
  const identity = await openIdentity(runtime.database, { apps: runtime.apps });
  const admin = await identity.ensureAdmin({ password: 'bench-admin-password-1' });
  const { secret } = await identity.apiKeys.create({ name: 'bench', app: 'bench', role: 'integration', createdBy: admin.userId });
  const authorization = `Bearer ${secret}`;
  const app = buildServer({ runtime, identity, logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const filter = (owner: number) =>
      encodeURIComponent(JSON.stringify({ and: [{ field: 'stage', op: 'eq', value: 'negotiation' }, { field: 'owner_id', op: 'eq', value: owner }] }));
    let n = 0;
    const list = await autocannon({
      url: address,
      connections: 10,
      duration: seconds,
      headers: { authorization },
      requests: [{ setupRequest: (req) => ({ ...req, method: 'GET', path: `/api/apps/bench/records/opportunity?filter=${filter(1 + ((n++ * 31) % 2000))}&sort=-amount&pageSize=50&count=none` }) }],
    });
    if (list.non2xx > 0) throw new Error(`list requests failed: ${list.non2xx}`);
    let i = 2_000_000;
    const create = await autocannon({
      url: address,
      connections: 10,
      duration: seconds,
      requests: [{ setupRequest: (req) => ({ ...req, method: 'POST', path: '/api/apps/bench/records/opportunity', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(opportunity(i++)) }) }],
    });
    if (create.non2xx > 0) throw new Error(`create requests failed: ${create.non2xx}`);
    const bulk = await autocannon({
      url: address,
      connections: 10,
      duration: seconds,
      requests: [{
        setupRequest: (req) => ({
          ...req,
          method: 'POST',
          path: '/api/apps/bench/records/opportunity/bulk',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ create: Array.from({ length: 100 }, () => opportunity(i++)) }),
        }),
      }],
    });
    if (bulk.non2xx > 0) throw new Error(`bulk requests failed: ${bulk.non2xx}`);
    return {
      pgbenchP50,
      listP50: list.latency.p50,
      listRps: list.requests.average,
      listRatio: list.latency.p50 / pgbenchP50,
      createRps: create.requests.average,
      createP50: create.latency.p50,
      bulkRps: bulk.requests.average,
      bulkItemsPerSecond: bulk.requests.average * 100,
    };
  } finally {
    await app.close();
    await identity.close();
  }
}

/** p50 latency (ms) of the list SQL under pgbench with 10 clients, from its per-transaction log. */
async function pgbench(serverUrl: string, location: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-pgbench-'));
  const script = join(dir, 'list.sql');
  await writeFile(
    script,
    `\\set owner random(1, 2000)
SELECT id, created_at, updated_at, created_by, owner_id, version, deleted_at, name, stage, amount, probability, close_date, email
  FROM app_bench.opportunity WHERE deleted_at IS NULL AND stage = 'negotiation' AND owner_id = :owner
 ORDER BY amount DESC, id DESC LIMIT 51;
`,
  );
  const url = new URL(serverUrl);
  const database = location.split('/').pop()!.split('?')[0]!;
  const result = spawnSync(
    'pgbench',
    ['-n', '-c', '10', '-j', '2', '-T', String(seconds), '-f', script, '-l', '--log-prefix', join(dir, 'log'), '-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres'), database],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`pgbench failed: ${result.stderr}`);
  const latencies: number[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.startsWith('log'))) {
    for (const line of (await readFile(join(dir, file), 'utf8')).split('\n')) {
      const parts = line.trim().split(/\s+/);
      if (parts.length >= 3) latencies.push(Number(parts[2]) / 1000);
    }
  }
  return percentile(latencies, 50);
}
