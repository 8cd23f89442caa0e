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
  'print.print': '打印',
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
  'print.print': 'Print',
};

export type PrintText = (key: PrintMessageKey, values?: Record<string, string | number>) => string;

export function usePrintText(): PrintText {
  const dictionary = useRunner().locale === 'en' ? en : zh;
  return (key, values) => {
    const text = dictionary[key];
    return fillPlaceholders(text, values);
  };
}
