/**
 * Leads per second through the HTTP create API with the sample app's automation on (territory
 * and round-robin assignment, scoring, follow-up tasks, validation rules) against the same creates
 * with automation off, on one database in one run. "On" counts until every lead is assigned and
 * scored (`automation.settled()`), not only until the creates answer. Rounds alternate off and on
 * so load from elsewhere on the machine falls on both; each round sends `count` creates, eight at
 * a time, over a real socket.
 */
import { Automation, openIdentity, openRuntime, openTestDatabase } from '@pipewright/runtime';
import { buildServer, installTemplate } from '@pipewright/server';
import { time } from './measure.ts';

export interface AutomationFigures {
  leadsPerRound: number;
  rounds: number;
  offMs: number;
  onMs: number;
  offLeadsPerSecond: number;
  onLeadsPerSecond: number;
  ratio: number;
}

const password = 'bench admin password';
const regions = [['310000'], ['110000'], ['440000'], ['510000'], ['320000']];
const sources = ['website', 'exhibition', 'referral', 'cold_call'];

export async function benchAutomation(count: number, rounds = 2): Promise<AutomationFigures> {
  const database = await openTestDatabase();
  const runtime = await openRuntime(database);
  const identity = await openIdentity(database, { apps: runtime.apps });
  const admin = await identity.ensureAdmin({ password });
  await installTemplate(runtime, { actor: { userId: admin.userId }, directory: identity.directory });
  const app = buildServer({ runtime, identity, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'admin', password } });
  const cookie = login.cookies.find((c) => c.name === 'pw_session')!;
  const headers = { cookie: `pw_session=${cookie.value}`, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken, 'content-type': 'application/json' };
  let n = 0;
  const createLeads = async () => {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        next++;
        const i = n++;
        const response = await fetch(`${url}/api/apps/lead_opportunity/records/lead`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ name: `访客${i}`, company: `基准线索${i}有限公司`, source: sources[i % sources.length], region: regions[i % regions.length], email: `lead${i}@example.com`, intent: (i % 5) + 1 }),
        });
        if (response.status !== 201) throw new Error(`create answered ${response.status}: ${await response.text()}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  };
  try {
    await createLeads(); // warm up
    let offMs = 0;
    let onMs = 0;
    for (let round = 0; round < rounds; round++) {
      offMs += await time(createLeads);
      const automation = await Automation.start(database, runtime.apps, { logError: () => undefined });
      const kick = () => automation.kick();
      runtime.records.onWrite.add(kick);
      await automation.settled(600_000); // the warm-up's and the last round's events first
      onMs += await time(async () => {
        await createLeads();
        await automation.settled(600_000);
      });
      runtime.records.onWrite.delete(kick);
      await automation.stop();
    }
    const total = count * rounds;
    return { leadsPerRound: count, rounds, offMs, onMs, offLeadsPerSecond: (total / offMs) * 1000, onLeadsPerSecond: (total / onMs) * 1000, ratio: onMs / offMs };
  } finally {
    await app.close();
    await identity.close();
    await runtime.close();
  }
}
