/**
 * The notification bell in Chromium against the real server: a rule of the sample app notifies
 * the administrator when a lead is created; the bell shows the unread count, the inbox drawer
 * lists the notification, choosing it opens the lead and marks it read.
 */
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sampleApp, startStudio, type Studio } from './harness.ts';

vi.setConfig({ testTimeout: 240_000 });

let studio: Studio;
let leadId: number;

const bellLabel = (page: Page) => page.$eval('[data-testid=notification-bell]', (b) => b.getAttribute('aria-label'));

beforeAll(async () => {
  studio = await startStudio();
  const installed = await studio.adminApi<{ version: string; bundle: { app: { version: string }; rules?: unknown[] } }>('GET', `/api/apps/${sampleApp}`);
  const bundle = installed.body.bundle;
  const [major, minor, patch] = installed.body.version.split('.').map(Number) as [number, number, number];
  bundle.app.version = `${major}.${minor}.${patch + 1}`;
  bundle.rules = [
    ...(bundle.rules ?? []),
    {
      key: 'new_lead_notice',
      label: { 'zh-CN': '新线索通知', en: 'New lead notice' },
      version: 1,
      entity: 'lead',
      triggers: ['create'],
      rules: [{ key: 'tell_admin', priority: 1, conditions: { field: 'name', op: 'isNotEmpty' }, actions: [{ type: 'notify', notification: { recipients: [{ type: 'user', user: 'admin' }], subject: '新线索：{{name}}', body: '{{company}} 请在今天联系。' } }] }],
    },
  ];
  const published = await studio.adminApi('POST', `/api/apps/${sampleApp}/publish`, bundle);
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  const lead = await studio.adminApi<{ id: number }>('POST', `/api/apps/${sampleApp}/records/lead`, { name: '钟铃', company: '铃声科技有限公司', mobile: '13900004321', email: 'zhong.ling@example.cn', source: 'website', status: 'new' });
  expect(lead.status, JSON.stringify(lead.body)).toBe(201);
  leadId = lead.body.id;
  // The rule runs after commit: wait until the inbox has it.
  const until = Date.now() + 60_000;
  while ((await studio.adminApi<{ unread: number }>('GET', '/api/notifications/unread-count')).body.unread === 0) {
    if (Date.now() > until) throw new Error('the rule did not notify within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 600_000);
afterAll(async () => {
  await studio?.close();
});

describe('the notification bell', () => {
  it('shows the unread count, lists the notification, opens its record and marks it read', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'admin', studio.adminPassword);
    await page.waitForFunction(() => document.querySelector('[data-testid=notification-bell]')?.getAttribute('aria-label')?.includes('未读'));
    expect(await bellLabel(page)).toMatch(/^通知（\d+ 条未读）$/);
    await page.click('[data-testid=notification-bell]');
    await page.waitForSelector('[data-testid=notification-item]', { visible: true });
    const drawer = await page.$eval('.pw-notification-drawer', (d) => (d as HTMLElement).innerText);
    expect(drawer).toContain('新线索：钟铃');
    expect(drawer).toContain('铃声科技有限公司 请在今天联系。');
    expect(await studio.axe(page)).toEqual([]);
    const item = await page.waitForSelector(`xpath/.//*[@data-testid="notification-item"][.//text()[contains(., "新线索：钟铃")]]`);
    await item!.click();
    await page.waitForFunction((path) => location.pathname === path, {}, `/apps/${sampleApp}/records/lead/${leadId}`);
    await page.waitForFunction(() => document.querySelector('[data-testid=notification-bell]')?.getAttribute('aria-label') === '通知');
    expect(await studio.cspViolations(page)).toEqual([]);
  });
});
