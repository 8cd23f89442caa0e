/**
 * Dashboards in Chromium against the real server on PGlite: a sales manager opens the team
 * dashboard, changes the period filter (the widgets run again; a period with no deals explains
 * itself), drills from a funnel stage into exactly the records behind its number, and opens a
 * record from there; a rep's dashboard counts only their own deals. Printing: the record page's
 * Print menu opens the record's PDF in a new tab, and the list's bulk bar prints a selection as
 * one PDF (both read back with pdftotext). Screenshots at 1440 and 390 px
 * (e2e/screenshots/dashboard-*.png, print-*.png).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElementHandle, HTTPResponse, Page } from 'puppeteer';
import { sampleApp, startStudio, type Studio } from './harness.ts';

let studio: Studio;
let manager: { id: number; password: string };
let zhao: { id: number; password: string };
let qian: { id: number; password: string };
const zhaoDeals: number[] = [];

const app = sampleApp;
const path = (p: string) => `${studio.url}/apps/${app}${p}`;
const stagesInOrder = ['initial_contact', 'needs_analysis', 'proposal'] as const;

async function ok<T>(answer: Promise<{ status: number; body: T }>, expected = 200): Promise<T> {
  const { status, body } = await answer;
  if (status !== expected) throw new Error(`${status}: ${JSON.stringify(body)}`);
  return body;
}

/** A deal of `owner` created at the first stage and moved, through the API, up to `reached`. */
async function deal(owner: number, name: string, reached: (typeof stagesInOrder)[number], refs: { account: number; contact: number; product: number }): Promise<number> {
  const created = await ok(
    studio.adminApi<{ id: number }>('POST', `/api/apps/${app}/records/opportunity`, {
      name,
      account: refs.account,
      primary_contact: refs.contact,
      budget: 200000,
      probability: 40,
      stage: 'initial_contact',
      expected_close_date: `${new Date().getFullYear()}-12-28`,
      owner_id: owner,
      products: [{ product: refs.product, quantity: 1, unit_price: 50000 }],
    }),
    201,
  );
  for (const stage of stagesInOrder.slice(1, stagesInOrder.indexOf(reached) + 1)) await ok(studio.adminApi('PATCH', `/api/apps/${app}/records/opportunity/${created.id}`, { stage }));
  return created.id;
}

async function widgetReady(page: Page, widget: string): Promise<void> {
  await page.waitForSelector(`[data-widget=${widget}]:is([data-state=ready], [data-state=empty], [data-state=error])`, { timeout: 60_000 });
}

async function dashboardSettled(page: Page): Promise<void> {
  await page.waitForSelector('.pw-dash-grid[data-ready=true]', { timeout: 60_000 });
}

/** Settled, and the charts' entry animation over (for screenshots). */
async function chartsDrawn(page: Page): Promise<void> {
  await dashboardSettled(page);
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

/** The funnel widget as a table: stage label → number, in the funnel's order. */
async function funnelTable(page: Page): Promise<[string, number][]> {
  // A DOM click: a drawer's mask still fading out must not take it.
  if (!(await page.$('[data-widget=funnel] .pw-dash-table'))) await page.$eval('[data-widget=funnel] .ant-card-extra button', (b) => (b as HTMLElement).click());
  await page.waitForSelector('[data-widget=funnel] .pw-dash-table tbody tr.ant-table-row');
  return page.$$eval('[data-widget=funnel] .pw-dash-table tbody tr.ant-table-row', (rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim());
      return [cells[0]!, Number(cells[1]!.replace(/[^\d.]/g, ''))] as [string, number];
    }),
  );
}

async function drawerCount(page: Page): Promise<{ title: string; total: number; items: string[] }> {
  await page.waitForSelector('.pw-dash-drill[data-total]', { visible: true });
  return page.evaluate(() => {
    const drawer = document.querySelector('.pw-dash-drill-drawer')!;
    const drill = drawer.querySelector('.pw-dash-drill') as HTMLElement;
    return {
      title: (drawer.querySelector('.ant-drawer-title') as HTMLElement).innerText,
      total: Number(drill.dataset.total),
      items: [...drill.querySelectorAll('.pw-dash-drill-title')].map((a) => (a as HTMLElement).innerText),
    };
  });
}

