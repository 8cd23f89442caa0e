/**
 * The README's "Try it" walkthrough, run as written: its shell block, with curl, against a real
 * server listening on 127.0.0.1 with the template app installed. Only the port and the password
 * are put in. It must log in with a cookie the next calls send (the host is the same throughout),
 * create a lead, change it with If-Match and read the change in its history.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTemplate } from './template/install-template.ts';
import { openTestServer, testAdminPassword, type TestServer } from './testing/test-server.ts';

const run = promisify(execFile);

/** The first ```sh block after "## Try it". */
async function walkthrough(): Promise<string> {
  const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Try it'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('The README has no shell block under "## Try it"');
  return block[1]!;
}

let server: TestServer;
let directory: string;
beforeAll(async () => {
  server = await openTestServer();
  await installTemplate(server.runtime, { actor: { userId: server.adminId } });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  directory = await mkdtemp(join(tmpdir(), 'pw-readme-'));
});
afterAll(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

describe('the README walkthrough', () => {
  it('uses one host, logs in, reads, and writes: create, PATCH with If-Match, history', async () => {
    const script = await walkthrough();
    expect(script).not.toMatch(/localhost/);
    expect(script).toMatch(/-X PATCH/);
    const port = (server.app.server.address() as AddressInfo).port;
    const adapted = script
      .replace('API=http://127.0.0.1:3000/api', `API=http://127.0.0.1:${port}/api`)
      .replace("PASSWORD='the password printed at the first start'", `PASSWORD='${testAdminPassword}'`);
    expect(adapted).toContain(`127.0.0.1:${port}`);
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', adapted], { cwd: directory, timeout: 60_000 });
    // The last answers: the lead's history holds the PATCH of its status, made by the admin.
    expect(stdout).toMatch(/"action":"update"/);
    expect(stdout).toMatch(/"action":"update","actor":[0-9]+,[^}]*"changes":\{"status":\{"to":"contacted","from":"new"\}\}/);
    expect(stdout).not.toMatch(/"status":40[13]/);
  });
});
