export { Prints, batchLimit, type PrintedDocument } from './prints.ts';
export { PrintRenderer, type PrintRendererOptions, type RenderedPdf } from './print-renderer.ts';
export { PagePool } from './page-pool.ts';
export { PrintJobs, printJobLimit, type PrintJob, type PrintJobOutput, type PrintJobRequest, type PrintJobStatus } from './print-jobs.ts';
export { PrintJobNotFoundError, PrintJobNotReadyError, PrintBatchTooLargeError, PrintDeniedError, PrintTemplateNotFoundError, PrintTimeoutError, PrintTooLargeError } from './print-errors.ts';
export { cjkFontsInstalled, cjkFontsWarning } from './cjk-fonts.ts';
export { browserExecutable } from './browser-executable.ts';