async function closeDrawer(page: Page): Promise<void> {
  await page.click('.pw-dash-drill-drawer .ant-drawer-close');
  await page.waitForFunction(() => !document.querySelector('.pw-dash-drill-drawer .pw-dash-drill') && !document.querySelector('.ant-drawer-open'));
  // The drawer and its mask slide and fade out: until they have, a click lands on the mask.
  await studio.settle(page);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations in the page's main area and its open dialogs. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: object, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run({ include: [['main.pw-main'], ['.ant-drawer'], ['.ant-select-dropdown']], exclude: [] }, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Runs one step, naming it when it fails (a bare puppeteer timeout names no selector). */
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function pdfText(bytes: Uint8Array): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'pw-e2e-pdf-')), 'printed.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim() !== '');
}

function dashboardResponse(page: Page, check: (filters: Record<string, unknown>) => boolean): Promise<HTTPResponse> {
  return page.waitForResponse((r) => {
    const url = new URL(r.url());
    if (!url.pathname.endsWith('/dashboards/manager_dashboard') || r.request().method() !== 'GET') return false;
    return check(JSON.parse(url.searchParams.get('filters') ?? '{}') as Record<string, unknown>);
  });
}

beforeAll(async () => {
  studio = await startStudio();
  manager = await studio.createUser('li.manager', '李经理', ['sales_manager']);
  zhao = await studio.createUser('rep.zhao', '赵敏', ['sales_rep']);
  qian = await studio.createUser('rep.qian', '钱峰', ['sales_rep']);
  const team = await ok(studio.adminApi<{ id: number }>('POST', '/api/departments', { name: '华东销售部', managerId: manager.id }), 201);
  for (const user of [manager, zhao, qian]) await ok(studio.adminApi('PATCH', `/api/users/${user.id}`, { departmentId: team.id }));
  const first = async (entity: string) => (await ok(studio.adminApi<{ items: { id: number }[] }>('GET', `/api/apps/${app}/records/${entity}?pageSize=1`))).items[0]!.id;
  const refs = { account: await first('account'), contact: await first('contact'), product: await first('product') };
  // Team funnel: 5 reached 初步接洽, 3 需求分析, 2 方案报价; 赵敏's own: 3, 2, 1.
  zhaoDeals.push(await deal(zhao.id, '赵敏-宁波港口扩容', 'proposal', refs));
  zhaoDeals.push(await deal(zhao.id, '赵敏-杭州仓储系统', 'needs_analysis', refs));
  zhaoDeals.push(await deal(zhao.id, '赵敏-苏州工厂试点', 'initial_contact', refs));
  await deal(qian.id, '钱峰-上海总部升级', 'proposal', refs);
  await deal(qian.id, '钱峰-无锡门店', 'initial_contact', refs);
}, 300_000);

afterAll(async () => {
  await studio?.close();
});

