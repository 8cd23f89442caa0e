/**
 * The list's actions in Chromium against the real server on PGlite, each checked afterwards in
 * the server's state through the API: bulk update, bulk delete and restore from the recycle bin,
 * bulk transfer, inline edit where the role allows it (and none where it does not: a read-only
 * field, a record the role may not update), and the record page's share and transfer dialogs.
 * Screenshots at 1440 and 390 px: e2e/screenshots/list-*.png and record-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer';
import { sampleApp, screenshotDirectory, startStudio, widths, type Studio } from './harness.ts';

let studio: Studio;
let rep: { id: number; password: string };
let colleague: { id: number; password: string };

const app = sampleApp;
const path = (p: string) => `${studio.url}/apps/${app}${p}`;

interface Lead {
  id: number;
  version: number;
  name: string;
  company: string;
  status: string;
  owner_id: number;
  deleted_at?: string | null;
}

/** Waits until the lead's create has run the assignment ruleset, which may hand it to someone else. */
async function waitForAutomation(leadId: number): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const log = await studio.adminApi<{ items: { ruleset: string }[] }>('GET', `/api/apps/${app}/automation/log?entity=lead&recordId=${leadId}`);
    if (log.body.items.some((run) => run.ruleset === 'lead_assignment')) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`automation never ran for lead ${leadId}`);
}

/** Leads made through the API, owned by `owner` once assignment has run (the prefix is what the tests search for). */
async function makeLeads(prefix: string, count: number, owner?: number): Promise<Lead[]> {
  const leads: Lead[] = [];
  for (let i = 1; i <= count; i++) {
    const created = await studio.adminApi<Lead>('POST', `/api/apps/${app}/records/lead`, { name: `${prefix}联系人${i}`, company: `${prefix}${i}号有限公司`, source: 'referral', status: 'new' });
    expect(created.status).toBe(201);
    await waitForAutomation(created.body.id);
    if (owner !== undefined) expect((await studio.adminApi('PATCH', `/api/apps/${app}/records/lead/${created.body.id}`, { owner_id: owner })).status).toBe(200);
    leads.push((await lead(created.body.id)).body);
  }
  return leads;
}

function lead(id: number) {
  return studio.adminApi<Lead>('GET', `/api/apps/${app}/records/lead/${id}`);
}

/** Opens the leads list and searches it for `text`, until it shows `count` records. */
async function openLeads(page: Page, text: string, count: number): Promise<void> {
  await page.goto(path('/views/lead_all'));
  await page.waitForSelector('[data-testid=record-count]', { timeout: 60_000 });
  await page.type('.pw-run-actions .ant-input-search input', text);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelector('[data-testid=record-count]')?.textContent?.includes(`共 ${n} 条`) && document.querySelectorAll('.ant-table-row').length === n, {}, count);
}

/** Clicks the button whose text holds `text` inside `scope`, once it stands still. */
async function clickButton(page: Page, text: string, scope = ''): Promise<void> {
  await page.locator(`::-p-xpath(${scope}//button[contains(translate(normalize-space(.), " ", ""), "${text}")])`).click();
}

const openDropdown = '//div[contains(@class,"ant-select-dropdown") and not(contains(@class,"ant-select-dropdown-hidden"))]';

/** Picks an option of the antd select at `selector`, typing `search` first when given. */
async function pick(page: Page, selector: string, option: string, search?: string): Promise<void> {
  await page.locator(`${selector} .ant-select-selector`).click();
  if (search) await page.type(`${selector} input`, search);
  await page.locator(`::-p-xpath(${openDropdown}//div[contains(@class,"ant-select-item-option")][contains(., "${option}")])`).click();
}

async function waitForMessage(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => [...document.querySelectorAll('.ant-message-notice')].some((n) => n.textContent?.includes(t)), {}, text);
}

/** A screenshot at 1440 px only: the list's selection and bulk dialogs exist only on a wide screen (a phone shows cards). */
async function desktopScreenshot(page: Page, name: string): Promise<void> {
  await page.setViewport(widths.desktop);
  await studio.settle(page);
  await page.screenshot({ path: `${screenshotDirectory}/${name}-1440.png`, fullPage: true });
}

