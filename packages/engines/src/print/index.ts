export { compilePrintTemplate, bodyOf, type CompiledPrintTemplate, type FilledPrint, type PrintData } from './fill.ts';
export { blocksToTemplate } from './blocks.ts';
export { checkPrintTemplates, checkPrintTemplate, maxPrintNesting } from './check.ts';
export { paperOf, defaultMargins, type PaperGeometry } from './page-setup.ts';
export { PrintTemplateError } from './print-errors.ts';
export { printHelpers } from './helpers/registry.ts';
export type { PrintHelper, PrintHelperContext } from './helpers/print-helper.ts';
export { rmbUpper } from './helpers/rmb-upper.ts';
export { formatMoney } from './helpers/money.ts';