describe('the manager dashboard', () => {
  it('opens from the menu, re-runs on a period change, explains an empty period, and drills from a funnel stage into exactly its records', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'li.manager', manager.password);
    // The menu leads to the team dashboard.
    const entry = await page.waitForFunction(() => [...document.querySelectorAll('.pw-side-menu .ant-menu-submenu-title, .pw-side-menu .ant-menu-item')].find((el) => el.textContent?.trim() === '工作台'));
    await (entry.asElement() as ElementHandle<Element>).click();
    // The sub-menu slides open: click its item once it stands still.
    await studio.settle(page);
    const team = await page.waitForFunction(() => [...document.querySelectorAll('.pw-side-menu .ant-menu-item')].find((el) => el.textContent?.trim() === '团队业绩'));
    await (team.asElement() as ElementHandle<Element>).click();
    await page.waitForFunction((p) => location.pathname === p, {}, `/apps/${app}/dashboards/manager_dashboard`);
    await dashboardSettled(page);
    for (const widget of ['leaders', 'funnel', 'forecast', 'cycle', 'reasons']) await widgetReady(page, widget);
    await studio.screenshots(page, 'dashboard-manager', chartsDrawn);
    expect(await seriousViolations(page)).toEqual([]);

    // Click the funnel's first stage on the chart itself: its records open, as many as the stage's number.
    await page.waitForSelector('[data-widget=funnel] .pw-echart canvas');
    const canvas = (await page.$('[data-widget=funnel] .pw-echart'))!;
    const box = (await canvas.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + 8 + (box.height - 16) / 6);
    const fromChart = await drawerCount(page);
    expect(fromChart.title).toContain('初步接洽');
    expect(fromChart.total).toBe(5);
    expect(fromChart.items).toHaveLength(5);
    await closeDrawer(page);

    // The same numbers as a table; each number drills into its records.
    const table = await funnelTable(page);
    expect(table).toEqual([['初步接洽', 5], ['需求分析', 3], ['方案报价', 2]]);
    const proposal = await page.waitForFunction(() => [...document.querySelectorAll('[data-widget=funnel] .pw-dash-drill')].find((b) => (b as HTMLElement).dataset.cell === JSON.stringify({ stage: 'proposal' })));
    await (proposal.asElement() as ElementHandle<Element>).click();
    const drilled = await drawerCount(page);
    expect(drilled.title).toContain('方案报价');
    expect(drilled.total).toBe(table[2]![1]);
    expect(drilled.items.sort()).toEqual(['赵敏-宁波港口扩容', '钱峰-上海总部升级'].sort());
    await studio.screenshots(page, 'dashboard-drill');
    expect(await seriousViolations(page)).toEqual([]);

    // A drilled record opens its record page.
    const link = await page.waitForFunction(() => [...document.querySelectorAll('.pw-dash-drill-title')].find((a) => a.textContent === '赵敏-宁波港口扩容'));
    await (link.asElement() as ElementHandle<Element>).click();
    await page.waitForFunction((p) => location.pathname === p, {}, `/apps/${app}/records/opportunity/${zhaoDeals[0]}`);
    await page.waitForSelector('.pw-record-page');
    await page.goBack();
    await dashboardSettled(page);

    // This month: the widgets run again with the period, the deals (created today) still count.
    const thisMonth = dashboardResponse(page, (f) => JSON.stringify(f.period) === JSON.stringify({ period: 'thisMonth' }));
    const option = await page.waitForFunction(() => [...document.querySelectorAll('[data-filter=period] .ant-segmented-item')].find((el) => el.textContent?.trim() === '本月'));
    await (option.asElement() as ElementHandle<Element>).click();
    const answer = (await (await thisMonth).json()) as { widgets: { key: string; result?: { parameters: Record<string, unknown>; totals: Record<string, unknown> } }[] };
    const funnel = answer.widgets.find((w) => w.key === 'funnel')!;
    expect(funnel.result?.parameters.period).toEqual({ period: 'thisMonth' });
    await dashboardSettled(page);
    expect(await funnelTable(page)).toEqual(table);

    // A custom period before any of these deals: every period-bound widget says why it is empty.
    const custom = dashboardResponse(page, (f) => Array.isArray(f.period) && f.period[0] === '2025-01-01');
    const customOption = await page.waitForFunction(() => [...document.querySelectorAll('[data-filter=period] .ant-segmented-item')].find((el) => el.textContent?.trim() === '自定义'));
    await (customOption.asElement() as ElementHandle<Element>).click();
    await page.waitForSelector('.pw-dash-range input');
    const [from, to] = await page.$$('.pw-dash-range input');
    await from!.click({ count: 3 });
    await page.keyboard.type('2025-01-01');
    await page.keyboard.press('Enter');
    await to!.click({ count: 3 });
    await page.keyboard.type('2025-03-31');
    await page.keyboard.press('Enter');
    await custom;
    await dashboardSettled(page);
    await page.waitForSelector('[data-widget=funnel][data-state=empty]');
    const explained = await page.$eval('[data-widget=funnel] .pw-dash-empty-text', (el) => (el as HTMLElement).innerText);
    expect(explained).toContain('2025-01-01 至 2025-03-31');
    expect(explained).toContain('创建时间');
    expect(page.url()).toContain('filters=');
    await studio.screenshots(page, 'dashboard-empty-period', chartsDrawn);
  }, 240_000);
});

describe('the sales overview', () => {
  it('draws every kind of widget it holds (KPI with target, funnel, line, horizontal bar, pie) without an error', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'li.manager', manager.password);
    await page.goto(path('/dashboards/sales_overview'));
    await dashboardSettled(page);
    const states = await page.$$eval('[data-widget]', (cards) => cards.map((c) => `${(c as HTMLElement).dataset.widget}:${(c as HTMLElement).dataset.state}`));
    expect(states.filter((s) => s.endsWith(':error') || s.endsWith(':loading'))).toEqual([]);
    expect(states).toContain('forecast:ready');
    expect(await page.$eval('[data-widget=forecast] .pw-dash-kpi', (k) => (k as HTMLElement).innerText)).toMatch(/目标 500万 · 完成 [\d.]+%/);
    await page.waitForSelector('[data-widget=products] .pw-echart canvas, [data-widget=products][data-state=empty]');
    await studio.screenshots(page, 'dashboard-overview', chartsDrawn);
    expect(await seriousViolations(page)).toEqual([]);
  }, 120_000);
});

