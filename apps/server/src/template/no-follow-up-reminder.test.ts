import { ManualClock } from '@pipewright/engines';
import { Notifications, ruleNotifications, testDatabaseKind } from '@pipewright/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestServer, type TestServer } from '../testing/test-server.ts';
import { installTemplate } from './install-template.ts';
import { createSampleOrganisation } from './sample-organisation.ts';

const app = 'lead_opportunity';
const day = 86_400_000;
let server: TestServer;
let notifications: Notifications;
const clock = new ManualClock();
const errors: string[] = [];

beforeAll(async () => {
  server = await openTestServer();
  notifications = await Notifications.open(server.runtime, server.identity.directory);
  await server.runtime.startAutomation({ clock, sweepIntervalMs: 200, deliver: ruleNotifications(notifications), logError: (message, details) => errors.push(`${message}: ${String(details.error)}`) });
  const result = await installTemplate(server.runtime, { actor: { userId: server.adminId }, sampleData: false });
  expect(result).toMatchObject({ installed: true, app });
  await createSampleOrganisation(server.identity.directory, app);
}, 120_000);
afterAll(async () => {
  await notifications?.close();
  await server?.close();
});

async function createLead(company: string): Promise<{ id: number; owner: number }> {
  const response = await server.inject({ method: 'POST', url: `/api/apps/${app}/records/lead`, payload: { name: '访客', company, source: 'website', email: 'visitor@example.com' } });
  expect(response.statusCode, response.body).toBe(201);
  const id = response.json<{ id: number }>().id;
  await server.runtime.automation!.settled();
  // The template's assignment rules give a website lead to the web team in turn.
  const owner = (await server.inject({ method: 'GET', url: `/api/apps/${app}/records/lead/${id}` })).json<{ owner_id: number }>().owner_id;
  return { id, owner };
}

async function remindersAbout(userId: number, leadId: number) {
  const { items } = await notifications.inbox.list(userId);
  return items.filter((n) => n.source === 'rule:lead_no_follow_up/remind_owner_and_manager' && n.record?.id === leadId);
}

describe(`the template's 3-day no-follow-up reminder, on a controllable clock (${testDatabaseKind()})`, () => {
  it('reminds the owner and their manager once when a lead is still new 3 days after creation, and nobody about a lead followed up in time', async () => {
    const manager = (await server.identity.directory.findUserId('ma.jun'))!;
    const forgotten = await createLead('三天未跟进有限公司');
    const followed = await createLead('及时跟进有限公司');
    expect(forgotten.owner).not.toBe(server.adminId);

    clock.advance(day);
    const patch = await server.inject({ method: 'PATCH', url: `/api/apps/${app}/records/lead/${followed.id}`, payload: { status: 'contacted' } });
    expect(patch.statusCode).toBe(200);
    await server.runtime.automation!.settled();
    // Two days on, nothing is due yet.
    clock.advance(day);
    await server.runtime.automation!.settled();
    expect(await remindersAbout(forgotten.owner, forgotten.id)).toEqual([]);

    clock.advance(day + 60_000);
    await server.runtime.automation!.settled();
    expect(await remindersAbout(forgotten.owner, forgotten.id)).toEqual([expect.objectContaining({ title: '线索三天未跟进：三天未跟进有限公司', record: { app, entity: 'lead', id: forgotten.id } })]);
    expect(await remindersAbout(manager, forgotten.id)).toHaveLength(1);
    for (const user of [followed.owner, manager]) expect(await remindersAbout(user, followed.id)).toEqual([]);

    // Later rounds, and a restatement of the same status, fire nothing again.
    await server.inject({ method: 'PATCH', url: `/api/apps/${app}/records/lead/${forgotten.id}`, payload: { company: '三天未跟进科技有限公司' } });
    clock.advance(4 * day);
    await server.runtime.automation!.settled();
    expect(await remindersAbout(forgotten.owner, forgotten.id)).toHaveLength(1);
    expect(await remindersAbout(manager, forgotten.id)).toHaveLength(1);

    const log = await server.runtime.automation!.log(app, { recordId: forgotten.id });
    expect(log.filter((r) => r.ruleset === 'lead_no_follow_up')).toEqual([expect.objectContaining({ event: 'timer', status: 'done', matched: ['remind_owner_and_manager'] })]);
    expect(errors).toEqual([]);
  });
});
