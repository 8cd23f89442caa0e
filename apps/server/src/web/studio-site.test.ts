import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../app.ts';
import { openTestServer, type TestServer } from '../testing/test-server.ts';
import { isClientRoute, noncePlaceholder } from './studio-site.ts';

let server: TestServer;
let site: FastifyInstance;
let bare: FastifyInstance;
let directory: string;

beforeAll(async () => {
  server = await openTestServer();
  directory = mkdtempSync(join(tmpdir(), 'pw-studio-'));
  mkdirSync(join(directory, 'assets'));
  writeFileSync(
    join(directory, 'index.html'),
    `<!doctype html><html><head><meta property="csp-nonce" nonce="${noncePlaceholder}"><script type="module" nonce="${noncePlaceholder}" src="/assets/index-AbC123.js"></script></head><body><div id="root"></div></body></html>`,
  );
  writeFileSync(join(directory, 'assets', 'index-AbC123.js'), 'console.log(1);');
  writeFileSync(join(directory, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  site = buildServer({ runtime: server.runtime, identity: server.identity, studioDirectory: directory });
  bare = buildServer({ runtime: server.runtime, identity: server.identity, studioDirectory: join(directory, 'missing') });
  await Promise.all([site.ready(), bare.ready()]);
});
afterAll(async () => {
  await site.close();
  await bare.close();
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('the studio build at /', () => {
  it('answers the page with a fresh nonce in it and in its Content-Security-Policy', async () => {
    const first = await site.inject({ method: 'GET', url: '/' });
    const second = await site.inject({ method: 'GET', url: '/' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/html/);
    expect(first.body).not.toContain(noncePlaceholder);
    const nonce = /nonce="([^"]+)"/.exec(first.body)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(second.body).not.toContain(nonce);
    const policy = String(first.headers['content-security-policy']);
    expect(policy).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(first.headers['x-frame-options']).toBe('DENY');
    expect(first.headers['cache-control']).toBe('no-store');
  });

  it('answers the page for client routes, so a reload of /apps/x/views/y works', async () => {
    const response = await site.inject({ method: 'GET', url: '/apps/lead_opportunity/views/lead_all?page=2' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<div id="root">');
  });

  it('serves hashed assets for a year, immutable; other files revalidated', async () => {
    const asset = await site.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const icon = await site.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('answers 404 for a missing file and for /index.html itself (it is only served with its nonce)', async () => {
    for (const url of ['/assets/index-Old999.js', '/robots.txt', '/index.html']) {
      const response = await site.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('keeps unknown API paths 404 problems, and every API answer uncached and unframable', async () => {
    const unknown = await site.inject({ method: 'GET', url: '/api/no/such/thing', headers: server.adminHeaders });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'route.notFound' });
    const health = await site.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.headers['cache-control']).toBe('no-store');
    expect(health.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    const apps = await site.inject({ method: 'GET', url: '/api/apps', headers: server.adminHeaders });
    expect(apps.headers['cache-control']).toBe('no-store');
  });

  it('says how to build the studio when the build is missing', async () => {
    const response = await bare.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('pnpm start');
    const api = await bare.inject({ method: 'GET', url: '/api/health' });
    expect(api.statusCode).toBe(200);
  });
});

describe('isClientRoute', () => {
  it('is a path without a file extension outside /api', () => {
    expect(isClientRoute('/')).toBe(true);
    expect(isClientRoute('/admin/users')).toBe(true);
    expect(isClientRoute('/api/users')).toBe(false);
    expect(isClientRoute('/api')).toBe(false);
    expect(isClientRoute('/favicon.ico')).toBe(false);
  });
});
