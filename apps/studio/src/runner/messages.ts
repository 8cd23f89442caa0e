/**
 * The runner's own words in zh-CN and en (labels of the app itself come from its metadata).
 * `useText()` gives `t(key, values?)` in the runner's locale. zh-CN comes with the runner's
 * script; English (messages-en.ts) is loaded by `loadRunnerText`, which RunnerScope awaits.
 */
import { fillPlaceholders } from '../i18n/placeholders.ts';
import { useRunner } from './app/runner-context.tsx';
import type { Locale } from './app/app-model.ts';

const zh = {
  'common.save': '保存',
  'common.cancel': '取消',
  'common.close': '关闭',
  'common.edit': '编辑',
  'common.delete': '删除',
  'common.new': '新建',
  'common.retry': '重试',
  'common.yes': '是',
  'common.no': '否',
  'common.empty': '—',
  'common.loading': '加载中…',
  'common.search': '搜索',
  'common.apply': '应用',
  'common.reset': '重置',
  'common.ok': '确定',
  'common.loadFailed': '加载失败：{message}',
  'common.saved': '已保存',
  'list.count': '共 {count} 条',
  'list.countEstimate': '约 {count} 条',
  'list.selected': '已选 {count} 条',
  'list.columns': '列',
  'list.filter': '筛选',
  'list.filterCount': '筛选（{count}）',
  'list.noRecords': '没有符合条件的记录',
  'list.noRecordsHint': '调整筛选条件，或新建一条记录。',
  'list.searchPlaceholder': '搜索{entity}',
  'list.bulkUpdate': '批量修改',
  'list.bulkDelete': '批量删除',
  'list.bulkTransfer': '转移负责人',
  'list.bulkDeleteConfirm': '把选中的 {count} 条记录移到回收站？',
  'list.bulkDone': '已处理 {count} 条记录',
  'list.bulkField': '字段',
  'list.bulkValue': '新值',
  'list.recycleBin': '回收站',
  'list.inlineSaved': '已保存',
  'list.inlineEditHint': '双击或按回车编辑',
  'list.selectRow': '选择 {title}',
  'list.selectAll': '选择已加载的全部记录',
  'list.views': '视图',
  'list.loadingMore': '正在加载更多…',
  'list.end': '已显示全部',
  'filter.addCondition': '添加条件',
  'filter.addGroup': '添加条件组',
  'filter.all': '满足全部条件',
  'filter.any': '满足任一条件',
  'filter.field': '字段',
  'filter.remove': '删除条件',
  'filter.empty': '还没有筛选条件',
  'filter.period': '时间段',
  'filter.lastN': '最近',
  'filter.nextN': '未来',
  'filter.currentUser': '当前用户',
  'op.eq': '等于', 'op.ne': '不等于', 'op.lt': '小于', 'op.lte': '小于等于', 'op.gt': '大于', 'op.gte': '大于等于',
  'op.in': '属于', 'op.notIn': '不属于', 'op.contains': '包含', 'op.notContains': '不包含',
  'op.startsWith': '开头是', 'op.endsWith': '结尾是', 'op.isEmpty': '为空', 'op.isNotEmpty': '不为空',
  'op.between': '介于', 'op.within': '在时间段内',
  'period.today': '今天', 'period.yesterday': '昨天', 'period.tomorrow': '明天',
  'period.thisWeek': '本周', 'period.lastWeek': '上周', 'period.nextWeek': '下周',
  'period.thisMonth': '本月', 'period.lastMonth': '上月', 'period.nextMonth': '下月',
  'period.thisQuarter': '本季度', 'period.lastQuarter': '上季度', 'period.nextQuarter': '下季度',
  'period.thisYear': '今年', 'period.lastYear': '去年', 'period.nextYear': '明年',
  'unit.day': '天', 'unit.week': '周', 'unit.month': '月', 'unit.quarter': '季度', 'unit.year': '年',
  'record.new': '新建{entity}',
  'record.details': '详细信息',
  'record.related': '相关记录',
  'record.history': '变更历史',
  'record.share': '共享',
  'record.transfer': '转移',
  'record.deleteConfirm': '把这条记录移到回收站？',
  'record.deleted': '已移到回收站',
  'record.restore': '恢复',
  'record.restored': '已恢复',
  'record.notFound': '记录不存在，或你无权查看。',
  'record.invalid': '有字段需要修改，请查看标红的字段。',
  'record.autoNumber': '保存后自动生成',
  'record.computed': '自动计算',
  'record.required': '必填',
  'record.addLine': '添加一行',
  'record.removeLine': '删除此行',
  'record.noLines': '还没有明细行',
  'record.lineTotal': '合计',
  'record.historyCreate': '{actor} 创建了记录',
  'record.historyUpdate': '{actor} 修改了 {fields}',
  'record.historyDelete': '{actor} 删除了记录',
  'record.historyRestore': '{actor} 恢复了记录',
  'record.historyTransfer': '{actor} 转移了负责人',
  'record.historyEmpty': '还没有变更记录',
  'record.someone': '系统',
  'record.unsaved': '有未保存的修改',
  'share.title': '共享记录',
  'share.user': '用户',
  'share.department': '部门',
  'share.access': '权限',
  'share.read': '只读',
  'share.editAccess': '可编辑',
  'share.add': '共享',
  'share.remove': '取消共享',
  'share.none': '还没有共享给任何人',
  'transfer.title': '转移负责人',
  'transfer.to': '新负责人',
  'transfer.done': '已转移',
  'duplicates.title': '发现可能重复的记录',
  'duplicates.continue': '继续',
  'duplicates.open': '打开',
  'duplicates.sameAs': '相同：{fields}',
  'duplicates.hidden': '另有 {count} 条你无权查看的记录也相同',
  'conflict.title': '记录已被他人修改',
  'conflict.changedBy': '{actor} 在 {at} 修改了这条记录。',
  'conflict.fields': '双方都改过、且值不同的字段：',
  'conflict.theirs': '对方的值',
  'conflict.mine': '我的值',
  'conflict.noOverlap': '对方修改的字段与你的修改没有重叠。',
  'conflict.reload': '放弃我的修改并重新加载',
  'conflict.overwrite': '用我的修改覆盖',
  'kanban.stageFields': '进入"{stage}"前请填写',
  'kanban.moved': '已移到"{stage}"',
  'kanban.noValue': '未设置',
  'kanban.moveTo': '移到"{stage}"',
  'kanban.moveMenu': '移动到其他阶段',
  'kanban.more': '加载更多',
  'kanban.count': '{count} 条',
  'calendar.more': '还有 {count} 条',
  'recycle.title': '{entity}回收站',
  'recycle.empty': '回收站是空的',
  'recycle.deletedAt': '删除时间',
  'recycle.purge': '彻底删除',
  'recycle.purgeConfirm': '彻底删除后无法恢复，确定吗？',
  'recycle.actions': '操作',
  'problem.required': '必填',
  'problem.requiredAtStage': '当前阶段必须填写',
  'problem.duplicate': '已被使用',
  'problem.outOfRange': '超出允许的范围',
  'problem.unknownReference': '所选记录不存在或已删除',
  'problem.unknownUser': '所选用户不存在',
  'problem.inactiveUser': '所选用户已停用',
  'problem.unknownDepartment': '所选部门不存在',
  'problem.readOnly': '你不能修改这个字段',
  'problem.email': '请输入有效的邮箱地址',
  'problem.url': '请输入以 http:// 或 https:// 开头的网址',
  'problem.phone': '请输入有效的电话号码',
  'problem.number': '数值超出范围或小数位过多',
  'problem.date': '请输入有效的日期',
  'problem.text': '格式或长度不符合要求',
  'people.unknown': '用户 {id}',
  'department.unknown': '部门 {id}',
  'file.none': '没有文件',
  'location.lat': '纬度',
  'location.lng': '经度',
  'location.address': '地址',
  'views.notFound': '找不到这个视图，或你无权查看。',
  'views.saveAs': '另存为视图',
  'views.name': '视图名称',
  'views.shared': '共享给所有人',
  'views.personal': '我的视图',
  'views.sharedGroup': '共享视图',
  'views.defaultGroup': '预置视图',
  'views.saved': '视图已保存',
  'views.delete': '删除视图',
} as const;

export type MessageKey = keyof typeof zh;

const dictionaries: Partial<Record<Locale, Record<MessageKey, string>>> = { 'zh-CN': zh };

/** Whether the runner's words in `locale` are at hand. */
export function hasRunnerText(locale: Locale): boolean {
  return dictionaries[locale] !== undefined;
}

/** Loads the runner's words in `locale` when they did not come with the script. */
export async function loadRunnerText(locale: Locale): Promise<true> {
  if (!dictionaries[locale]) dictionaries[locale] = (await import('./messages-en.ts')).en;
  return true;
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const dictionary = dictionaries[locale] ?? zh;
  return (key, values) => {
    const text = dictionary[key];
    return fillPlaceholders(text, values);
  };
}

export function useText(): Translate {
  return translator(useRunner().locale);
}
