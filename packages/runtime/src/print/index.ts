export { Prints, batchLimit, type PrintedDocument } from './prints.ts';
export { PrintRenderer, type PrintRendererOptions, type RenderedPdf } from './print-renderer.ts';
export { PagePool } from './page-pool.ts';
export { PrintBatchTooLargeError, PrintDeniedError, PrintTemplateNotFoundError, PrintTimeoutError, PrintTooLargeError } from './print-errors.ts';
export { cjkFontsInstalled, cjkFontsWarning } from './cjk-fonts.ts';
export { browserExecutable } from './browser-executable.ts';
