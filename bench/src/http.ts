/**
 * Through HTTP: the list request with 10 keep-alive connections against pgbench running the same
 * SQL with 10 clients; record creates one by one and in batches of 100. Every list request asks
 * for another owner and stage (`listRequest`), and what each response held is counted (rows and
 * bytes), so the figures say what was measured.
 */
import { fork, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openIdentity, type Runtime } from '@pipewright/runtime';
import { listRequest, opportunity, owners, PageTally, stages, type PageSizes } from './bench-app.ts';
import { percentile } from './measure.ts';

/** What the responses of one list load held. */
export interface ListLoadContent {
  rows: PageSizes;
  /** Body bytes per response. */
  bytes: PageSizes;
}

export interface HttpFigures {
  pgbenchP50: number;
  /** pgbench's own throughput (transactions per second, without connection time). */
  pgbenchTps: number;
  floorContent: ListLoadContent;
  listContent: ListLoadContent;
  /** The hand-written fastify route (http-server.ts, `floor`): the least a Node server does. */
  floorP50: number;
  floorMean: number;
  floorRps: number;
  listP50: number;
  listMean: number;
  listRps: number;
  /** Pipewright's list p50 against pgbench's (the target). */
  listRatio: number;
  /** Pipewright's mean list latency against the hand-written route's (autocannon's p50 is in whole ms). */
  listFloorRatio: number;
  rounds: number;
  /** The same ratio per interleaved round: its median and range show how steady the machine was. */
  listFloorRatioRounds: { median: number; min: number; max: number };
  createRps: number;
  createP50: number;
  bulkRps: number;
  bulkItemsPerSecond: number;
}

const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
/** The list loads run in this many interleaved rounds (floor, Pipewright, floor, …), `seconds / rounds` each. */
const rounds = Number(process.env.BENCH_HTTP_ROUNDS ?? 5);
/** Untimed load before each timed one, so both servers are measured warm (JIT, pools, caches). */
const warmUpSeconds = 3;

export async function benchHttp(runtime: Runtime, serverUrl: string, location: string): Promise<HttpFigures> {
  const { p50: pgbenchP50, tps: pgbenchTps } = await pgbench(serverUrl, location);
  // Requests authenticate as an integration would: a bearer API key holding the integration role.
  const identity = await openIdentity(runtime.database, { apps: runtime.apps });
  const admin = await identity.ensureAdmin({ password: 'bench-admin-password-1' });
  const { secret } = await identity.apiKeys.create({ name: 'bench', app: 'bench', role: 'integration', createdBy: admin.userId });
  const authorization = `Bearer ${secret}`;
  const floor = await startServer(location, 'floor');
  const server = await startServer(location, 'runtime');
  try {
    const floorLoad = new ListLoad(floor.address, {});
    const listLoad = new ListLoad(server.address, { authorization });
    await floorLoad.run(warmUpSeconds, { timed: false });
    await listLoad.run(warmUpSeconds, { timed: false });
    // Interleaved rounds: whatever else the machine does falls on both servers alike.
    const ratios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const f = await floorLoad.run(seconds / rounds);
      const l = await listLoad.run(seconds / rounds);
      ratios.push(l.latency.average / f.latency.average);
    }
    let i = 2_000_000;
    const create = await autocannon({
      url: server.address,
      connections: 10,
      duration: seconds,
      requests: [{ setupRequest: (req) => ({ ...req, method: 'POST', path: '/api/apps/bench/records/opportunity', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(opportunity(i++)) }) }],
    });
    if (create.non2xx > 0) throw new Error(`create requests failed: ${create.non2xx}`);
    const bulk = await autocannon({
      url: server.address,
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
    const f = floorLoad.figures();
    const l = listLoad.figures();
    return {
      pgbenchP50,
      pgbenchTps,
      floorContent: f.content,
      listContent: l.content,
      floorP50: f.p50,
      floorMean: f.mean,
      floorRps: f.rps,
      listP50: l.p50,
      listMean: l.mean,
      listRps: l.rps,
      listRatio: l.p50 / pgbenchP50,
      listFloorRatio: l.mean / f.mean,
      rounds,
      listFloorRatioRounds: { median: percentile(ratios, 50), min: Math.min(...ratios), max: Math.max(...ratios) },
      createRps: create.requests.average,
      createP50: create.latency.p50,
      bulkRps: bulk.requests.average,
      bulkItemsPerSecond: bulk.requests.average * 100,
    };
  } finally {
    await server.stop();
    await floor.stop();
    await identity.close();
  }
}

/**
 * The list request for another owner and stage each time, with 10 keep-alive connections, run in
 * rounds against one server; counts the rows (items) and bytes of every timed response, and
 * adds the rounds up (requests, mean latency weighted by requests, the median of the rounds' p50).
 */
class ListLoad {
  private n = 0;
  private readonly rows = new PageTally();
  private readonly bytes = new PageTally();
  private readonly results: autocannon.Result[] = [];

  constructor(private readonly address: string, private readonly headers: Record<string, string>) {}

  async run(duration: number, { timed = true } = {}): Promise<autocannon.Result> {
    const filter = (owner: number, stage: string) =>
      encodeURIComponent(JSON.stringify({ and: [{ field: 'stage', op: 'eq', value: stage }, { field: 'owner_id', op: 'eq', value: owner }] }));
    const result = await autocannon({
      url: this.address,
      connections: 10,
      duration,
      headers: this.headers,
      requests: [
        {
          setupRequest: (req) => {
            const { owner, stage } = listRequest(this.n++);
            return { ...req, method: 'GET', path: `/api/apps/bench/records/opportunity?filter=${filter(owner, stage)}&sort=-amount&pageSize=50&count=none` };
          },
          // Every record has one owner_id: counting the key counts the rows without parsing the body.
          onResponse: (_status, body) => {
            if (!timed) return;
            this.bytes.add(Buffer.byteLength(body));
            this.rows.add(occurrences(body, '"owner_id":'));
          },
        },
      ],
    });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`list requests failed: ${result.non2xx} non-2xx, ${result.errors} errors`);
    if (timed) this.results.push(result);
    return result;
  }

  figures(): { p50: number; mean: number; rps: number; content: ListLoadContent } {
    const requests = this.results.reduce((sum, r) => sum + r.requests.total, 0);
    const duration = this.results.reduce((sum, r) => sum + r.duration, 0);
    return {
      p50: percentile(this.results.map((r) => r.latency.p50), 50),
      mean: this.results.reduce((sum, r) => sum + r.latency.average * r.requests.total, 0) / requests,
      rps: requests / duration,
      content: { rows: this.rows.figures(), bytes: this.bytes.figures() },
    };
  }
}

