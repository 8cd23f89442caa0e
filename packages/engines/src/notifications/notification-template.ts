/**
 * Notification templates: the `subject` and `body` of a notification are handlebars text over the
 * record (`{{name}} 的折扣 {{discount}}% 需要审批`), compiled in an isolated handlebars environment
 * that knows only the text helpers of printing (`money`, `number`, `percent`, `date`, `add`,
 * `sum`, `rmbUpper`) and the built-in blocks, with prototype access off. The output is plain
 * text: values are not HTML-escaped here; a channel that needs escaping passes `escapeValue`
 * (robots' markdown) or escapes the whole text (e-mail HTML). A field absent from the record
 * (hidden from the reader, or empty) fills as the empty string.
 *
 * @example
 * const template = compileNotificationTemplate('{{name}} 已分配给你，金额 {{money amount}}');
 * template.fill({ name: '星辰科技', amount: '120000' });            // '星辰科技 已分配给你，金额 ¥120,000.00'
 * template.fields();                                                // ['name', 'amount']
 */
import Handlebars from 'handlebars';
import { PipewrightError } from '../errors.ts';
import { builtInBlocks, printHelpers } from '../print/helpers/registry.ts';
import type { PrintHelperContext } from '../print/helpers/print-helper.ts';

/** Helpers whose output is text (the markup helpers, QR codes and barcodes, are left out). */
const textHelpers = [...printHelpers.values()].filter((h) => h.name !== 'qrcode' && h.name !== 'barcode');

const environment = Handlebars.create();
for (const helper of textHelpers) {
  environment.registerHelper(helper.name, (...args: unknown[]) => {
    const options = args.pop() as Handlebars.HelperOptions;
    const context = (options.data as { text?: PrintHelperContext } | undefined)?.text ?? defaultContext;
    return helper.run(args, context, (text) => text);
  });
}
environment.unregisterHelper('log');

const defaultContext: PrintHelperContext = { locale: 'zh-CN', timeZone: 'Asia/Shanghai', currency: 'CNY' };
type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;
const knownHelpers = Object.fromEntries([...textHelpers.map((h) => h.name), ...builtInBlocks].map((name) => [name, true])) as NonNullable<CompileOptions['knownHelpers']>;

export interface NotificationTemplate {
  /**
   * The text for one reader. `escapeValue` is applied to every value the record gives (after a
   * helper formatted it), not to the template's own text.
   */
  fill(record: Readonly<Record<string, unknown>>, options?: { context?: Partial<PrintHelperContext>; escapeValue?: (text: string) => string }): string;
  /** The first segment of every path the template reads (`account.name` → `account`), once each. */
  fields(): string[];
}

/** A template that does not compile: 400 at `path` (`/body`, `/subject`). */
export class NotificationTemplateError extends PipewrightError {
  constructor(message: string, path: string) {
    super('notification.invalid', message, [{ path, code: 'notification.template', message }]);
    this.name = 'NotificationTemplateError';
  }
}

type Fill = (context: unknown, options: Handlebars.RuntimeOptions) => string;

export function compileNotificationTemplate(source: string, path = '/body'): NotificationTemplate {
  let program: hbs.AST.Program;
  try {
    program = environment.parse(source);
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new NotificationTemplateError(`The template does not compile: ${message}`, path);
  }
  const heads = new Set<string>();
  collectPaths(program, heads);
  // Compiled lazily by handlebars at the first fill; the parse above already caught syntax errors.
  const run = environment.compile(program, { knownHelpers, knownHelpersOnly: true, strict: false, noEscape: true, preventIndent: true }) as Fill;
  return {
    fill(record, options = {}) {
      const values = options.escapeValue ? escapeValues(record, options.escapeValue) : record;
      const text = { ...defaultContext, ...options.context };
      try {
        return run(values, { data: { text }, allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false, allowCallsToHelperMissing: false });
      } catch (error) {
        throw new NotificationTemplateError(`The template cannot be filled: ${error instanceof Error ? error.message : String(error)}`, path);
      }
    },
    fields: () => [...heads],
  };
}

/** Every string inside `value` passed through `escape` (numbers and dates are left as they are). */
function escapeValues(value: unknown, escape: (text: string) => string): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return escape(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner)]));
    return v;
  };
  return walk(value) as Record<string, unknown>;
}

function collectPaths(node: unknown, heads: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  const n = node as { type?: string; original?: unknown; parts?: unknown; data?: boolean; depth?: number };
  if (n.type === 'PathExpression' && !n.data && n.depth === 0 && Array.isArray(n.parts) && typeof n.parts[0] === 'string' && !knownHelpers[n.parts[0]]) heads.add(n.parts[0]);
  for (const [key, child] of Object.entries(node)) {
    if (key === 'loc') continue;
    if (Array.isArray(child)) child.forEach((c) => collectPaths(c, heads));
    else if (child && typeof child === 'object') collectPaths(child, heads);
  }
}
