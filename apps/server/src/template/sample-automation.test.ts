import { testDatabaseKind } from '@pipewright/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type TestServer } from '../testing/test-server.ts';
import { installTemplate } from './install-template.ts';

let server: TestServer;
beforeAll(async () => {
  server = await openTestServer();
  // As `pnpm start` does: automation first, then the template with its organisation and sample data.
  await server.runtime.startAutomation({ sweepIntervalMs: 200, logError: () => undefined });
  const result = await installTemplate(server.runtime, { actor: { userId: server.adminId }, directory: server.identity.directory });
  expect(result).toMatchObject({ installed: true, app: 'lead_opportunity' });
  await server.runtime.automation!.settled();
}, 120_000);
afterAll(() => server?.close());

describe(`the template's lead rules on its sample data (${testDatabaseKind()})`, () => {
  it('assigns by territory, website leads in turn, key referrals to zhao.lei, and scores them', async () => {
    const leads = (await server.inject({ method: 'GET', url: '/api/apps/lead_opportunity/records/lead?sort=id' })).json<{ items: { name: string; owner_id: number; score: number }[] }>().items;
    const login = async (id: number) => (await server.identity.directory.getUser(id)).login;
    const byName = Object.fromEntries(await Promise.all(leads.map(async (l) => [l.name, { owner: await login(l.owner_id), score: l.score }])));
    expect(byName).toEqual({
      王磊: { owner: 'li.na', score: 0 }, // Zhejiang is in 华东大区: the east team in turn
      赵敏: { owner: 'zhao.lei', score: 30 }, // a VIP referral: 20 for the referral, 10 for healthcare
      孙浩: { owner: 'liu.yang', score: 0 }, // from the website: the web team in turn
    });
    const history = (await server.inject({ method: 'GET', url: `/api/apps/lead_opportunity/records/lead/1/history` })).json<{ items: { changes: Record<string, { because?: unknown }> }[] }>().items;
    expect(history.find((h) => h.changes.owner_id?.because)?.changes.owner_id?.because).toMatchObject({ ruleset: 'lead_assignment', rule: 'by_region', strategy: 'territory(华东大区) → roundRobin' });
  });
});
