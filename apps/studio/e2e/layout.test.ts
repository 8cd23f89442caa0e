/**
 * What makes the studio look finished, measured in Chromium rather than eyeballed: English
 * create buttons and titles in sentence case ("New lead", as the menu says it), the side menu's
 * white running the page's full height, the lead list fitting 1440 px without sideways scroll,
 * and at 390 px the users table's actions in sight and the record page's Print menu clear of
 * Save. Screenshots: e2e/screenshots/layout-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer';
import { sampleApp, startStudio, widths, type Studio } from './harness.ts';

let studio: Studio;
const app = sampleApp;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

async function boxOf(page: Page, selector: string): Promise<Box> {
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  });
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

async function inEnglish(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => localStorage.setItem('pipewright.locale', 'en'));
}

beforeAll(async () => {
  studio = await startStudio();
}, 300_000);

afterAll(async () => {
  await studio?.close();
});

describe('English in sentence case', () => {
  it('names the create button, the new record page and the search box of every entity as the menu does ("New lead", not "New Lead"), opened straight in English', async () => {
    const page = await studio.newPage();
    await inEnglish(page);
    await studio.login(page, 'admin', studio.adminPassword);
    for (const [view, entity, plural] of [['lead_all', 'lead', 'leads'], ['opportunity_all', 'opportunity', 'opportunities'], ['account_all', 'account', 'accounts']] as const) {
      await page.goto(`${studio.url}/apps/${app}/views/${view}`);
      // Opened straight in English: the runner's English words load with the page (this spun for ever once).
      await page.waitForSelector('[data-testid=record-count]', { timeout: 30_000 });
      const create = await page.$eval('.pw-run-actions .ant-btn-primary', (b) => (b as HTMLElement).innerText.trim());
      expect(create).toBe(`New ${entity}`);
      expect(await page.$eval('.pw-run-actions .ant-input-search input', (i) => (i as HTMLInputElement).placeholder)).toBe(`Search ${plural}`);
      // The menu, open at the leads, says it the same way.
      if (entity === 'lead') expect(await page.evaluate(() => [...document.querySelectorAll('.pw-side-menu .ant-menu-title-content')].map((e) => e.textContent?.trim()))).toContain('New lead');
    }
    await page.goto(`${studio.url}/apps/${app}/records/lead/new`);
    await page.waitForSelector('.pw-record-page .pw-run-title');
    expect(await page.$eval('.pw-record-page .pw-run-title', (h) => (h as HTMLElement).innerText.trim())).toBe('New lead');
    await studio.screenshots(page, 'layout-new-lead-en');
    // Every style antd wrote carried the page's nonce (decision 051): the policy refused none.
    expect(await studio.cspViolations(page)).toEqual([]);
  }, 180_000);
});

describe('the frame', () => {
  it("runs the side menu's white down the page's full height on a long page", async () => {
    const page = await studio.newPage();
    await studio.login(page, 'admin', studio.adminPassword);
    await page.goto(`${studio.url}/admin/users`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.ant-table-row');
    await studio.settle(page);
    const page_ = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(page_).toBeGreaterThan(widths.desktop.height);
    const sider = await page.$eval('.pw-sider', (el) => ({ bottom: el.getBoundingClientRect().bottom + window.scrollY, background: getComputedStyle(el).backgroundColor }));
    expect(sider.background).toBe('rgb(255, 255, 255)');
    expect(sider.bottom).toBeGreaterThanOrEqual(page_ - 1);
    // The menu itself stays in sight while the page scrolls.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const menu = await boxOf(page, '.pw-side-menu');
    expect(menu.top).toBeGreaterThanOrEqual(0);
    expect(menu.top).toBeLessThan(widths.desktop.height);
  });

  it('fits the lead list into 1440 px without scrolling sideways', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'admin', studio.adminPassword);
    await page.goto(`${studio.url}/apps/${app}/views/lead_all`);
    await page.waitForSelector('.ant-table-row', { timeout: 60_000 });
    await studio.settle(page);
    const table = await page.$eval('.pw-record-table .ant-table-body, .pw-record-table .ant-table-tbody-virtual-holder', (el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(table.scroll).toBeLessThanOrEqual(table.client + 1);
    // Every column's header is inside the table's box: none hides beyond its right edge.
    const box = await boxOf(page, '.pw-record-table');
    const headers = await page.$$eval('.pw-record-table .ant-table-thead th', (ths) => ths.map((th) => th.getBoundingClientRect().right));
    expect(Math.max(...headers)).toBeLessThanOrEqual(box.right + 1);
    await studio.screenshots(page, 'layout-lead-list');
  });
});

describe('the phone', () => {
  it("keeps the users table's action buttons in sight at 390 px", async () => {
    const page = await studio.newPage('phone');
    await studio.login(page, 'admin', studio.adminPassword);
    await page.goto(`${studio.url}/admin/users`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-testid^=user-actions-]');
    await studio.settle(page);
    const card = await boxOf(page, '.pw-card');
    const actions = await page.$$eval('[data-testid^=user-actions-]', (els) => els.map((el) => el.getBoundingClientRect().right));
    expect(Math.max(...actions)).toBeLessThanOrEqual(card.right);
    expect(await page.$eval('.pw-card .ant-table-content', (el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await page.setViewport(widths.phone);
    await studio.screenshots(page, 'layout-admin-users');
  });

  it("keeps the recycle bin's Restore and Delete for good buttons in sight at 390 px", async () => {
    const lead = await studio.adminApi<{ id: number }>('POST', `/api/apps/${app}/records/lead`, { name: '回收站窄屏', company: '回收站窄屏测试有限公司', source: 'referral', status: 'new' });
    expect((await studio.adminApi('DELETE', `/api/apps/${app}/records/lead/${lead.body.id}`)).status).toBe(204);
    const page = await studio.newPage('phone');
    await studio.login(page, 'admin', studio.adminPassword);
    await page.goto(`${studio.url}/apps/${app}/recycle-bin/lead`);
    await page.waitForSelector('.ant-table-row button', { timeout: 60_000 });
    await studio.settle(page);
    const table = await boxOf(page, '.ant-table-wrapper');
    const buttons = await page.$$eval('.ant-table-row button', (els) => els.map((el) => el.getBoundingClientRect().right));
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...buttons)).toBeLessThanOrEqual(table.right);
    await studio.screenshots(page, 'layout-recycle-bin');
  });

  it('opens the Print menu on a record page at 390 px without covering Save', async () => {
    const deals = await studio.adminApi<{ items: { id: number }[] }>('GET', `/api/apps/${app}/records/opportunity?pageSize=1`);
    const page = await studio.newPage('phone');
    await studio.login(page, 'admin', studio.adminPassword);
    await page.goto(`${studio.url}/apps/${app}/records/opportunity/${deals.body.items[0]!.id}`);
    await page.waitForSelector('[data-testid=save-record]', { timeout: 60_000 });
    await page.locator('[data-testid=print-menu]').click();
    await page.waitForSelector('.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu');
    await studio.settle(page);
    const menu = await boxOf(page, '.ant-dropdown:not(.ant-dropdown-hidden) .ant-dropdown-menu');
    const save = await boxOf(page, '[data-testid=save-record]');
    expect(overlaps(menu, save)).toBe(false);
    expect(menu.top).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: new URL('./screenshots/layout-print-menu-390.png', import.meta.url).pathname });
    expect(await studio.cspViolations(page)).toEqual([]);
  });
});