function occurrences(text: string, part: string): number {
  let count = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + part.length)) count++;
  return count;
}

/** Starts bench/src/http-server.ts in its own process on the benchmark's database. */
async function startServer(location: string, kind: 'runtime' | 'floor'): Promise<{ address: string; stop: () => Promise<void> }> {
  const child = fork(new URL('./http-server.ts', import.meta.url), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_DATABASE_URL: location, BENCH_SERVER: kind },
  });
  const exited = once(child, 'exit').then(([code]) => Promise.reject(new Error(`the ${kind} benchmark server exited with ${String(code)}`)));
  const [message] = (await Promise.race([once(child, 'message'), exited])) as [{ port: number }];
  exited.catch(() => undefined);
  return {
    address: `http://127.0.0.1:${String(message.port)}`,
    stop: async () => {
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/**
 * The list SQL under pgbench with 10 clients, a random owner and one of the six stages per
 * transaction (one script per stage, equally weighted): p50 latency (ms) from its
 * per-transaction log, and pgbench's own tps.
 */
async function pgbench(serverUrl: string, location: string): Promise<{ p50: number; tps: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-pgbench-'));
  const scripts: string[] = [];
  for (const stage of stages) {
    const script = join(dir, `list-${stage}.sql`);
    await writeFile(
      script,
      `\\set owner random(1, ${owners})
SELECT id, created_at, updated_at, created_by, owner_id, version, deleted_at, name, stage, amount, probability, close_date, email
  FROM app_bench.opportunity WHERE deleted_at IS NULL AND stage = '${stage}' AND owner_id = :owner
 ORDER BY amount DESC, id DESC LIMIT 51;
`,
    );
    scripts.push('-f', `${script}@1`);
  }
  const url = new URL(serverUrl);
  const database = location.split('/').pop()!.split('?')[0]!;
  const result = spawnSync(
    'pgbench',
    ['-n', '-c', '10', '-j', '2', '-T', String(seconds), ...scripts, '-l', '--log-prefix', join(dir, 'log'), '-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres'), database],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`pgbench failed: ${result.stderr}`);
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(result.stdout)?.[1] ?? NaN);
  const latencies: number[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.startsWith('log'))) {
    for (const line of (await readFile(join(dir, file), 'utf8')).split('\n')) {
      const parts = line.trim().split(/\s+/);
      if (parts.length >= 3) latencies.push(Number(parts[2]) / 1000);
    }
  }
  return { p50: percentile(latencies, 50), tps };
}
