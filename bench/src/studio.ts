/**
 * The studio in headless Chromium against the real server (`apps/server`'s main, as `pnpm start`
 * runs it) on a fresh PostgreSQL database holding the sample app and `rows` opportunities
 * (seeded by one set-based `INSERT … SELECT generate_series`, not through the API):
 *
 * - **list load**: navigation to the list "全部商机" drawn with at least 50 rows, p50 over `loads`
 *   loads, against the same list request (the URL the page asked for, captured) made by `fetch`
 *   alone in the same page, interleaved; the ratio is the issue's figure (target ≤ 3x);
 * - **first route**: the JavaScript the browser downloads for the login page and the first list
 *   it lands on, each script gzipped as served (target ≤ 400 KB);
 * - **scrolling**: a sales rep who owns 10,000 of the opportunities scrolls their list to the end;
 *   the most table rows the DOM held at once (target < 300).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { openTestDatabase, type Database } from '@pipewright/runtime';
import { percentile, time } from './measure.ts';

/** What the functions run in the page use of its globals (the bench compiles without the DOM library). */
interface PageElement {
  innerText: string;
  scrollTop: number;
  clientHeight: number;
  scrollHeight: number;
}
declare const document: { querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): { length: number } };

export interface StudioFigures {
  rows: number;
  seedSeconds: number;
  loads: number;
  /** Navigation start to ≥ 50 rows drawn, per load (ms). */
  pageP50: number;
  pageP95: number;
  /** The same list request by `fetch` in the page, body read as JSON (ms). */
  fetchP50: number;
  fetchP95: number;
  ratioP50: number;
  rowsDrawn: number;
  listRequest: string;
  loginKiB: number;
  firstRouteKiB: number;
  firstRouteFiles: number;
  scrollRecords: number;
  scrollLoaded: number;
  scrollMostDomRows: number;
  scrollPages: number;
}

const repository = fileURLToPath(new URL('../..', import.meta.url));
const app = 'lead_opportunity';
const listPath = `/apps/${app}/views/opportunity_all`;
const listRequestPart = `/api/apps/${app}/records/opportunity?`;
const adminPassword = 'bench studio admin password';
const repLogin = 'bench.rep';
const repPassword = 'bench rep password 123';
/** Every this-many-th opportunity belongs to the rep: 10,000 of 1,000,000. */
const repShare = 100;
const flags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
/** Tall enough for the virtual table to draw 50 rows at once (47 px each). */
const tallViewport = { width: 1440, height: 2700 };