describe("a rep's dashboard", () => {
  it("counts only the rep's own deals, and drills into them", async () => {
    const page = await studio.newPage('phone');
    await studio.login(page, 'rep.zhao', zhao.password);
    await page.goto(path('/dashboards'));
    await page.waitForFunction((p) => location.pathname === p, {}, `/apps/${app}/dashboards/rep_dashboard`);
    await dashboardSettled(page);
    await widgetReady(page, 'funnel');
    await studio.screenshots(page, 'dashboard-rep', chartsDrawn);
    expect(await funnelTable(page)).toEqual([['初步接洽', 3], ['需求分析', 2], ['方案报价', 1]]);
    const first = await page.waitForFunction(() => [...document.querySelectorAll('[data-widget=funnel] .pw-dash-drill')].find((b) => (b as HTMLElement).dataset.cell === JSON.stringify({ stage: 'initial_contact' })));
    await (first.asElement() as ElementHandle<Element>).click();
    const drilled = await drawerCount(page);
    expect(drilled.total).toBe(3);
    expect(drilled.items.sort()).toEqual(['赵敏-宁波港口扩容', '赵敏-杭州仓储系统', '赵敏-苏州工厂试点'].sort());
    await studio.screenshots(page, 'dashboard-rep-drill');
  }, 180_000);
});

