/**
 * Filled print documents to PDF on the warm page pool: the document is loaded with JavaScript
 * off and every outside request refused, printed at the template's paper and margins with its
 * running header and footer (`第 x 页 / 共 y 页` from Chromium's page counters), and, when the
 * template has a first-page header, printed a second time for page one only and spliced in.
 * Every render has a deadline: a page that misses it is discarded and the pool stays usable.
 */
import type { FilledPrint } from '@pipewright/engines';
import { PDFDocument } from 'pdf-lib';
import type { PDFOptions } from 'puppeteer';
import { documentUrl, PagePool, type PagePoolOptions, type PooledPage } from './page-pool.ts';
import { PrintTimeoutError, PrintTooLargeError } from './print-errors.ts';

export interface PrintRendererOptions extends PagePoolOptions {
  /** Milliseconds a render may take (default 20 000). */
  timeoutMs?: number;
  /** Largest filled document in bytes (default 20 MB). */
  maxBytes?: number;
}

export interface RenderedPdf {
  pdf: Uint8Array;
  pages: number;
  /** URLs the document asked for and did not get. */
  blocked: string[];
}

export class PrintRenderer {
  readonly pool: PagePool;
  readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(options: PrintRendererOptions = {}) {
    this.pool = new PagePool(options);
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.maxBytes = options.maxBytes ?? 20_000_000;
  }

  /**
   * @example
   * const { pdf } = await renderer.render(compilePrintTemplate(template).fill({ record, app, printedAt: new Date() }));
   */
  async render(filled: FilledPrint, options: { timeoutMs?: number } = {}): Promise<RenderedPdf> {
    const bytes = Buffer.byteLength(filled.html);
    if (bytes > this.maxBytes) throw new PrintTooLargeError(bytes, this.maxBytes);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    return this.pool.use((pooled) => withDeadline(timeoutMs, () => this.print(pooled, filled, timeoutMs)));
  }

  private async print(pooled: PooledPage, filled: FilledPrint, timeoutMs: number): Promise<RenderedPdf> {
    pooled.blocked.length = 0;
    pooled.setDocument(filled.html);
    await pooled.page.goto(documentUrl, { waitUntil: 'load', timeout: timeoutMs });
    const base = pdfOptions(filled, timeoutMs);
    const body = await pooled.page.pdf({ ...base, headerTemplate: pageBand(filled.header, filled, 'header') });
    let document = await PDFDocument.load(body);
    const pages = document.getPageCount();
    if (filled.firstPageHeader !== undefined) {
      const firstHeader = filled.firstPageHeader.replaceAll('<span class="totalPages"></span>', String(pages));
      const first = await PDFDocument.load(await pooled.page.pdf({ ...base, pageRanges: '1', headerTemplate: pageBand(firstHeader, filled, 'header') }));
      const merged = await PDFDocument.create();
      const [cover] = await merged.copyPages(first, [0]);
      merged.addPage(cover);
      const rest = await merged.copyPages(document, document.getPageIndices().slice(1));
      for (const page of rest) merged.addPage(page);
      document = merged;
    }
    document.setProducer('Pipewright');
    document.setCreator('Pipewright');
    const pdf = filled.firstPageHeader !== undefined ? await document.save() : body;
    return { pdf, pages, blocked: [...pooled.blocked] };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function pdfOptions(filled: FilledPrint, timeoutMs: number): PDFOptions {
  const { paper } = filled;
  const mm = (n: number) => `${n}mm`;
  return {
    width: mm(paper.widthMm),
    height: mm(paper.heightMm),
    margin: { top: mm(paper.margins.top), right: mm(paper.margins.right), bottom: mm(paper.margins.bottom), left: mm(paper.margins.left) },
    printBackground: true,
    preferCSSPageSize: true,
    displayHeaderFooter: filled.header !== undefined || filled.footer !== undefined || filled.firstPageHeader !== undefined,
    footerTemplate: pageBand(filled.footer, filled, 'footer'),
    timeout: timeoutMs,
    outline: false,
    tagged: true,
  };
}

/** A header or footer band: the template's HTML inside the page's side margins, in a CJK font. */
function pageBand(html: string | undefined, filled: FilledPrint, _where: 'header' | 'footer'): string {
  if (html === undefined) return '<span></span>';
  const { margins } = filled.paper;
  return `<div style="box-sizing:border-box;width:100%;padding:0 ${margins.right}mm 0 ${margins.left}mm;font-size:9pt;font-family:'Noto Sans CJK SC','Noto Sans SC',sans-serif;-webkit-print-color-adjust:exact">${html}</div>`;
}

async function withDeadline<T>(timeoutMs: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PrintTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work().catch((error: unknown) => {
      if (error instanceof Error && error.name === 'TimeoutError') throw new PrintTimeoutError(timeoutMs);
      throw error;
    }), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