export async function benchStudio(rows: number, loads: number): Promise<StudioFigures> {
  const built = spawnSync('pnpm', ['--filter', '@pipewright/studio', 'ensure-build'], { cwd: repository, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the studio build failed');
  const database = await openTestDatabase();
  if (database.kind !== 'postgres') throw new Error('the studio benchmark needs PostgreSQL (DATABASE_URL)');
  const dataDir = mkdtempSync(join(tmpdir(), 'pw-bench-studio-'));
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    server = startServer(database.location, port, dataDir);
    await waitForHealth(url, server, 180_000);
    const admin = await apiSession(url, 'admin', adminPassword);
    const rep = await admin('POST', '/api/users', { login: repLogin, name: 'Bench Rep', password: repPassword });
    const repId = (rep as { id: number }).id;
    await admin('PUT', `/api/users/${repId}/roles/${app}`, { roles: ['sales_rep'] });

    const seedMs = await time(() => seed(database, rows, repId));

    browser = await puppeteer.launch({ executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium', headless: true, args: flags });
    const bundle = await firstRoute(browser, url, admin.cookie);
    const load = await listLoads(browser, url, loads);
    const scroll = await scrollRepList(browser, url);
    return {
      rows,
      seedSeconds: seedMs / 1000,
      loads,
      ...load,
      ratioP50: load.pageP50 / load.fetchP50,
      ...bundle,
      ...scroll,
    };
  } finally {
    await browser?.close().catch(() => undefined);
    if (server) await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
    await database.close();
  }
}

/** One set-based insert: owners cycle through the sample's users, every 100th row is the rep's. */
async function seed(database: Database, rows: number, repId: number): Promise<void> {
  const db = database.db;
  await sql`
    INSERT INTO app_lead_opportunity.opportunity
      (created_by, owner_id, opportunity_no, name, account, stage, probability, amount, discount, final_amount, weighted_amount, expected_close_date)
    SELECT 1,
           CASE WHEN i % ${repShare} = 0 THEN ${repId}::bigint ELSE u.ids[1 + i % array_length(u.ids, 1)] END,
           'OPP-B-' || lpad(i::text, 7, '0'),
           'Bench opportunity ' || i,
           a.ids[1 + i % array_length(a.ids, 1)],
           (ARRAY['initial_contact','needs_analysis','proposal','negotiation','won','lost'])[1 + i % 6],
           (i * 37) % 100,
           ((i::bigint * 104729) % 10000000) / 100.0, 0,
           ((i::bigint * 104729) % 10000000) / 100.0,
           ((i::bigint * 104729) % 10000000) / 100.0 * ((i * 37) % 100) / 100,
           date '2026-01-01' + (i % 730)
      FROM generate_series(1, ${rows}::int) AS i,
           (SELECT array_agg(id ORDER BY id) AS ids FROM pipewright.users WHERE id <> ${repId}) AS u,
           (SELECT array_agg(id ORDER BY id) AS ids FROM app_lead_opportunity.account) AS a`.execute(db);
  await sql`ANALYZE app_lead_opportunity.opportunity`.execute(db);
}

/**
 * The gzipped JavaScript the browser downloads, each time with an empty cache: for the login
 * page, and for the list opened directly by a signed-in user (a bookmark, a reload).
 */
async function firstRoute(browser: Browser, url: string, cookie: string): Promise<{ loginKiB: number; firstRouteKiB: number; firstRouteFiles: number }> {
  const measure = async (path: string, signedIn: boolean) => {
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      await page.setViewport({ width: 1440, height: 900 });
      if (signedIn) {
        const [name, ...value] = cookie.split('=');
        await context.setCookie({ name: name!, value: value.join('='), domain: '127.0.0.1', path: '/' });
      }
      const scripts = new Map<string, Promise<number>>();
      page.on('response', (response) => {
        if (!/\.js(\?|$)/.test(response.url()) || scripts.has(response.url())) return;
        scripts.set(response.url(), response.buffer().then((body) => gzipSync(body).length, () => 0));
      });
      await page.goto(`${url}${path}`, { waitUntil: 'networkidle0' });
      if (signedIn) await page.waitForSelector('[data-testid=record-table] .ant-table-row');
      await page.waitForNetworkIdle();
      return { kib: (await Promise.all(scripts.values())).reduce((x, y) => x + y, 0) / 1024, files: scripts.size };
    } finally {
      await context.close();
    }
  };
  const login = await measure('/login', false);
  const list = await measure(listPath, true);
  return { loginKiB: login.kib, firstRouteKiB: list.kib, firstRouteFiles: list.files };
}

async function listLoads(browser: Browser, url: string, loads: number) {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport(tallViewport);
    await logIn(page, url, 'admin', adminPassword);
    let listRequest = '';
    page.on('request', (request) => {
      if (request.url().includes(listRequestPart) && !request.url().includes('cursor=')) listRequest = request.url();
    });
    const pageTimes: number[] = [];
    const fetchTimes: number[] = [];
    let rowsDrawn = 0;
    // Two untimed rounds: the browser's cache holds the hashed scripts, the server is warm.
    for (let i = -2; i < loads; i++) {
      const drawn = await loadList(page, url);
      const fetched = await page.evaluate(async (request) => {
        const start = performance.now();
        const response = await fetch(request, { credentials: 'same-origin' });
        await response.json();
        return performance.now() - start;
      }, listRequest);
      if (i < 0) continue;
      pageTimes.push(drawn.ms);
      fetchTimes.push(fetched);
      rowsDrawn = drawn.rows;
    }
    return {
      pageP50: percentile(pageTimes, 50),
      pageP95: percentile(pageTimes, 95),
      fetchP50: percentile(fetchTimes, 50),
      fetchP95: percentile(fetchTimes, 95),
      rowsDrawn,
      listRequest: decodeURIComponent(listRequest.slice(url.length)),
    };
  } finally {
    await context.close();
  }
}

/** Navigates to the list; the time from the navigation's start to the first frame with ≥ 50 rows. */
async function loadList(page: Page, url: string): Promise<{ ms: number; rows: number }> {
  // Resolves once the page has loaded its scripts; the measure starts at the navigation itself.
  await page.goto(`${url}${listPath}`, { waitUntil: 'domcontentloaded' });
  const handle = await page.waitForFunction(
    () => {
      const rows = document.querySelectorAll('[data-testid=record-table] .ant-table-row').length;
      return rows >= 50 ? { ms: performance.now(), rows } : false;
    },
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as { ms: number; rows: number };
}

/** The rep's list (their 10,000 opportunities) scrolled to the end by the mouse wheel. */
async function scrollRepList(browser: Browser, url: string) {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport({ width: 1440, height: 900 });
    await logIn(page, url, repLogin, repPassword);
    let scrollPages = 0;
    page.on('request', (request) => {
      if (request.url().includes(listRequestPart) && request.url().includes('cursor=')) scrollPages++;
    });
    await page.goto(`${url}${listPath}`, { waitUntil: 'networkidle0' });
    const countText = await (await page.waitForSelector('[data-testid=record-count]'))!.evaluate((e) => (e as unknown as PageElement).innerText);
    const scrollRecords = Number(countText.replace(/[^\d]/g, ''));
    const holder = '[data-testid=record-table] .ant-table-tbody-virtual-holder';
    const box = (await (await page.waitForSelector(holder))!.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    let most = 0;
    let loaded = 0;
    for (let step = 0; step < 2000; step++) {
      await page.mouse.wheel({ deltaY: 4000 });
      await page.waitForFunction(() => !document.querySelector('.pw-loading-more'), { polling: 'raf', timeout: 60_000 });
      const state = await page.$eval(holder, (found) => {
        const el = found as unknown as PageElement;
        return {
        rows: document.querySelectorAll('[data-testid=record-table] .ant-table-row').length,
        atEnd: el.scrollTop + el.clientHeight >= el.scrollHeight - 2,
        height: el.scrollHeight,
        };
      });
      most = Math.max(most, state.rows);
      loaded = Math.round(state.height / 47);
      if (state.atEnd && loaded >= scrollRecords - 1) break;
      if (state.atEnd) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { scrollRecords, scrollLoaded: loaded, scrollMostDomRows: most, scrollPages };
  } finally {
    await context.close();
  }
}

async function logIn(page: Page, url: string, login: string, password: string): Promise<void> {
  await page.goto(`${url}/login`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('#login');
  await page.type('#login', login);
  await page.type('#password', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('.pw-shell', { timeout: 60_000 });
}

function startServer(databaseUrl: string, port: number, dataDir: string): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    PIPEWRIGHT_DATA_DIR: dataDir,
    PIPEWRIGHT_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], { cwd: repository, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-8000)));
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-8000)));
  (child as ChildProcess & { output?: () => string }).output = () => log;
  return child;
}

async function waitForHealth(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const output = () => (server as ChildProcess & { output?: () => string }).output?.() ?? '';
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server did not answer within ${timeoutMs} ms:\n${output()}`);
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

/** A logged-in caller of the API (cookie and CSRF header). */
async function apiSession(url: string, login: string, password: string) {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  if (!response.ok) throw new Error(`login ${login}: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const answer = await fetch(`${url}${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return Object.assign(call, { cookie });
}

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