/** Marks the table cell of the row holding `rowText` in the column titled `column`, and returns its selector. */
async function cellOf(page: Page, rowText: string, column: string): Promise<string> {
  const marked = await page.evaluate((text, title) => {
    const headers = [...document.querySelectorAll('.ant-table-thead th')].filter((th) => !th.classList.contains('ant-table-cell-scrollbar'));
    const index = headers.findIndex((th) => th.textContent?.trim() === title);
    const row = [...document.querySelectorAll('.ant-table-row')].find((r) => r.textContent?.includes(text));
    const cell = row?.querySelectorAll(':scope > .ant-table-cell')[index];
    if (index < 0 || !cell) return false;
    document.querySelectorAll('[data-probe]').forEach((el) => el.removeAttribute('data-probe'));
    cell.setAttribute('data-probe', 'cell');
    return true;
  }, rowText, column);
  if (!marked) throw new Error(`no cell "${column}" in the row of "${rowText}"`);
  return '[data-probe=cell]';
}

beforeAll(async () => {
  studio = await startStudio();
  rep = await studio.createUser('rep.sun', '孙悦', ['sales_rep']);
  colleague = await studio.createUser('rep.gao', '高远', ['sales_rep']);
}, 300_000);

afterAll(async () => {
  await studio?.close();
});

