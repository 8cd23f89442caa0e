import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppBundle } from '@pipewright/metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../database/testing.ts';
import { OutboundPolicy } from '../outbound/outbound-policy.ts';
import type { Runtime } from '../runtime.ts';
import { admin, openTestRuntime } from '../testing/runtime-fixture.ts';
import type { Automation } from './automation.ts';
import { addSalesOrganisation, salesApp } from './automation.fixture.ts';

const app = salesApp.app.key;
const l = (en: string) => ({ 'zh-CN': en, en });

/** A local receiver: answers 500 to the first call of a path listed in `failFirst`, 200 after. */
const received: { path: string; headers: IncomingHttpHeaders; body: unknown }[] = [];
const failFirst = new Set(['/flaky']);
let receiver: Server;
let port: number;
let runtime: Runtime;
let automation: Automation;
const errors: string[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const path = request.url ?? '';
      received.push({ path, headers: request.headers, body: JSON.parse(text) as unknown });
      const fail = failFirst.delete(path);
      response.writeHead(fail ? 500 : 200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  port = (receiver.address() as AddressInfo).port;

  const bundle: AppBundle = structuredClone(salesApp);
  bundle.rules!.push({
    key: 'erp_sync',
    label: l('Send finance leads to the ERP'),
    version: 1,
    entity: 'lead',
    triggers: ['create'],
    rules: [
      { key: 'whole_record', priority: 4, conditions: { field: 'industry', op: 'eq', value: 'finance' }, actions: [{ type: 'callWebhook', url: `http://127.0.0.1:${port}/leads` }] },
      { key: 'summary', priority: 3, conditions: { field: 'industry', op: 'eq', value: 'finance' }, actions: [{ type: 'callWebhook', url: `http://127.0.0.1:${port}/flaky`, method: 'PUT', body: "company & ' / ' & name" }] },
      { key: 'intranet', priority: 2, conditions: { field: 'industry', op: 'eq', value: 'finance' }, actions: [{ type: 'callWebhook', url: 'http://10.20.30.40/hook' }] },
      { key: 'other_port', priority: 1, conditions: { field: 'industry', op: 'eq', value: 'finance' }, actions: [{ type: 'callWebhook', url: `http://127.0.0.1:${port + 1}/hook` }] },
    ],
  });
  runtime = await openTestRuntime(bundle);
  await addSalesOrganisation(runtime, app);
  // Only the receiver's own address and port is allowed, as an administrator would allow it.
  automation = await runtime.startAutomation({ sweepIntervalMs: 200, outbound: new OutboundPolicy([`127.0.0.1:${port}`]), logError: (message, details) => errors.push(`${message}: ${String(details.error)}`) });
}, 120_000);
afterAll(async () => {
  await runtime?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe(`the callWebhook action through the outbound policy (${testDatabaseKind()})`, () => {
  it('sends the record to an allowed local receiver once, retries a 500 with the same idempotency key, and refuses private addresses', async () => {
    const lead = await runtime.records.create(app, 'lead', { name: '刘总', company: '上海金融科技有限公司', source: 'exhibition', industry: 'finance' }, admin);
    await runtime.records.create(app, 'lead', { name: '王总', company: '零售有限公司', source: 'exhibition', industry: 'retail' }, admin);
    await automation.settled();

    const leads = received.filter((r) => r.path === '/leads');
    expect(leads).toHaveLength(1);
    expect(leads[0]!.body).toMatchObject({ id: lead.id, company: '上海金融科技有限公司', industry: 'finance' });
    expect(leads[0]!.headers['content-type']).toMatch(/^application\/json/);
    expect(leads[0]!.headers['x-pipewright-record']).toBe(`${app}/lead/${lead.id as number}`);

    // The flaky endpoint failed once and got the same call again, with the same key.
    const flaky = received.filter((r) => r.path === '/flaky');
    expect(flaky.map((r) => r.body)).toEqual(['上海金融科技有限公司 / 刘总', '上海金融科技有限公司 / 刘总']);
    expect(new Set(flaky.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(errors.filter((e) => e.startsWith('automation webhook failed'))).toEqual([expect.stringContaining('answered 500')]);

    const [run] = (await automation.log(app, { recordId: lead.id as number })).filter((r) => r.ruleset === 'erp_sync');
    expect(run!.status).toBe('done');
    expect(run!.effects.map((e) => e.result)).toEqual([
      `queued POST http://127.0.0.1:${port}/leads`,
      `queued PUT http://127.0.0.1:${port}/flaky`,
      expect.stringMatching(/^refused: 10\.20\.30\.40 is a private, loopback or link-local address/),
      expect.stringMatching(new RegExp(`^refused: 127\\.0\\.0\\.1:${port + 1} is a private, loopback or link-local address`)),
    ]);
    expect(received.every((r) => r.path === '/leads' || r.path === '/flaky')).toBe(true);
  }, 60_000);
});
