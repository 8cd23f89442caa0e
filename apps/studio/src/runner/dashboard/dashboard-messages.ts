/**
 * The words of dashboards in zh-CN and en (labels of reports and dashboards come from the
 * app's metadata). `useDashboardText()` gives `t(key, values?)`.
 */
import { fillPlaceholders } from '../../i18n/placeholders.ts';
import { useRunner } from '../app/runner-context.tsx';

const zh = {
  'dash.period': '期间',
  'dash.period.default': '报表默认',
  'dash.period.thisMonth': '本月',
  'dash.period.thisQuarter': '本季度',
  'dash.period.thisYear': '今年',
  'dash.period.custom': '自定义',
  'dash.period.from': '开始日期',
  'dash.period.to': '结束日期',
  'dash.allTeams': '全部团队',
  'dash.allReps': '全部销售',
  'dash.refresh': '刷新',
  'report.exportCsv': '导出 CSV',
  'report.exportXlsx': '导出 Excel',
  'report.exported': '已导出 {file}',
  'report.notFound': '没有这张报表，或你没有运行它的权限',
  'dash.updating': '正在更新…',
  'dash.notFound': '没有这个仪表盘，或你没有查看它的权限',
  'dash.none': '你的角色没有可查看的仪表盘',
  'dash.emptyPeriod': '所选期间（{period}）没有数据：没有{entity}的{field}落在这个期间。换一个期间试试。',
  'dash.emptyAll': '没有数据：还没有符合这张报表条件、你有权查看的{entity}。',
  'dash.widgetError': '这个组件无法显示：{message}',
  'dash.denied': '你没有运行这张报表的权限',
  'dash.asTable': '以表格查看',
  'dash.asChart': '以图表查看',
  'dash.target': '目标 {target} · 完成 {share}',
  'dash.drillHint': '点击图形或数字查看对应的记录',
  'dash.drillTitle': '{widget}：{cell}',
  'dash.drillCount': '共 {count} 条记录',
  'dash.drillMore': '加载更多',
  'dash.drillEmpty': '没有记录',
  'dash.total': '合计',
  'dash.range': '{from} 至 {to}',
};

export type DashboardMessageKey = keyof typeof zh;

const en: Record<DashboardMessageKey, string> = {
  'dash.period': 'Period',
  'dash.period.default': 'Report defaults',
  'dash.period.thisMonth': 'This month',
  'dash.period.thisQuarter': 'This quarter',
  'dash.period.thisYear': 'This year',
  'dash.period.custom': 'Custom',
  'dash.period.from': 'From',
  'dash.period.to': 'To',
  'dash.allTeams': 'All teams',
  'dash.allReps': 'All reps',
  'dash.refresh': 'Refresh',
  'report.exportCsv': 'Export CSV',
  'report.exportXlsx': 'Export Excel',
  'report.exported': 'Exported {file}',
  'report.notFound': 'No such report, or you may not run it',
  'dash.updating': 'Updating…',
  'dash.notFound': 'No such dashboard, or you may not view it',
  'dash.none': 'Your roles have no dashboard to view',
  'dash.emptyPeriod': 'No data for the period ({period}): no {entity:lower} has its {field:lower} in it. Try another period.',
  'dash.emptyAll': 'No data: no {entity:lower} you may see matches this report yet.',
  'dash.widgetError': 'This widget cannot be shown: {message}',
  'dash.denied': 'You may not run this report',
  'dash.asTable': 'Show as table',
  'dash.asChart': 'Show as chart',
  'dash.target': 'Target {target} · {share} reached',
  'dash.drillHint': 'Click a shape or a number to see its records',
  'dash.drillTitle': '{widget}: {cell}',
  'dash.drillCount': '{count} records',
  'dash.drillMore': 'Load more',
  'dash.drillEmpty': 'No records',
  'dash.total': 'Total',
  'dash.range': '{from} to {to}',
};

export type DashboardText = (key: DashboardMessageKey, values?: Record<string, string | number>) => string;

export function dashboardTranslator(locale: 'zh-CN' | 'en'): DashboardText {
  const dictionary = locale === 'en' ? en : zh;
  return (key, values) => {
    const text = dictionary[key];
    return fillPlaceholders(text, values);
  };
}

export function useDashboardText(): DashboardText {
  return dashboardTranslator(useRunner().locale);
}
