import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from './address-ranges.ts';
import { OutboundPolicy, OutboundRefusedError } from './outbound-policy.ts';
import { sendOutbound } from './outbound-request.ts';

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, host = '127.0.0.1'): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

describe('the outbound policy (SSRF)', () => {
  it('knows public from private, loopback, link-local and their IPv6 forms', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:5db8:d822']) expect(isPublicAddress(address), address).toBe(true);
    for (const address of [
      '127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255',
      '::1', '::', 'fe80::1', 'fe80::1%eth0', 'fc00::1', 'fd12:3456::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '64:ff9b::a9fe:a9fe', '2002:7f00:1::', '::127.0.0.1', 'ff02::1', 'not an address',
    ]) expect(isPublicAddress(address), address).toBe(false);
  });

  it('refuses private, loopback and link-local URLs at the path given, in every spelling the URL parser accepts', () => {
    const policy = new OutboundPolicy();
    for (const url of [
      'http://127.0.0.1/', 'http://2130706433/', 'http://0x7f.1/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:8080/', 'http://[::ffff:127.0.0.1]/',
      'http://[fe80::1]/', 'http://10.0.0.8/hook', 'http://192.168.0.1/', 'http://0.0.0.0/',
    ]) {
      try {
        policy.checkUrl(url, '/robots/0/url');
        expect.unreachable(url);
      } catch (error) {
        expect(error, url).toBeInstanceOf(OutboundRefusedError);
        expect((error as OutboundRefusedError).problems[0]?.path).toBe('/robots/0/url');
      }
    }
    for (const url of ['ftp://example.com/', 'file:///etc/passwd', 'http://user:pw@example.com/', 'not a url']) expect(() => policy.checkUrl(url)).toThrow(OutboundRefusedError);
    expect(policy.checkUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k').hostname).toBe('qyapi.weixin.qq.com');
  });

  it('checks the addresses a name resolves to: a public-looking name that answers a private address is refused', async () => {
    const dns = new Map([['hooks.example.com', ['169.254.169.254']], ['mixed.example.com', ['93.184.216.34', '10.0.0.1']], ['ok.example.com', ['93.184.216.34']], ['v6.example.com', ['::1']]]);
    const policy = new OutboundPolicy([], async (host) => (dns.get(host) ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    await expect(policy.resolve(new URL('http://hooks.example.com/x'))).rejects.toThrow(/169\.254\.169\.254/);
    await expect(policy.resolve(new URL('http://mixed.example.com/x'))).rejects.toThrow(/10\.0\.0\.1/);
    await expect(policy.resolve(new URL('http://v6.example.com/x'))).rejects.toThrow(OutboundRefusedError);
    await expect(policy.resolve(new URL('http://nowhere.example.com/x'))).rejects.toThrow(/does not resolve/);
    expect(await policy.resolve(new URL('http://ok.example.com/x'))).toEqual([{ address: '93.184.216.34', family: 4 }]);
    // The real resolver: localhost is loopback.
    await expect(new OutboundPolicy().resolve(new URL('http://localhost:9/'))).rejects.toThrow(OutboundRefusedError);
  });

  it('reads the allow list: addresses, networks, address:port, [v6]:port and host names', () => {
    const policy = OutboundPolicy.fromEnvironment({ PIPEWRIGHT_WEBHOOK_ALLOW: '127.0.0.1:9000, 10.0.0.0/8, [::1]:9001, erp.internal:8443, 192.168.5.5' });
    const allows = (url: string, address: string) => policy.allows(new URL(url), { address, family: address.includes(':') ? 6 : 4 });
    expect(allows('http://127.0.0.1:9000/', '127.0.0.1')).toBe(true);
    expect(allows('http://127.0.0.1:9002/', '127.0.0.1')).toBe(false);
    expect(allows('http://10.9.9.9/', '10.9.9.9')).toBe(true);
    expect(allows('http://[::1]:9001/', '::1')).toBe(true);
    expect(allows('http://[::1]:9002/', '::1')).toBe(false);
    expect(allows('https://erp.internal:8443/', '10.20.0.1')).toBe(true);
    expect(allows('https://erp.internal/', '172.16.0.1')).toBe(false);
    expect(allows('http://192.168.5.5:1234/', '192.168.5.5')).toBe(true);
    expect(allows('http://169.254.169.254/', '169.254.169.254')).toBe(false);
    expect(() => OutboundPolicy.fromEnvironment({ PIPEWRIGHT_WEBHOOK_ALLOW: '10.0.0.0/99' })).toThrow(/PIPEWRIGHT_WEBHOOK_ALLOW/);
    expect(() => OutboundPolicy.fromEnvironment({ PIPEWRIGHT_WEBHOOK_ALLOW: 'http://x' })).toThrow(/PIPEWRIGHT_WEBHOOK_ALLOW/);
  });

  describe('over real HTTP on loopback', () => {
    let target: Awaited<ReturnType<typeof listen>>;
    let redirector: Awaited<ReturnType<typeof listen>>;
    beforeAll(async () => {
      target = await listen((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString('utf8')));
        req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, body })));
      });
      redirector = await listen((req, res) => {
        const to = req.url === '/to-metadata' ? 'http://169.254.169.254/latest/meta-data/' : `http://127.0.0.1:${target.port}/landed`;
        res.writeHead(req.url === '/keep' ? 307 : 302, { location: to }).end();
      });
    });
    afterAll(() => {
      target.server.close();
      redirector.server.close();
    });

    it('refuses a loopback endpoint that is not allow-listed, and sends nothing', async () => {
      await expect(sendOutbound(new OutboundPolicy(), { url: `http://127.0.0.1:${target.port}/hook`, json: { a: 1 } })).rejects.toThrow(OutboundRefusedError);
      expect(target.hits).toEqual([]);
    });

    it('sends to an allow-listed endpoint', async () => {
      const answer = await sendOutbound(new OutboundPolicy([`127.0.0.1:${target.port}`]), { url: `http://127.0.0.1:${target.port}/hook`, json: { 名字: '星辰' } });
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual({ method: 'POST', body: '{"名字":"星辰"}' });
    });

    it('checks every redirect: to a port not allowed, to the metadata address, or within the allow list', async () => {
      const onlyRedirector = new OutboundPolicy([`127.0.0.1:${redirector.port}`]);
      await expect(sendOutbound(onlyRedirector, { url: `http://127.0.0.1:${redirector.port}/go`, json: {} })).rejects.toThrow(/redirect/);
      await expect(sendOutbound(onlyRedirector, { url: `http://127.0.0.1:${redirector.port}/to-metadata`, json: {} })).rejects.toThrow(/169\.254\.169\.254/);
      expect(target.hits.filter((h) => h.includes('landed'))).toEqual([]);
      const both = new OutboundPolicy([`127.0.0.1:${redirector.port}`, `127.0.0.1:${target.port}`]);
      expect((await sendOutbound(both, { url: `http://127.0.0.1:${redirector.port}/go`, json: { x: 1 } })).json()).toEqual({ method: 'GET', body: '' });
      expect((await sendOutbound(both, { url: `http://127.0.0.1:${redirector.port}/keep`, json: { x: 1 } })).json()).toEqual({ method: 'POST', body: '{"x":1}' });
    });

    it('connects only to the addresses it checked, even when the name resolves elsewhere at connect time', async () => {
      // The policy's resolver says the name is on the allow-listed loopback port; the system
      // resolver does not know the name at all: the request still reaches the checked address.
      const policy = new OutboundPolicy([`robots.test:${target.port}`], async () => [{ address: '127.0.0.1', family: 4 }]);
      const answer = await sendOutbound(policy, { url: `http://robots.test:${target.port}/pinned`, json: { ok: true } });
      expect(answer.status).toBe(200);
      expect(target.hits).toContain('POST /pinned');
    });
  });
});
