/**
 * Print benchmark: PDFs per second for a two-page contract with 30 line items, rendered on the
 * warm page pool against launching a browser per document (the way a naive service prints),
 * and a batch of 500 PDFs on the pool with the peak memory of this process and its Chromium
 * (resident set of the whole process tree) after the first 50 and at the end: flat, no leak.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { compilePrintTemplate, type FilledPrint } from '@pipewright/engines';
import type { PrintTemplate } from '@pipewright/metadata';
import { PrintRenderer } from '@pipewright/runtime';
import { round, time } from './measure.ts';

export interface PrintFigures {
  pages: number;
  warmPerSecond: number;
  coldPerSecond: number;
  ratio: number;
  batch: number;
  peakRssAfter50Mb: number;
  peakRssAtEndMb: number;
  rssRatio: number;
}

const items = Array.from({ length: 30 }, (_, i) => ({ product: { name: `产品${String(i + 1).padStart(2, '0')}号 企业版许可` }, quantity: i + 1, unit_price: 1000 + i, subtotal: (i + 1) * (1000 + i) }));

const contract: PrintTemplate = {
  key: 'contract',
  label: { 'zh-CN': '销售合同', en: 'Contract' },
  version: 1,
  engine: 'handlebars',
  entity: 'contract',
  template: `<h1 style="text-align:center">销售合同</h1><p>合同编号：{{contract_no}}</p><p>甲方：{{account.name}}</p><p>乙方：星辰科技有限公司</p>
<table class="pw-table"><thead><tr><th>#</th><th>产品</th><th>数量</th><th>单价</th><th>小计</th></tr></thead><tbody>
{{#each items}}<tr style="height:8mm"><td>{{add @index 1}}</td><td>{{product.name}}</td><td>{{number quantity}}</td><td>{{money unit_price}}</td><td>{{money subtotal}}</td></tr>{{/each}}
</tbody></table><p>合同金额：{{money (sum items "subtotal")}}（大写：{{rmbUpper (sum items "subtotal")}}）</p>
<p>第一条 乙方按本合同附件交付软件及服务。</p><p>第二条 甲方在验收后 30 日内付清合同款。</p>
<div style="display:flex;justify-content:space-between;margin-top:20mm"><div>甲方（盖章）：</div><div>乙方（盖章）：</div></div>`,
  header: '<div style="text-align:right">销售合同 {{contract_no}}</div>',
  footer: '<div style="text-align:center">第 {{@pageNumber}} 页 / 共 {{@totalPages}} 页</div>',
  page: { size: 'A4', margins: { top: 20, right: 15, bottom: 18, left: 15 } },
};

function filled(n: number): FilledPrint {
  return compilePrintTemplate(contract).fill({ record: { contract_no: `HT-202612-${String(n).padStart(4, '0')}`, account: { name: '蓝海贸易有限公司' }, items }, app: { key: 'crm', name: '星辰销售' }, printedAt: new Date() });
}

/** Resident memory of this process and every process below it (Chromium and its helpers), in MB. */
function treeRssMb(): number {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      parent.set(Number(entry), Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0));
      rss.set(Number(entry), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // The process ended while we read.
    }
  }
  let total = 0;
  for (const [pid, kb] of rss) {
    for (let p: number | undefined = pid; p && p > 1; p = parent.get(p)) {
      if (p === process.pid) {
        total += kb;
        break;
      }
    }
  }
  return total / 1024;
}

export async function benchPrint(warmCount = 40, coldCount = 5, batch = 500): Promise<PrintFigures> {
  const pool = new PrintRenderer({ size: 2, maxUses: 100 });
  try {
    const first = await pool.render(filled(0));
    // Warm: one document at a time on the pool (the same sequence as the cold run).
    const warmMs = await time(async () => {
      for (let i = 0; i < warmCount; i++) await pool.render(filled(i));
    });
    const coldMs = await time(async () => {
      for (let i = 0; i < coldCount; i++) {
        const own = new PrintRenderer({ size: 1 });
        try {
          await own.render(filled(i));
        } finally {
          await own.close();
        }
      }
    });
    let peak50 = 0;
    let peak = 0;
    for (let i = 0; i < batch; i++) {
      await pool.render(filled(i));
      const now = treeRssMb();
      peak = Math.max(peak, now);
      if (i < 50) peak50 = peak;
    }
    const warmPerSecond = warmCount / (warmMs / 1000);
    const coldPerSecond = coldCount / (coldMs / 1000);
    return { pages: first.pages, warmPerSecond: round(warmPerSecond), coldPerSecond: round(coldPerSecond), ratio: round(warmPerSecond / coldPerSecond), batch, peakRssAfter50Mb: round(peak50, 0), peakRssAtEndMb: round(peak, 0), rssRatio: round(peak / peak50) };
  } finally {
    await pool.close();
  }
}
