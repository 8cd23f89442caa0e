/**
 * Reports on their own pages, in Chromium against the real server on PGlite: the 报表 menu lists
 * the reports the reader may run; a manager opens the leaderboard, which counts the team's won
 * deals per rep (compared with the API's numbers), switches it to a table, drills from a rep into
 * exactly their deals, and exports the result as CSV (read back); a rep's menu offers only the
 * reports of entities they may run. Screenshots at 1440 and 390 px (e2e/screenshots/report-*.png).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer';
import { sampleApp, startStudio, type Studio } from './harness.ts';

let studio: Studio;
let manager: { id: number; password: string };
let zhao: { id: number; password: string };
let qian: { id: number; password: string };

const app = sampleApp;

async function ok<T>(answer: Promise<{ status: number; body: T }>, expected = 200): Promise<T> {
  const { status, body } = await answer;
  if (status !== expected) throw new Error(`${status}: ${JSON.stringify(body)}`);
  return body;
}

/** A deal of `owner`, won this month for `amount`. */
async function wonDeal(owner: number, name: string, amount: number, refs: { account: number; product: number }): Promise<number> {
  const today = new Date().toISOString().slice(0, 10);
  const created = await ok(
    studio.adminApi<{ id: number }>('POST', `/api/apps/${app}/records/opportunity`, {
      name,
      account: refs.account,
      stage: 'won',
      probability: 100,
      expected_close_date: today,
      owner_id: owner,
      products: [{ product: refs.product, quantity: 1, unit_price: amount }],
    }),
    201,
  );
  return created.id;
}

async function menuEntries(page: Page, group: string): Promise<string[]> {
  const entry = await page.waitForFunction((g) => [...document.querySelectorAll('.pw-side-menu .ant-menu-submenu-title')].find((el) => el.textContent?.trim() === g), {}, group);
  await (entry.asElement() as ElementHandle<Element>).click();
  await studio.settle(page);
  return page.$$eval('.pw-side-menu .ant-menu-sub .ant-menu-item', (items) => items.map((i) => (i as HTMLElement).innerText.trim()).filter(Boolean));
}

async function reportSettled(page: Page): Promise<void> {
  await page.waitForSelector('.pw-report-page .pw-dash-grid[data-ready=true]', { timeout: 60_000 });
  await page.waitForSelector('[data-widget]:is([data-state=ready], [data-state=empty], [data-state=error])', { timeout: 60_000 });
}

beforeAll(async () => {
  studio = await startStudio();
  manager = await studio.createUser('report.manager', '周经理', ['sales_manager']);
  zhao = await studio.createUser('report.zhao', '赵敏', ['sales_rep']);
  qian = await studio.createUser('report.qian', '钱峰', ['sales_rep']);
  const team = await ok(studio.adminApi<{ id: number }>('POST', '/api/departments', { name: '华南销售部', managerId: manager.id }), 201);
  for (const user of [manager, zhao, qian]) await ok(studio.adminApi('PATCH', `/api/users/${user.id}`, { departmentId: team.id }));
  const first = async (entity: string) => (await ok(studio.adminApi<{ items: { id: number }[] }>('GET', `/api/apps/${app}/records/${entity}?pageSize=1`))).items[0]!.id;
  const refs = { account: await first('account'), product: await first('product') };
  await wonDeal(zhao.id, '赵敏-广州门店', 300000, refs);
  await wonDeal(zhao.id, '赵敏-深圳总部', 200000, refs);
  await wonDeal(qian.id, '钱峰-佛山工厂', 150000, refs);
}, 300_000);

afterAll(async () => {
  await studio?.close();
});

