/**
 * The browser tests' world: the studio's production build (made once per run by
 * global-setup.ts), the real server (`apps/server`'s
 * main, as `pnpm start` runs it) on a fresh PGlite directory with the sample app, Chromium
 * through puppeteer, and helpers to log in, call the API as the administrator, take
 * screenshots at 1440 and 390 px (into e2e/screenshots/) and run axe-core in the page.
 *
 * @example
 * const studio = await startStudio();
 * const page = await studio.newPage();
 * await studio.login(page, 'admin', studio.adminPassword);
 * await studio.screenshots(page, 'home');
 * await studio.close();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer';

const repository = fileURLToPath(new URL('../../..', import.meta.url));
export const screenshotDirectory = fileURLToPath(new URL('./screenshots', import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const adminPassword = 'e2e admin password';
export const widths = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;
export type Width = keyof typeof widths;

/** Chromium's flags for a shared, offline machine (team conventions). */
export const chromiumFlags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

export interface Studio {
  url: string;
  adminPassword: string;
  browser: Browser;
  /** A page in a fresh browser context (its own cookies), at the desktop width. */
  newPage(width?: Width): Promise<Page>;
  /** Logs in through the login page; resolves when the shell shows. */
  login(page: Page, login: string, password: string): Promise<void>;
  /** `fetch` to the API as the administrator (cookie and CSRF header set). */
  adminApi<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }>;
  /** Makes a user with a password and roles in the sample app. */
  createUser(login: string, name: string, roles: string[]): Promise<{ id: number; password: string }>;
  /** Screenshots of the page at 1440 and 390 px: `<name>-1440.png`, `<name>-390.png`. */
  screenshots(page: Page, name: string, settle?: (page: Page) => Promise<unknown>): Promise<string[]>;
  /** axe-core's serious and critical violations on the page as it is now. */
  axe(page: Page): Promise<AxeViolation[]>;
  /** Resolves when the page has stopped moving: fonts loaded, finite animations and transitions done, two frames painted. */
  settle(page: Page): Promise<void>;
  /** Content-Security-Policy violations the page reported since it was opened. */
  cspViolations(page: Page): Promise<string[]>;
  close(): Promise<void>;
}

export const sampleApp = 'lead_opportunity';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, server: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited (${server.exitCode}):\n${output()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not answer within ${timeoutMs} ms:\n${output()}`);
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const forced = setTimeout(() => server.kill('SIGKILL'), 10_000);
    server.once('exit', () => {
      clearTimeout(forced);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

/**
 * Waits until nothing on the page moves: web fonts loaded, every finite CSS animation and
 * transition (antd's motions) finished, no spinner in sight (what it stands for has loaded),
 * then two animation frames so the last layout is painted. Endless animations (spinners) are
 * not waited for themselves; a spinner still showing at the deadline is screenshotted as it is.
 */
export async function settlePage(page: Page, timeout = 10_000): Promise<void> {
  await page.evaluate(async (limit) => {
    const deadline = Date.now() + limit;
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await document.fonts.ready;
    for (;;) {
      await frame();
      const moving = document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity);
      // A spinner in sight is a part of the page still loading (a lazily loaded chunk, a query).
      const loading = [...document.querySelectorAll<HTMLElement>('.ant-spin-spinning, .pw-input-pending')].some((el) => el.getClientRects().length > 0);
      if (Date.now() > deadline) return;
      if (loading && moving.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      if (moving.length === 0) return;
      await Promise.race([Promise.all(moving.map((a) => a.finished.catch(() => undefined))), new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())))]);
    }
  }, timeout);
}

/** Starts the server on the studio's build, which the `browser` test project's global setup made current. */
export async function startStudio(): Promise<Studio> {
  mkdirSync(screenshotDirectory, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'pw-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', PIPEWRIGHT_DATA_DIR: dataDir, PIPEWRIGHT_ADMIN_PASSWORD: adminPassword, LOG_LEVEL: 'warn' };
  // Always a fresh embedded database: the sample app installs on first start.
  delete env.DATABASE_URL;
  let log = '';
  const server = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], { cwd: repository, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  let browser: Browser | undefined;
  try {
    await waitForHealth(url, server, () => log, 180_000);
    browser = await puppeteer.launch({ executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium', headless: true, args: chromiumFlags });
  } catch (error) {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const contexts: BrowserContext[] = [];

  let adminSession: { cookie: string; csrf: string } | undefined;
  const adminApi: Studio['adminApi'] = async (method, path, body) => {
    if (!adminSession) {
      const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: adminPassword }) });
      if (!response.ok) throw new Error(`admin login: ${response.status} ${await response.text()}`);
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      adminSession = { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
    }
    const headers: Record<string, string> = { cookie: adminSession.cookie, 'x-csrf-token': adminSession.csrf };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as never, headers: response.headers };
  };

  const studio: Studio = {
    url,
    adminPassword,
    browser,
    async newPage(width = 'desktop') {
      const context = await browser.createBrowserContext();
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      await page.evaluateOnNewDocument(() => {
        const seen: string[] = [];
        (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
        document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.sourceFile}:${event.lineNumber} ${event.sample}`));
      });
      await page.setViewport(widths[width]);
      return page;
    },
    async login(page, login, password) {
      if (!page.url().includes('/login')) await page.goto(`${url}/login`, { waitUntil: 'networkidle0' });
      await page.waitForSelector('#login');
      await page.type('#login', login);
      await page.type('#password', password);
      await page.click('button[type=submit]');
      await page.waitForSelector('.pw-shell', { timeout: 60_000 });
    },
    adminApi,
    async createUser(login, name, roles) {
      const password = `${login} password 123`;
      const created = await adminApi<{ id: number }>('POST', '/api/users', { login, name, password });
      if (created.status !== 201) throw new Error(`create ${login}: ${created.status} ${JSON.stringify(created.body)}`);
      const assigned = await adminApi('PUT', `/api/users/${created.body.id}/roles/${sampleApp}`, { roles });
      if (assigned.status !== 200) throw new Error(`roles of ${login}: ${assigned.status} ${JSON.stringify(assigned.body)}`);
      return { id: created.body.id, password };
    },
    async screenshots(page, name, settle) {
      const paths: string[] = [];
      const before = page.viewport();
      for (const width of ['desktop', 'phone'] as const) {
        await page.setViewport(widths[width]);
        await settlePage(page);
        if (settle) await settle(page);
        const path = join(screenshotDirectory, `${name}-${widths[width].width}.png`);
        await page.screenshot({ path, fullPage: true });
        paths.push(path);
      }
      if (before) await page.setViewport(before);
      return paths;
    },
    async axe(page) {
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
        const result = await axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
      });
      return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    },
    settle: settlePage,
    async cspViolations(page) {
      return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await stopServer(server);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return studio;
}
