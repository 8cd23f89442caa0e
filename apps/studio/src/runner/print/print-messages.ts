/** The words of printing in zh-CN and en (template labels come from the app's metadata). */
import { fillPlaceholders } from '../../i18n/placeholders.ts';
import { useRunner } from '../app/runner-context.tsx';

const zh = {
  'print.menu': '打印',
  'print.none': '没有可用的打印模板',
  'print.open': '{template}（PDF，新标签页打开）',
  'print.batch': '批量打印',
  'print.batchTitle': '批量打印 {count} 条记录',
  'print.template': '打印模板',
  'print.tooMany': '一次最多打印 {max} 条记录，已选 {count} 条。请分批打印。',
  'print.denied': '你没有打印这些记录的权限：{ids}。没有打印任何记录。',
  'print.failed': '打印失败：{message}',
  'print.done': '已生成 {count} 条记录的 PDF',
  'print.doneZip': '已生成 {count} 条记录的 ZIP 压缩包',
  'print.print': '打印',
  'print.all': '全部打印',
  'print.scope': '打印范围',
  'print.scopeSelected': '已选的 {count} 条记录',
  'print.scopeFilter': '当前筛选的全部 {count} 条记录',
  'print.scopeFilterUncounted': '当前筛选的全部记录',
  'print.output': '输出',
  'print.outputPdf': '合并为一个 PDF',
  'print.outputZip': '每条记录一个 PDF（ZIP 压缩包）',
  'print.nothing': '当前筛选没有你可以打印的记录。',
  'print.stop': '停止',
  'print.close': '关闭',
  'print.cancel': '取消',
  'print.status.queued': '排队中…',
  'print.status.running': '正在打印 {done} / {total}',
  'print.status.completed': '已完成 {total} 条，文件已下载',
  'print.status.failed': '打印失败（已完成 {done} / {total}）',
  'print.status.cancelled': '已停止（已完成 {done} / {total}），没有生成文件',
};

export type PrintMessageKey = keyof typeof zh;

const en: Record<PrintMessageKey, string> = {
  'print.menu': 'Print',
  'print.none': 'No print template available',
  'print.open': '{template} (PDF, opens in a new tab)',
  'print.batch': 'Print',
  'print.batchTitle': 'Print {count} records',
  'print.template': 'Template',
  'print.tooMany': 'At most {max} records print at once; {count} are selected. Print them in smaller batches.',
  'print.denied': 'You may not print these records: {ids}. Nothing was printed.',
  'print.failed': 'Printing failed: {message}',
  'print.done': 'PDF of {count} records made',
  'print.doneZip': 'Zip of {count} records made',
  'print.print': 'Print',
  'print.all': 'Print all',
  'print.scope': 'Records',
  'print.scopeSelected': 'The {count} selected records',
  'print.scopeFilter': 'All {count} records of this filter',
  'print.scopeFilterUncounted': 'All records of this filter',
  'print.output': 'Output',
  'print.outputPdf': 'One merged PDF',
  'print.outputZip': 'One PDF per record (zip)',
  'print.nothing': 'This filter selects no record you may print.',
  'print.stop': 'Stop',
  'print.close': 'Close',
  'print.cancel': 'Cancel',
  'print.status.queued': 'Waiting…',
  'print.status.running': 'Printing {done} of {total}',
  'print.status.completed': '{total} records printed; the file was downloaded',
  'print.status.failed': 'Printing failed ({done} of {total} done)',
  'print.status.cancelled': 'Stopped ({done} of {total} done); no file was made',
};

export type PrintText = (key: PrintMessageKey, values?: Record<string, string | number>) => string;

export function usePrintText(): PrintText {
  const dictionary = useRunner().locale === 'en' ? en : zh;
  return (key, values) => {
    const text = dictionary[key];
    return fillPlaceholders(text, values);
  };
}
