/**
 * The duplicates dialog in Chromium against the real server: saving a new lead whose company
 * matches an existing lead (under another legal form) shows the sample app's duplicate rule and
 * the match; "open" goes to the match, "continue" to the new lead.
 */
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sampleApp, startStudio, type Studio } from './harness.ts';

vi.setConfig({ testTimeout: 240_000 });

let studio: Studio;
let existing: number;
const path = (p: string) => `${studio.url}/apps/${sampleApp}${p}`;

beforeAll(async () => {
  studio = await startStudio();
  const lead = await studio.adminApi<{ id: number }>('POST', `/api/apps/${sampleApp}/records/lead`, { name: '周原', company: '苏州重复测试有限公司', email: 'zhou.yuan@example.cn', source: 'website' });
  expect(lead.status, JSON.stringify(lead.body)).toBe(201);
  existing = lead.body.id;
}, 600_000);
afterAll(async () => {
  await studio?.close();
});

async function newLead(page: Page, company: string, email: string) {
  await page.goto(path('/records/lead/new?source=website'));
  await page.waitForSelector('#field-email', { timeout: 60_000 });
  await page.type('#field-name', '周原');
  await page.type('#field-company', company);
  await page.type('#field-email', email);
  await page.click('[data-testid=save-record]');
}

describe('duplicates on save', () => {
  it('shows the matches of a new lead, opens one, and continues to the new lead', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'admin', studio.adminPassword);
    await newLead(page, '苏州重复测试股份有限公司', 'other@example.cn');
    await page.waitForSelector('.pw-duplicates', { visible: true, timeout: 30_000 });
    const text = await page.$eval('.ant-modal', (m) => (m as HTMLElement).innerText);
    expect(text).toContain('发现可能重复的记录');
    expect(text).toContain('苏州重复测试有限公司');
    expect(text).toContain('相同：公司');
    await studio.screenshots(page, 'runner-duplicates');
    const open = await page.$$('.pw-duplicates .ant-list-item-action button');
    await open[0]!.click();
    await page.waitForFunction((id) => location.pathname.endsWith(`/records/lead/${id}`), {}, existing);

    await newLead(page, '苏州重复测试集团', 'another@example.cn');
    await page.waitForSelector('[data-testid=duplicates-continue]', { visible: true, timeout: 30_000 });
    await page.click('[data-testid=duplicates-continue]');
    await page.waitForFunction((id) => /\/records\/lead\/\d+$/.test(location.pathname) && !location.pathname.endsWith(`/${id}`), {}, existing);
  });
});
