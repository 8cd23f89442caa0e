import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBundle } from './testing/test-bundle.ts';
import { openTestServer, type TestServer } from './testing/test-server.ts';

describe('the server on a real socket', () => {
  let server: TestServer;
  let base: string;

  beforeAll(async () => {
    server = await openTestServer({ bundle: testBundle() });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => server.close());

  it('answers health, creates and reads a record, and refuses a stale write, over HTTP', async () => {
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: { status: 'up' } });

    const created = await fetch(`${base}/api/apps/sales_test/records/lead`, {
      method: 'POST',
      headers: { ...server.adminHeaders, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ name: '张伟', company: '华东贸易有限公司' }),
    });
    expect(created.status).toBe(201);
    const lead = (await created.json()) as { id: number };
    const location = created.headers.get('location')!;

    const read = await fetch(`${base}${location}`, { headers: server.adminHeaders });
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag')!;
    expect(etag).toBe('"1"');
    expect(await read.json()).toMatchObject({ id: lead.id, name: '张伟', company: '华东贸易有限公司' });

    const update = (ifMatch: string) =>
      fetch(`${base}${location}`, { method: 'PATCH', headers: { ...server.adminHeaders, 'content-type': 'application/json', 'if-match': ifMatch }, body: JSON.stringify({ status: 'contacted' }) });
    expect((await update(etag)).status).toBe(200);
    const stale = await update(etag);
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await stale.json()).toMatchObject({ code: 'record.stale' });
  });

  it('refuses invalid UTF-8 and oversize bodies over HTTP', async () => {
    const invalid = await fetch(`${base}/api/apps/sales_test/records/lead`, {
      method: 'POST',
      headers: { ...server.adminHeaders, 'content-type': 'application/json' },
      body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 'request.invalidUtf8' });

    const oversize = await fetch(`${base}/api/apps/sales_test/records/lead`, {
      method: 'POST',
      headers: { ...server.adminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', company: 'y'.repeat(2 * 1024 * 1024) }),
    });
    expect(oversize.status).toBe(413);
    expect(await oversize.json()).toMatchObject({ code: 'request.tooLarge' });
  });
});
