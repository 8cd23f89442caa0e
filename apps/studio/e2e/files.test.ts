/**
 * Files in the runner, in Chromium against the real server on PGlite: a sales rep drops a PDF
 * with a Chinese name on an opportunity's quote field, watches it upload, saves, reloads, and
 * downloads it through the link (the browser's own download, compared byte for byte); a logo
 * uploaded on an account shows as a thumbnail with a preview; a refused file says why on the
 * field; a visit's customer signs on the pad of the field-visits app and the PNG is kept.
 * Screenshots at 1440 and 390 px (e2e/screenshots/files-*.png), axe-core on the record.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer';
import { sampleApp, startStudio, type Studio } from './harness.ts';

let studio: Studio;
let rep: { id: number; password: string };
let dealId: number;
let accountId: number;

const app = sampleApp;
const work = mkdtempSync(join(tmpdir(), 'pw-e2e-files-'));
const pdfName = '报价单-星海 v2.pdf';
const pdf = Buffer.from(`%PDF-1.4\n% 报价单 ${'0123456789'.repeat(200)}\n%%EOF\n`);
const png = solidPng(48, 48);

/** A PNG of a blue square with a white band across it, encoded here (zlib, CRC-32). */
function solidPng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = Buffer.concat(Array.from({ length: height }, (_, y) => Buffer.concat([Buffer.from([0]), ...Array.from({ length: width }, () => (Math.abs(y - height / 2) < 5 ? Buffer.from([255, 255, 255]) : Buffer.from([22, 119, 255])))])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

async function open(page: Page, p: string, ready: string): Promise<void> {
  await page.goto(`${studio.url}/apps/${app}${p}`);
  await page.waitForSelector(ready, { timeout: 60_000 });
}

/** Opens the opportunity form's collapsed "documents" section, where the quote field is. */
async function openDocuments(page: Page): Promise<void> {
  await page.waitForSelector('.pw-item', { timeout: 60_000 });
  // Open unless the page kept it open.
  if (await page.$('[data-field=quote_file]')) return;
  await page.locator('::-p-xpath(//div[contains(@class,"ant-collapse-header")][contains(., "文档与计划")])').click();
  await page.waitForSelector('[data-field=quote_file]', { timeout: 30_000 });
}

/** Waits for the record's save to answer and the page to show the saved record. */
async function save(page: Page): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().includes(`/records/`) && ['PATCH', 'POST'].includes(r.request().method()), { timeout: 30_000 });
  await page.click('[data-testid=save-record]');
  const response = await answered;
  expect(response.status(), await response.text()).toBeLessThan(300);
}

beforeAll(async () => {
  studio = await startStudio();
  rep = await studio.createUser('rep.files', '李娜', ['sales_rep']);
  const account = await studio.adminApi<{ id: number }>('POST', `/api/apps/${app}/records/account`, { name: '星海文件测试有限公司', industry: 'it', owner_id: rep.id });
  expect(account.status, JSON.stringify(account.body)).toBe(201);
  accountId = account.body.id;
  const deal = await studio.adminApi<{ id: number }>('POST', `/api/apps/${app}/records/opportunity`, {
    name: '星海 CRM 升级（附件）',
    account: accountId,
    stage: 'initial_contact',
    expected_close_date: `${new Date().getFullYear()}-12-28`,
    owner_id: rep.id,
  });
  expect(deal.status, JSON.stringify(deal.body)).toBe(201);
  dealId = deal.body.id;
  writeFileSync(join(work, pdfName), pdf);
  writeFileSync(join(work, 'logo.png'), png);
  writeFileSync(join(work, 'notes.txt'), 'not a pdf');
}, 300_000);

afterAll(async () => {
  await studio?.close();
});

describe('attachments', () => {
  it('uploads a PDF on an opportunity, keeps it on save and reload, and downloads the same bytes', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'rep.files', rep.password);
    await open(page, `/records/opportunity/${dealId}`, '[data-testid=save-record]');
    await openDocuments(page);
    await page.waitForSelector('[data-field-input=quote_file] input[type=file]');

    // A file the field does not take (a .txt on a PDF field) is refused on the field, not stored.
    const input = (await page.$('[data-field-input=quote_file] input[type=file]'))!;
    await page.evaluate(() => document.querySelector('[data-field-input=quote_file] input[type=file]')!.removeAttribute('accept'));
    await input.uploadFile(join(work, 'notes.txt'));
    await page.waitForSelector('[data-field-input=quote_file] [role=alert]');

    expect(await page.$eval('[data-field-input=quote_file] [role=alert]', (el) => el.textContent)).toContain('notes.txt');

    // The upload box renders a new file input after each pick.
    const uploaded = page.waitForResponse((r) => r.url().endsWith(`/api/apps/${app}/files`) && r.request().method() === 'POST');
    await (await page.$('[data-field-input=quote_file] input[type=file]'))!.uploadFile(join(work, pdfName));
    const answer = await uploaded;
    expect(answer.status()).toBe(201);
    await page.waitForFunction((name) => [...document.querySelectorAll('[data-field-input=quote_file] .ant-upload-list-item-name')].some((el) => el.textContent === name), {}, pdfName);
    await studio.screenshots(page, 'files-record-edit');
    await save(page);

    await page.reload();
    await openDocuments(page);
    await page.waitForSelector('[data-field-input=quote_file] .ant-upload-list-item-name', { timeout: 60_000 });
    const stored = await studio.adminApi<{ quote_file: { id: string; name: string; size: number; mimeType: string }[] }>('GET', `/api/apps/${app}/records/opportunity/${dealId}`);
    expect(stored.body.quote_file).toEqual([{ id: expect.any(String), name: pdfName, size: pdf.length, mimeType: 'application/pdf' }]);

    // The browser's own download, through the link the field shows.
    const downloads = mkdtempSync(join(work, 'downloads-'));
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, browserContextId: (page.browserContext() as unknown as { id: string }).id });
    await page.click('[data-field-input=quote_file] .ant-upload-list-item-name');
    let names: string[] = [];
    for (let i = 0; i < 100 && !names.some((n) => n === pdfName); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      names = readdirSync(downloads);
    }
    expect(names).toContain(pdfName);
    expect(readFileSync(join(downloads, pdfName)).equals(pdf)).toBe(true);
    const violations = await studio.axe(page);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await studio.screenshots(page, 'files-record-saved');
  });
});