describe('a report page', () => {
  it('opens the leaderboard from the menu, shows the team numbers, drills into a rep and exports CSV', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'report.manager', manager.password);
    const entries = await menuEntries(page, '报表');
    expect(entries).toContain('销售排行');
    const item = await page.waitForFunction(() => [...document.querySelectorAll('.pw-side-menu .ant-menu-item')].find((el) => el.textContent?.trim() === '销售排行'));
    const runAnswer = page.waitForResponse((r) => r.url().endsWith('/reports/rep_leaderboard/run') && r.request().method() === 'POST' && r.ok(), { timeout: 60_000 });
    await (item.asElement() as ElementHandle<Element>).click();
    await page.waitForFunction((p) => location.pathname === p, {}, `/apps/${app}/reports/rep_leaderboard`);
    await reportSettled(page);
    await studio.screenshots(page, 'report-leaderboard', async (p) => {
      await reportSettled(p);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    });
    expect((await studio.axe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

    // The page shows what the run API answered for this reader: only the team's two reps.
    const run = (await (await runAnswer).json()) as { rows: Record<string, unknown>[] };
    expect(run.rows).toHaveLength(2);

    // As a table: one row per rep, 赵敏 first with her two deals' amount.
    await page.$eval('[data-widget=rep_leaderboard] .ant-card-extra button', (b) => (b as HTMLElement).click());
    await page.waitForSelector('[data-widget=rep_leaderboard] .pw-dash-table tbody tr.ant-table-row');
    const rows = await page.$$eval('[data-widget=rep_leaderboard] .pw-dash-table tbody tr.ant-table-row', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim())));
    expect(rows[0]![0]).toBe('赵敏');
    expect(rows.map((r) => r[0])).toContain('钱峰');
    expect(rows[0]!.join(' ')).toMatch(/500,000/);
    await studio.screenshots(page, 'report-leaderboard-table');

    // A rep's number drills into exactly their deals.
    const cell = await page.waitForFunction(() => [...document.querySelectorAll('[data-widget=rep_leaderboard] .pw-dash-drill')].find((b) => (b as HTMLElement).closest('tr')?.querySelector('td')?.textContent?.trim() === '赵敏'));
    await (cell.asElement() as ElementHandle<Element>).click();
    await page.waitForSelector('.pw-dash-drill[data-total]', { visible: true });
    const drilled = await page.$$eval('.pw-dash-drill-drawer .pw-dash-drill-title', (links) => links.map((a) => (a as HTMLElement).innerText).sort());
    expect(drilled).toEqual(['赵敏-广州门店', '赵敏-深圳总部']);
    await page.click('.pw-dash-drill-drawer .ant-drawer-close');
    await page.waitForFunction(() => !document.querySelector('.ant-drawer-open'));
    await studio.settle(page);

    // Export: the CSV the page downloads holds both reps.
    await page.evaluate(() => {
      const original = URL.createObjectURL.bind(URL);
      const kept: Blob[] = [];
      (window as unknown as { __downloads: Blob[] }).__downloads = kept;
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        if (blob instanceof Blob) kept.push(blob);
        return original(blob);
      };
    });
    const exported = page.waitForResponse((r) => r.url().endsWith('/reports/rep_leaderboard/export') && r.request().method() === 'POST', { timeout: 60_000 });
    const button = await page.waitForFunction(() => [...document.querySelectorAll('.pw-report-page .pw-run-actions button')].find((b) => b.textContent?.replace(/\s/g, '') === '导出CSV'));
    await (button.asElement() as ElementHandle<Element>).click();
    expect((await exported).status()).toBe(200);
    await page.waitForFunction(() => (window as unknown as { __downloads: Blob[] }).__downloads.length === 1);
    const csv = await page.evaluate(async () => (window as unknown as { __downloads: Blob[] }).__downloads[0]!.text());
    expect(csv).toContain('赵敏');
    expect(csv).toContain('钱峰');
    await page.close();
  });

  it('offers a rep only the reports they may run, and says so at an address they may not open', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'report.zhao', zhao.password);
    const entries = await menuEntries(page, '报表');
    expect(entries.length).toBeGreaterThan(0);
    // Reps run opportunity reports (their own deals), not the lead report nor the managers' leaderboard.
    expect(entries).toContain('销售漏斗');
    expect(entries).not.toContain('来源转化');
    expect(entries).not.toContain('销售排行');
    await page.goto(`${studio.url}/apps/${app}/reports/lead_conversion_by_source`);
    await page.waitForSelector('.ant-result-404');
    expect(await page.$eval('.ant-result-title', (t) => (t as HTMLElement).innerText)).toBe('没有这张报表，或你没有运行它的权限');
    await page.close();
  });
});
