/**
 * Filling a print template: its handlebars parts (body, header, first-page header, footer)
 * compiled once in an isolated handlebars environment that knows only Pipewright's print
 * helpers and the built-in blocks, then filled with a record. Values are HTML-escaped; only
 * markup built by a helper (a QR code's SVG) is inserted as is. The output is a whole HTML
 * document with a Content-Security-Policy that allows nothing but inline styles and data: images.
 */
import type { PrintTemplate } from '@pipewright/metadata';
import Handlebars from 'handlebars';
import { blocksToTemplate } from './blocks.ts';
import { printDocumentCss } from './document-css.ts';
import { builtInBlocks, printHelpers } from './helpers/registry.ts';
import type { PrintHelperContext } from './helpers/print-helper.ts';
import { paperOf, type PaperGeometry } from './page-setup.ts';
import { PrintTemplateError } from './print-errors.ts';

/** What a template is filled with: the record as its reader reads it, and the print's variables. */
export interface PrintData {
  record: Record<string, unknown>;
  app: { key: string; name: string };
  /** The instant of printing; `@today` and `@now` derive from it in the business time zone. */
  printedAt: Date;
  printedBy?: string | undefined;
}

export interface FilledPrint {
  /** The whole HTML document of the body. */
  html: string;
  /** Header and footer HTML for every page; page numbers as `<span class="pageNumber">` / `totalPages`. */
  header: string | undefined;
  firstPageHeader: string | undefined;
  footer: string | undefined;
  paper: PaperGeometry;
}

export interface CompiledPrintTemplate {
  fill(data: PrintData, context?: Partial<PrintHelperContext>): FilledPrint;
}

type Fill = (context: unknown, options: Handlebars.RuntimeOptions) => string;

const environment = Handlebars.create();
for (const helper of printHelpers.values()) {
  environment.registerHelper(helper.name, (...args: unknown[]) => {
    const options = args.pop() as Handlebars.HelperOptions;
    const context = (options.data as { print?: PrintHelperContext } | undefined)?.print ?? defaultContext;
    return helper.run(args, context, (html) => new environment.SafeString(html));
  });
}
environment.unregisterHelper('log');

const defaultContext: PrintHelperContext = { locale: 'zh-CN', timeZone: 'Asia/Shanghai', currency: 'CNY' };
const knownHelpers = Object.fromEntries([...printHelpers.keys(), ...builtInBlocks].map((name) => [name, true])) as KnownHelpers;
type KnownHelpers = NonNullable<CompileOptions['knownHelpers']>;
type CompileOptions = Parameters<typeof Handlebars.compile>[1] & {};

/** The handlebars body of a template: its blocks compiled, else its `template`. */
export function bodyOf(template: PrintTemplate): string {
  return template.blocks && template.blocks.length > 0 ? blocksToTemplate(template.blocks) : (template.template ?? '');
}

function compilePart(source: string | undefined, path: string): Fill | undefined {
  if (source === undefined || source.trim() === '') return undefined;
  try {
    // Parse now so that a syntax error is reported here, not at the first fill.
    environment.parse(source);
    return environment.compile(source, { knownHelpers, knownHelpersOnly: true, strict: false, preventIndent: true, explicitPartialContext: true }) as Fill;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PrintTemplateError(`The print template does not compile: ${message.split('\n')[0] ?? message}`, [{ path, code: 'print.syntax', message }]);
  }
}

/**
 * @example
 * const compiled = compilePrintTemplate(bundle.printTemplates[0]);
 * const { html } = compiled.fill({ record, app: { key: 'crm', name: '销售管理' }, printedAt: new Date() });
 */
export function compilePrintTemplate(template: PrintTemplate): CompiledPrintTemplate {
  const body = compilePart(bodyOf(template), template.blocks?.length ? '/blocks' : '/template') ?? (() => '');
  const header = compilePart(template.header, '/header');
  const firstPageHeader = compilePart(template.firstPageHeader, '/firstPageHeader');
  const footer = compilePart(template.footer, '/footer');
  const paper = paperOf(template);
  return {
    fill(data, context = {}) {
      const print: PrintHelperContext = { ...defaultContext, ...context };
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: print.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(data.printedAt);
      const variables = {
        print,
        today,
        now: data.printedAt.toISOString(),
        app: { key: data.app.key, name: data.app.name },
        printedBy: data.printedBy ?? '',
        pageNumber: new environment.SafeString('<span class="pageNumber"></span>'),
        totalPages: new environment.SafeString('<span class="totalPages"></span>'),
      };
      const run = (fill: Fill | undefined) =>
        fill?.(data.record, { data: variables, allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false, allowCallsToHelperMissing: false });
      const lang = print.locale.startsWith('zh') ? 'zh-CN' : 'en';
      const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:"><style>${printDocumentCss(paper)}</style><style>${cssText(template.css)}</style></head><body>${run(body) ?? ''}</body></html>`;
      return { html, header: run(header), firstPageHeader: run(firstPageHeader), footer: run(footer), paper };
    },
  };
}

/** A template's CSS cannot close its style element. */
function cssText(css: string | undefined): string {
  return (css ?? '').replace(/<\/style/gi, '<\\/style');
}