describe('images', () => {
  it('uploads a logo on an account and shows it as a thumbnail with a preview', async () => {
    const page = await studio.newPage();
    await studio.login(page, 'rep.files', rep.password);
    await open(page, `/records/account/${accountId}`, '[data-field-input=logo] input[type=file]');
    const input = (await page.$('[data-field-input=logo] input[type=file]'))!;
    await input.uploadFile(join(work, 'logo.png'));
    await page.waitForSelector('[data-field-input=logo] .ant-upload-list-item-done img', { timeout: 30_000 });
    await save(page);
    await page.reload();
    await page.waitForSelector('[data-field-input=logo] .ant-upload-list-item-done img', { timeout: 60_000 });
    await page.waitForFunction(() => (document.querySelector('[data-field-input=logo] .ant-upload-list-item-done img') as HTMLImageElement | null)?.naturalWidth === 48, { timeout: 30_000 });
    await page.hover('[data-field-input=logo] .ant-upload-list-item');
    await page.click('[data-field-input=logo] .ant-upload-list-item-actions a, [data-field-input=logo] .ant-upload-list-item-actions button');
    await page.waitForSelector('.ant-modal-content img', { visible: true });
    await studio.screenshots(page, 'files-image-preview');
  });

  it('shows the logo as a thumbnail link to a reader who may not edit the account', async () => {
    // Finance reads every account and edits none.
    const clerk = await studio.createUser('clerk.files', '赵敏', ['finance']);
    const page = await studio.newPage();
    await studio.login(page, 'clerk.files', clerk.password);
    await open(page, `/records/account/${accountId}`, '[data-field=logo] a.pw-file');
    expect(await page.$('[data-field-input=logo]')).toBeNull();
    const link = (await page.$('[data-field=logo] a.pw-file'))!;
    expect(await link.evaluate((a) => [a.getAttribute('href'), a.getAttribute('download'), a.querySelector('img')?.getAttribute('alt')])).toEqual([expect.stringMatching(new RegExp(`^/api/apps/${app}/files/[0-9a-f-]{36}$`)), 'logo.png', 'logo.png']);
    const bytes = await link.evaluate(async (a) => Array.from(new Uint8Array(await (await fetch((a as HTMLAnchorElement).href)).arrayBuffer())));
    expect(Buffer.from(bytes).equals(png)).toBe(true);
    await studio.screenshots(page, 'files-record-read');
  });
});

describe('signatures', () => {
  it('draws a signature on the pad, uploads it as a PNG and shows it after saving and reloading', async () => {
    const bundle = JSON.parse(readFileSync(new URL('../../../packages/metadata/fixtures/field-visits.bundle.json', import.meta.url), 'utf8')) as { sampleData?: unknown };
    delete bundle.sampleData;
    expect((await studio.adminApi('POST', '/api/apps', bundle)).status).toBe(201);
    const customer = await studio.adminApi<{ id: number }>('POST', '/api/apps/field_visits/records/customer', { name: '宁波港口物流有限公司' });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
    const visit = await studio.adminApi<{ id: number }>('POST', '/api/apps/field_visits/records/visit', { customer: customer.body.id, planned_at: new Date().toISOString(), status: 'done', summary: '客户确认了方案', check_in: { lat: 29.87, lng: 121.55, address: '宁波市北仑区' } });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);

    const page = await studio.newPage();
    await studio.login(page, 'admin', studio.adminPassword);
    await page.goto(`${studio.url}/apps/field_visits/records/visit/${visit.body.id}`);
    const pad = (await page.waitForSelector('canvas.pw-signature-pad', { timeout: 60_000 }))!;
    expect(await pad.evaluate((c) => c.getAttribute('aria-label'))).toContain('签名');
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.5);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + box.width * (0.1 + i * 0.04), box.y + box.height * (0.5 - Math.sin(i / 3) * 0.3));
    await page.mouse.up();
    const uploaded = page.waitForResponse((r) => r.url().endsWith('/api/apps/field_visits/files') && r.request().method() === 'POST');
    await page.locator('::-p-xpath(//button[contains(., "确认签名")])').click();
    const answer = await uploaded;
    expect(answer.status()).toBe(201);
    await page.waitForSelector('[data-field-input=customer_signature] img.pw-file-signature');
    await studio.screenshots(page, 'files-signature');
    await save(page);

    const stored = await studio.adminApi<{ customer_signature: { id: string; mimeType: string; size: number }[] }>('GET', `/api/apps/field_visits/records/visit/${visit.body.id}`);
    expect(stored.body.customer_signature).toEqual([expect.objectContaining({ mimeType: 'image/png' })]);
    const png = await fetch(`${studio.url}/api/apps/field_visits/files/${stored.body.customer_signature[0]!.id}`, { headers: { cookie: (await page.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } });
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.length).toBe(stored.body.customer_signature[0]!.size);
    await page.reload();
    const shown = await page.waitForSelector('[data-field-input=customer_signature] img.pw-file-signature', { timeout: 60_000 });
    expect(await shown!.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth)).toBe(360);
  });
});