describe('printing', () => {
  it("opens a record's PDF from the Print menu, and prints a list selection as one PDF", async () => {
    const page = await studio.newPage();
    await studio.login(page, 'li.manager', manager.password);
    await page.goto(path(`/records/opportunity/${zhaoDeals[0]}`));
    await step('the Print menu', () => page.waitForSelector('[data-testid=print-menu]'));
    const menuLink = '.ant-dropdown:not(.ant-dropdown-hidden) a[data-template=opportunity_quote]';
    const openMenu = async (p: Page) => {
      if (!(await p.$(menuLink))) await p.click('[data-testid=print-menu]');
      return p.waitForSelector(menuLink, { visible: true });
    };
    const link = await step('the menu entry', () => openMenu(page));
    expect(await link!.evaluate((a) => (a as HTMLElement).innerText)).toBe('报价单');
    await step('screenshots of the menu', () => studio.screenshots(page, 'print-menu', openMenu));
    await step('the menu again', () => openMenu(page));
    const href = await page.$eval(menuLink, (a) => (a as HTMLAnchorElement).href);
    expect(href).toBe(`${studio.url}/api/apps/${app}/records/opportunity/${zhaoDeals[0]}/print/opportunity_quote`);
    const opened = page.browserContext().waitForTarget((t) => t.url() === href, { timeout: 60_000 });
    await page.click(menuLink);
    const tab = await step('the PDF tab', () => opened);
    expect(tab.url()).toBe(href);
    // Back to the app's tab: a background tab gets no animation frames, and clicks there would wait.
    await (await tab.page())?.close();
    await page.bringToFront();
    // What the tab shows: the quote of this deal, as the manager may print it.
    const pdf = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return { type: response.headers.get('content-type'), bytes: [...new Uint8Array(await response.arrayBuffer())] };
    }, href);
    expect(pdf.type).toBe('application/pdf');
    const quote = pdfText(Uint8Array.from(pdf.bytes)).join('').replace(/\s+/g, '');
    expect(quote).toContain('赵敏-宁波港口扩容');
    expect(quote).toContain('大写金额：人民币伍万元整');

    // Batch: select two deals in the list, print them from the bulk bar as one PDF.
    await page.goto(path('/views/opportunity_all'));
    await step('the list', () => page.waitForSelector('[data-testid=record-count]', { timeout: 60_000 }));
    for (const title of ['赵敏-宁波港口扩容', '钱峰-上海总部升级']) await page.click(`input[aria-label="选择 ${title}"]`);
    await step('the bulk bar', () => page.waitForSelector('[data-testid=batch-print]'));
    // Keep what the page hands to the download, to read it back.
    await page.evaluate(() => {
      const original = URL.createObjectURL.bind(URL);
      const kept: Blob[] = [];
      (window as unknown as { __downloads: Blob[] }).__downloads = kept;
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        if (blob instanceof Blob) kept.push(blob);
        return original(blob);
      };
    });
    const started = page.waitForResponse((r) => r.url().endsWith('/records/opportunity/print-jobs') && r.request().method() === 'POST', { timeout: 60_000 });
    await page.click('[data-testid=batch-print]');
    // The sample app prints deals with three templates: the dialog asks which (the quote first), which records and how.
    const dialog = await step('the batch dialog', () => page.waitForSelector('.ant-modal:has(#pw-batch-template)', { visible: true }));
    expect(await dialog!.evaluate((d) => (d.querySelector('.ant-modal-title') as HTMLElement).innerText)).toBe('批量打印 2 条记录');
    expect(await dialog!.evaluate((d) => (d.querySelector('.ant-select-selection-item') as HTMLElement).innerText)).toBe('报价单');
    expect(await dialog!.evaluate((d) => (d as HTMLElement).innerText)).toContain('已选的 2 条记录');
    // (No screenshot here: at 390 px the list shows cards and the bulk bar with this dialog goes.)
    await page.click('[data-testid=batch-print-start]');
    const answer = await step('the job', () => started);
    expect(answer.status()).toBe(202);
    expect(JSON.parse(answer.request().postData() ?? '{}')).toMatchObject({ template: 'opportunity_quote', output: 'pdf' });
    expect(JSON.parse(answer.request().postData() ?? '{}').ids).toHaveLength(2);
    await step('the download', () => page.waitForFunction(() => (window as unknown as { __downloads: Blob[] }).__downloads.length === 1, { timeout: 60_000 }));
    const downloaded = await page.evaluate(async () => [...new Uint8Array(await (window as unknown as { __downloads: Blob[] }).__downloads[0]!.arrayBuffer())]);
    const both = pdfText(Uint8Array.from(downloaded)).map((p) => p.replace(/\s+/g, ''));
    expect(both.some((p) => p.includes('赵敏-宁波港口扩容'))).toBe(true);
    expect(both.some((p) => p.includes('钱峰-上海总部升级'))).toBe(true);
    await step('the finished progress', () => page.waitForFunction(() => document.querySelector('[data-testid=print-job-status]')?.textContent?.includes('已完成 2 条')));
    expect(await page.$('.ant-modal .ant-progress-status-success')).not.toBeNull();
    await page.click('.ant-modal-footer .ant-btn-primary');
    await page.waitForSelector('.ant-modal:has([data-testid=print-job])', { hidden: true });
    // Nothing selected: "print all" prints every record of the list's filter as a zip of PDFs.
    for (const title of ['赵敏-宁波港口扩容', '钱峰-上海总部升级']) await page.click(`input[aria-label="选择 ${title}"]`);
    await step('print all', () => page.waitForSelector('[data-testid=print-all]'));
    const total = Number((await page.$eval('[data-testid=record-count]', (e) => (e as HTMLElement).innerText)).replace(/\D/g, ''));
    await page.click('[data-testid=print-all]');
    const all = await step('the print-all dialog', () => page.waitForSelector('.ant-modal:has(#pw-batch-template)', { visible: true }));
    expect(await all!.evaluate((d) => (d as HTMLElement).innerText)).toContain(`当前筛选的全部 ${total} 条记录`);
    await page.click('[data-testid=print-output-zip]');
    await studio.screenshots(page, 'print-all-dialog');
    const zipped = page.waitForResponse((r) => r.url().endsWith('/records/opportunity/print-jobs') && r.request().method() === 'POST', { timeout: 60_000 });
    await page.click('[data-testid=batch-print-start]');
    const zipJob = await zipped;
    expect(zipJob.status()).toBe(202);
    expect(JSON.parse(zipJob.request().postData() ?? '{}')).toMatchObject({ output: 'zip', filter: {} });
    expect((await zipJob.json() as { total: number }).total).toBe(total);
    await step('the zip download', () => page.waitForFunction(() => (window as unknown as { __downloads: Blob[] }).__downloads.length === 2, { timeout: 120_000 }));
    const zipHead = await page.evaluate(async () => [...new Uint8Array(await (window as unknown as { __downloads: Blob[] }).__downloads[1]!.slice(0, 2).arrayBuffer())]);
    expect(String.fromCharCode(...zipHead)).toBe('PK');
    await step('the finished zip job', () => page.waitForFunction((n) => document.querySelector('[data-testid=print-job-status]')?.textContent?.includes(`已完成 ${n} 条`), {}, total));
    await studio.screenshots(page, 'print-all-progress');
    await page.click('.ant-modal-footer .ant-btn-primary');
    await studio.screenshots(page, 'print-batch-list');
  }, 180_000);

  it('offers a rep the Print menu on their own deal, and none on an entity without print templates', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'rep.zhao', zhao.password);
    await page.goto(path(`/records/opportunity/${zhaoDeals[1]}`));
    await page.waitForSelector('[data-testid=print-menu]');
    // Accounts have no print template: no Print menu there.
    const accounts = await ok(studio.adminApi<{ items: { id: number }[] }>('GET', `/api/apps/${app}/records/account?pageSize=1`));
    await page.goto(path(`/records/account/${accounts.items[0]!.id}`));
    await page.waitForSelector('.pw-record-page');
    expect(await page.$('[data-testid=print-menu]')).toBeNull();
  }, 120_000);
});
