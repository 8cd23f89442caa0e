/**
 * A pool of warm Chromium pages for printing. Each page has JavaScript disabled and every request
 * intercepted: the document itself is answered from memory, inline `data:` resources load, and
 * everything else (http, https, file, ws) is refused, so a template can fetch nothing and read
 * no file. A page is recycled after `maxUses` renders; a page that timed out is thrown away; a
 * browser that died is launched again at the next render.
 */
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer';
import { browserArgs, browserExecutable } from './browser-executable.ts';

/** The address the document is served at inside the page (never reaches a network). */
export const documentUrl = 'https://print.pipewright.invalid/document';

export interface PagePoolOptions {
  /** Pages kept warm and rendering at once (default 2). */
  size?: number;
  /** Renders before a page is replaced (default 100). */
  maxUses?: number;
  executablePath?: string;
}

export interface PooledPage {
  page: Page;
  /** The HTML the next navigation to `documentUrl` answers. */
  setDocument(html: string): void;
  /** Requests refused so far on this page (for tests and logs). */
  blocked: string[];
  uses: number;
}

export class PagePool {
  private browser: Promise<Browser> | undefined;
  private readonly idle: PooledPage[] = [];
  private readonly waiting: { resolve: (page: PooledPage) => void; reject: (error: unknown) => void }[] = [];
  private open = 0;
  private closed = false;
  readonly size: number;
  readonly maxUses: number;
  /** Browsers launched so far (a restart after a crash adds one). */
  launches = 0;
  /** Pages opened so far (recycling and discarding add pages). */
  pagesOpened = 0;

  constructor(private readonly options: PagePoolOptions = {}) {
    this.size = options.size ?? 2;
    this.maxUses = options.maxUses ?? 100;
  }

  /** Runs `work` on a warm page; a page whose work failed is closed instead of returned. */
  async use<T>(work: (page: PooledPage) => Promise<T>): Promise<T> {
    const page = await this.acquire();
    let healthy = false;
    try {
      const result = await work(page);
      healthy = true;
      return result;
    } finally {
      this.release(page, healthy);
    }
  }

  private async acquire(): Promise<PooledPage> {
    if (this.closed) throw new Error('The print page pool is closed');
    const ready = this.idle.pop();
    if (ready) return ready;
    if (this.open < this.size) {
      this.open++;
      try {
        return await this.newPage();
      } catch (error) {
        this.open--;
        throw error;
      }
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(pooled: PooledPage, healthy: boolean): void {
    pooled.uses++;
    if (!healthy || pooled.uses >= this.maxUses || pooled.page.isClosed() || !pooled.page.browser().connected) {
      void pooled.page.close().catch(() => undefined);
      this.open--;
      const next = this.waiting.shift();
      if (next) {
        this.open++;
        this.newPage().then(next.resolve, (error: unknown) => {
          this.open--;
          next.reject(error);
        });
      }
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve(pooled);
    else this.idle.push(pooled);
  }

  private async launch(): Promise<Browser> {
    if (!this.browser) {
      this.launches++;
      const launching = puppeteer.launch({ executablePath: this.options.executablePath ?? browserExecutable(), headless: true, args: browserArgs });
      this.browser = launching;
      launching.then(
        (browser) =>
          browser.on('disconnected', () => {
            if (this.browser === launching) this.browser = undefined;
            this.idle.length = 0;
          }),
        () => {
          if (this.browser === launching) this.browser = undefined;
        },
      );
    }
    const browser = await this.browser;
    if (!browser.connected) {
      this.browser = undefined;
      return this.launch();
    }
    return browser;
  }

  private async newPage(): Promise<PooledPage> {
    const browser = await this.launch();
    const page = await browser.newPage();
    this.pagesOpened++;
    let html = '';
    const pooled: PooledPage = { page, blocked: [], uses: 0, setDocument: (next) => (html = next) };
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      const url = request.url();
      if (url === documentUrl && request.isNavigationRequest()) void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html }).catch(() => undefined);
      else if (url.startsWith('data:')) void request.continue().catch(() => undefined);
      else {
        pooled.blocked.push(url.slice(0, 200));
        void request.abort('blockedbyclient').catch(() => undefined);
      }
    });
    return pooled;
  }

  /** The running browser, if any (tests kill it to see the pool recover). */
  async currentBrowser(): Promise<Browser | undefined> {
    return this.browser ? this.browser.catch(() => undefined) : undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    const browser = await this.currentBrowser();
    this.browser = undefined;
    this.idle.length = 0;
    await browser?.close().catch(() => undefined);
  }
}