describe('bulk actions on the selected rows', () => {
  it('changes one field on every selected record, each at a new version', async () => {
    const leads = await makeLeads('批改', 3);
    const page = await studio.newPage();
    await studio.login(page, 'admin', studio.adminPassword);
    await openLeads(page, '批改', 3);
    await page.click('[aria-label="选择已加载的全部记录"]');
    await page.waitForFunction(() => document.querySelector('.pw-bulk-bar')?.textContent?.includes('已选 3 条'));
    await clickButton(page, '批量修改', '//*[contains(@class,"pw-bulk-bar")]');
    await pick(page, '.ant-modal', '线索状态', '状态');
    await pick(page, '.ant-modal .ant-form-item:nth-of-type(2)', '已联系');
    await desktopScreenshot(page, 'list-bulk-update');
    await clickButton(page, '应用', '//div[contains(@class,"ant-modal-footer")]');
    await waitForMessage(page, '已处理 3 条记录');
    for (const before of leads) {
      const after = await lead(before.id);
      expect(after.body).toMatchObject({ status: 'contacted', version: before.version + 1 });
    }
    // The list shows the new values without a reload, and the selection is gone.
    await page.waitForFunction(() => [...document.querySelectorAll('.ant-table-row')].every((r) => r.textContent?.includes('已联系')));
    expect(await page.$('.pw-bulk-bar')).toBeNull();
    await studio.screenshots(page, 'list-bulk-updated');
  });

  it('moves the selected records to the recycle bin, and the recycle bin restores one', async () => {
    const leads = await makeLeads('批删', 2);
    const page = await studio.newPage();
    await studio.login(page, 'admin', studio.adminPassword);
    await openLeads(page, '批删', 2);
    await page.click('[aria-label="选择已加载的全部记录"]');
    await clickButton(page, '批量删除', '//*[contains(@class,"pw-bulk-bar")]');
    await page.waitForSelector('.ant-modal-confirm');
    await desktopScreenshot(page, 'list-bulk-delete');
    await clickButton(page, '删除', '//div[contains(@class,"ant-modal-confirm-btns")]');
    await waitForMessage(page, '已处理 2 条记录');
    for (const one of leads) expect((await lead(one.id)).status).toBe(404);
    const binned = await studio.adminApi<{ items: Lead[] }>('GET', `/api/apps/${app}/records/lead?deleted=true&search=${encodeURIComponent('批删')}`);
    expect(binned.body.items.map((l) => l.id).sort()).toEqual(leads.map((l) => l.id).sort());
    await page.waitForFunction(() => document.querySelector('[data-testid=record-count]')?.textContent?.includes('共 0 条'));
    await studio.screenshots(page, 'list-empty-search');

    await page.goto(path('/recycle-bin/lead'));
    await page.waitForFunction(() => [...document.querySelectorAll('.ant-table-row')].filter((r) => r.textContent?.includes('批删')).length === 2);
    await studio.screenshots(page, 'list-recycle-bin');
    await clickButton(page, '恢复', `//tr[contains(@class,"ant-table-row")][contains(., "${leads[0]!.company}")]`);
    await waitForMessage(page, '已恢复');
    await page.waitForFunction((company) => ![...document.querySelectorAll('.ant-table-row')].some((r) => r.textContent?.includes(company)), {}, leads[0]!.company);
    const restored = await lead(leads[0]!.id);
    expect(restored.status).toBe(200);
    expect(restored.body.deleted_at).toBeNull();
    expect((await lead(leads[1]!.id)).status).toBe(404);
  });

  it('hands the selected records to another owner, recorded as a transfer in their history', async () => {
    const leads = await makeLeads('批转', 2, rep.id);
    const page = await studio.newPage();
    await studio.login(page, 'admin', studio.adminPassword);
    await openLeads(page, '批转', 2);
    // Open and cancel a bulk update first: the transfer dialog must not inherit its value.
    await page.click('[aria-label="选择已加载的全部记录"]');
    await clickButton(page, '批量修改', '//*[contains(@class,"pw-bulk-bar")]');
    // A rating's value is a number, as an owner's is.
    await pick(page, '.ant-modal', '意向度', '意向');
    await page.locator('.ant-modal .ant-rate-star:nth-child(3) .ant-rate-star-second').click();
    await page.waitForSelector('.ant-modal .ant-rate-star-full:nth-child(3)');
    await clickButton(page, '取消', '//div[contains(@class,"ant-modal-footer")]');
    // Until the dialog has faded out, its mask takes the clicks.
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.ant-modal-wrap')].every((w) => w.style.display === 'none'));
    await clickButton(page, '转移负责人', '//*[contains(@class,"pw-bulk-bar")]');
    await page.waitForSelector('.ant-modal #pw-transfer-to');
    expect(await page.$eval('.ant-modal-wrap:not([style*="display: none"]) .ant-modal-footer .ant-btn-primary', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    await pick(page, '.ant-modal-wrap:not([style*="display: none"]) .ant-modal', '高远', '高远');
    await desktopScreenshot(page, 'list-bulk-transfer');
    await clickButton(page, '应用', '//div[contains(@class,"ant-modal-wrap")][not(contains(@style,"display: none"))]//div[contains(@class,"ant-modal-footer")]');
    await waitForMessage(page, '已处理 2 条记录');
    for (const before of leads) {
      const after = await lead(before.id);
      expect(after.body).toMatchObject({ owner_id: colleague.id, version: before.version + 1 });
      const history = await studio.adminApi<{ items: { action: string; changes: Record<string, { from?: unknown; to?: unknown }> }[] }>('GET', `/api/apps/${app}/records/lead/${before.id}/history`);
      expect(history.body.items.some((h) => h.changes.owner_id?.from === rep.id && h.changes.owner_id?.to === colleague.id)).toBe(true);
    }
  });
});

describe('inline edit', () => {
  it('saves a cell the rep may edit, and offers none for a field the role makes read-only', async () => {
    const [mine] = await makeLeads('内联', 1, rep.id);
    const page = await studio.newPage();
    await studio.login(page, 'rep.sun', rep.password);
    await openLeads(page, '内联', 1);
    const name = await cellOf(page, mine!.company, '联系人姓名');
    await page.waitForSelector(`${name} .pw-inline-cell`);
    await page.click(`${name} .pw-inline-cell`, { count: 2 });
    await page.waitForSelector(`${name} input`);
    await page.click(`${name} input`, { count: 3 });
    await page.type(`${name} input`, '内联改名');
    await desktopScreenshot(page, 'list-inline-edit');
    await page.keyboard.press('Enter');
    await waitForMessage(page, '已保存');
    expect((await lead(mine!.id)).body).toMatchObject({ name: '内联改名', version: mine!.version + 1 });
    await page.waitForFunction((selector) => document.querySelector(selector)?.textContent?.includes('内联改名'), {}, await cellOf(page, mine!.company, '联系人姓名'));

    // 线索评分 is read-only for a rep: shown, never an editor, and unchanged on the server.
    const score = await cellOf(page, mine!.company, '线索评分');
    expect(await page.$(`${score} .pw-inline-cell`)).toBeNull();
    await page.click(score, { count: 2 });
    await page.keyboard.press('Enter');
    expect(await page.$(`${score} input`)).toBeNull();
    expect((await lead(mine!.id)).body.version).toBe(mine!.version + 1);
    await studio.screenshots(page, 'list-inline-rep');
  });

  it("offers a rep no inline edit on an account someone else owns (the role updates only its own), and the account stays as it was", async () => {
    const theirs = await studio.adminApi<{ id: number; version: number; name: string }>('POST', `/api/apps/${app}/records/account`, { name: '内联他人客户有限公司', owner_id: colleague.id });
    expect(theirs.status).toBe(201);
    const own = await studio.adminApi<{ id: number; version: number; name: string }>('POST', `/api/apps/${app}/records/account`, { name: '内联自己客户有限公司', owner_id: rep.id });
    expect(own.status).toBe(201);
    const page = await studio.newPage();
    await studio.login(page, 'rep.sun', rep.password);
    await page.goto(path('/views/account_all'));
    await page.waitForSelector('[data-testid=record-count]', { timeout: 60_000 });
    await page.type('.pw-run-actions .ant-input-search input', '内联');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.ant-table-row').length === 2);
    const rows = await page.$$eval('.ant-table-row', (rs) => rs.map((r) => ({ text: r.textContent ?? '', editable: r.querySelectorAll('.pw-inline-cell').length, selectable: r.querySelector('.ant-checkbox-input') !== null })));
    const ofTheirs = rows.find((r) => r.text.includes('内联他人'))!;
    const ofMine = rows.find((r) => r.text.includes('内联自己'))!;
    expect(ofMine.editable).toBeGreaterThan(0);
    expect(ofTheirs.editable).toBe(0);
    await studio.screenshots(page, 'list-inline-not-owner');
    // Its record page reads it without offering Save or Delete once the server has answered for
    // the record; the rep's own account offers both.
    const permittedAnswer = (id: number) => page.waitForResponse((r) => r.url().includes(`/records/account/permitted`) && r.url().includes(`ids=${id}`), { timeout: 60_000 });
    let answered = permittedAnswer(own.body.id);
    await page.goto(path(`/records/account/${own.body.id}`));
    await answered;
    await page.waitForSelector('[data-testid=save-record]', { timeout: 30_000 });
    answered = permittedAnswer(theirs.body.id);
    await page.goto(path(`/records/account/${theirs.body.id}`));
    await answered;
    await page.waitForFunction(() => document.querySelector('.pw-run-actions') !== null && !document.querySelector('[data-testid=save-record]'), { timeout: 30_000 });
    expect(await page.evaluate(() => document.body.innerText)).toContain('内联他人客户有限公司');
    await studio.screenshots(page, 'record-not-owner');
    const stored = await studio.adminApi<{ version: number }>('GET', `/api/apps/${app}/records/account/${theirs.body.id}`);
    expect(stored.body.version).toBe(theirs.body.version);
  });
});

describe('the record page', () => {
  it('shares a record with a user to edit, lists the share, and stops sharing', async () => {
    const [shared] = await makeLeads('共享', 1, rep.id);
    const page = await studio.newPage();
    await studio.login(page, 'admin', studio.adminPassword);
    await page.goto(path(`/records/lead/${shared!.id}`));
    await page.waitForSelector('[data-testid=save-record]', { timeout: 60_000 });
    await clickButton(page, '共享', '//*[contains(@class,"pw-run-actions")]');
    await page.waitForSelector('.ant-modal .ant-list');
    await pick(page, '.ant-modal .ant-space-compact > div:first-child', '高远', '高远');
    await pick(page, '.ant-modal .ant-space-compact > .ant-select', '可编辑');
    await clickButton(page, '共享', '//div[contains(@class,"ant-modal-content")]//*[contains(@class,"ant-space-compact")]');
    await page.waitForFunction(() => document.querySelector('.ant-modal .ant-list-item')?.textContent?.includes('高远'));
    const shares = await studio.adminApi<{ items: { userId: number | null; departmentId: number | null; access: string }[] }>('GET', `/api/apps/${app}/records/lead/${shared!.id}/shares`);
    expect(shares.body.items).toEqual([expect.objectContaining({ userId: colleague.id, access: 'edit' })]);
    await studio.screenshots(page, 'record-share');
    await page.locator('.ant-modal .ant-list-item [aria-label="取消共享"]').click();
    await page.waitForFunction(() => document.querySelector('.ant-modal .ant-list')?.textContent?.includes('还没有共享给任何人'));
    const after = await studio.adminApi<{ items: unknown[] }>('GET', `/api/apps/${app}/records/lead/${shared!.id}/shares`);
    expect(after.body.items).toEqual([]);
    await studio.screenshots(page, 'record-share-none');
  });

  it('transfers the record to another owner from its page', async () => {
    const [moved] = await makeLeads('转移', 1, rep.id);
    const page = await studio.newPage();
    await studio.login(page, 'admin', studio.adminPassword);
    await page.goto(path(`/records/lead/${moved!.id}`));
    await page.waitForSelector('[data-testid=save-record]', { timeout: 60_000 });
    await clickButton(page, '转移', '//*[contains(@class,"pw-run-actions")]');
    await page.waitForSelector('.ant-modal #pw-transfer-owner');
    await pick(page, '.ant-modal', '高远', '高远');
    await studio.screenshots(page, 'record-transfer');
    await clickButton(page, '确定', '//div[contains(@class,"ant-modal-footer")]');
    await waitForMessage(page, '已转移');
    expect((await lead(moved!.id)).body).toMatchObject({ owner_id: colleague.id, version: moved!.version + 1 });
    // The lead's form has no owner field: its history tells of the new owner, without a reload.
    await page.locator('::-p-xpath(//div[@role="tab"][contains(., "变更历史")])').click();
    await page.waitForFunction(() => document.querySelector('.pw-history')?.textContent?.includes('高远'));
    await studio.screenshots(page, 'record-transferred-history');
  });
});
