/**
 * One print helper: a name the template calls (`{{money final_amount}}`), what it does, and how
 * many arguments it takes. Helpers are pure and synchronous; what they return is escaped by
 * handlebars unless it is markup they built themselves (`PrintMarkup`).
 */
export interface PrintHelperContext {
  /** The reader's locale: `zh-CN` (default) or `en`. */
  locale: string;
  /** The business time zone dates print in. */
  timeZone: string;
  /** The currency of `money` when the template names none (ISO 4217, default CNY). */
  currency: string;
}

export interface PrintHelper {
  name: string;
  description: string;
  /** Fewest and most positional arguments. */
  arity: readonly [min: number, max: number];
  /** Arguments are the values handlebars resolved; `markup` wraps HTML the helper built. */
  run(args: readonly unknown[], context: PrintHelperContext, markup: (html: string) => unknown): unknown;
}

/** A number from a value as records hold it (number, or numeric text for exact decimals); `undefined` when empty. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Escapes text for HTML (helpers that build markup escape every value they put in it). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}
