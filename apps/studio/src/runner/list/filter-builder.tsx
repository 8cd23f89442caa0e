/**
 * The filter builder: rows of "field · operator · value" in a group joined by all / any, with
 * sub-groups one level deep. Fields, operators and value widgets come from the metadata and the
 * engines' field types (the same operator lists the server accepts); values are typed with the
 * field's own input widget, never as JSON. Edits a `FilterGroup` (see filter-model.ts).
 */
import { Button, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMemo } from 'react';
import { operatorsOf as fieldOperators } from '@pipewright/engines';
import type { Entity, Field, FilterOperand, FilterOperator, NamedPeriod, PeriodUnit } from '@pipewright/metadata';
import { labelOf, type AppModel } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { widgetOf } from '../fields/registry.ts';
import { useText, type MessageKey } from '../messages.ts';
import { emptyGroup, operandField, valuelessOperators, type ConditionRow, type FilterGroup } from './filter-model.ts';
import { filterSummary } from './filter-summary.ts';
import { listableFields } from './list-state.ts';

const periods: NamedPeriod[] = ['today', 'yesterday', 'tomorrow', 'thisWeek', 'lastWeek', 'nextWeek', 'thisMonth', 'lastMonth', 'nextMonth', 'thisQuarter', 'lastQuarter', 'nextQuarter', 'thisYear', 'lastYear', 'nextYear'];
const units: PeriodUnit[] = ['day', 'week', 'month', 'quarter', 'year'];

/** The fields a reader may filter by: the columns they may show whose type has operators. */
export function filterableFields(app: AppModel, entity: string): Field[] {
  return listableFields(app, entity).filter((f) => fieldOperators(f).length > 0);
}

function operatorsOf(field: Field): readonly FilterOperator[] {
  const operators = fieldOperators(field);
  // Sub-string matching makes no sense on a list of ids; keep what reads well per type.
  return field.type === 'user' || field.type === 'department' ? operators.filter((o) => !['contains', 'notContains'].includes(o) || field.multiple) : operators;
}

function PeriodInput({ value, onChange }: { value: FilterOperand | undefined; onChange(value: FilterOperand): void }) {
  const t = useText();
  const current = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  const mode = current && 'last' in current ? 'last' : current && 'next' in current ? 'next' : 'period';
  return (
    <Space.Compact>
      <Select<string>
        aria-label={t('filter.period')}
        style={{ width: 120 }}
        value={mode}
        options={[{ value: 'period', label: t('filter.period') }, { value: 'last', label: t('filter.lastN') }, { value: 'next', label: t('filter.nextN') }]}
        onChange={(next) => onChange(next === 'period' ? { period: 'thisMonth' } : next === 'last' ? { last: 7, unit: 'day' } : { next: 7, unit: 'day' })}
      />
      {mode === 'period' ? (
        <Select<NamedPeriod> aria-label={t('filter.period')} style={{ width: 120 }} value={current && 'period' in current ? current.period : undefined} options={periods.map((p) => ({ value: p, label: t(`period.${p}` as MessageKey) }))} onChange={(period) => onChange({ period })} />
      ) : (
        <>
          <InputNumber<number> aria-label={t(mode === 'last' ? 'filter.lastN' : 'filter.nextN')} min={1} max={3650} style={{ width: 80 }} value={current && mode in current ? (current as unknown as Record<string, number>)[mode] : 7} onChange={(n) => onChange({ ...(mode === 'last' ? { last: n ?? 1 } : { next: n ?? 1 }), unit: current && 'unit' in current ? current.unit : 'day' } as FilterOperand)} />
          <Select<PeriodUnit> aria-label={t('filter.period')} style={{ width: 90 }} value={current && 'unit' in current ? current.unit : 'day'} options={units.map((u) => ({ value: u, label: t(`unit.${u}` as MessageKey) }))} onChange={(unit) => onChange({ ...(current ?? { last: 7 }), unit } as FilterOperand)} />
        </>
      )}
    </Space.Compact>
  );
}

function ValueInput({ field, row, onChange }: { field: Field; row: ConditionRow; onChange(value: FilterOperand | undefined): void }) {
  const t = useText();
  if (valuelessOperators.has(row.op)) return null;
  if (row.op === 'within') return <PeriodInput value={row.value} onChange={onChange} />;
  const target = operandField(field, row.op);
  if (!target) {
    // A list of free values (text, numbers): typed as tags.
    return <Select mode="tags" aria-label={labelOf(field.label, 'en')} style={{ minWidth: 200 }} value={Array.isArray(row.value) ? (row.value as string[]) : []} onChange={(v: string[]) => onChange(v)} tokenSeparators={[',', '，']} />;
  }
  const widget = widgetOf(target);
  if (row.op === 'between') {
    const pair = Array.isArray(row.value) ? row.value : [null, null];
    return (
      <Space>
        <widget.Input field={target} value={pair[0]} onChange={(v) => onChange([v as never, pair[1] ?? null])} />
        <widget.Input field={target} value={pair[1]} onChange={(v) => onChange([pair[0] ?? null, v as never])} />
      </Space>
    );
  }
  const isUser = target.type === 'user' && !target.multiple;
  const currentUser = typeof row.value === 'object' && row.value !== null && !Array.isArray(row.value) && 'var' in row.value && row.value.var === 'currentUser';
  return (
    <Space.Compact style={{ minWidth: 200 }}>
      {currentUser ? <Button onClick={() => onChange(undefined)}>{t('filter.currentUser')} ✕</Button> : <widget.Input field={target} value={row.value} onChange={(v) => onChange((v ?? undefined) as FilterOperand | undefined)} />}
      {isUser && !currentUser && <Button onClick={() => onChange({ var: 'currentUser' })}>{t('filter.currentUser')}</Button>}
    </Space.Compact>
  );
}

function ConditionEditor({ fields, row, onChange, onRemove }: { fields: Field[]; row: ConditionRow; onChange(row: ConditionRow): void; onRemove(): void }) {
  const { locale } = useRunner();
  const t = useText();
  const field = fields.find((f) => f.key === row.field) ?? fields[0]!;
  const operators = operatorsOf(field);
  return (
    <Space wrap className="pw-filter-row" data-field={row.field}>
      <Select<string>
        aria-label={t('filter.field')}
        showSearch
        optionFilterProp="label"
        style={{ width: 160 }}
        value={field.key}
        options={fields.map((f) => ({ value: f.key, label: labelOf(f.label, locale) }))}
        onChange={(key) => {
          const next = fields.find((f) => f.key === key)!;
          onChange({ kind: 'condition', field: key, op: operatorsOf(next)[0] ?? 'eq' });
        }}
      />
      <Select<FilterOperator>
        aria-label={t('list.filter')}
        style={{ width: 130 }}
        value={row.op}
        options={operators.map((o) => ({ value: o, label: t(`op.${o}` as MessageKey) }))}
        onChange={(op) => onChange({ ...row, op, value: op === row.op ? row.value : undefined })}
      />
      <ValueInput field={field} row={row} onChange={(value) => onChange({ ...row, value })} />
      <Button type="text" icon={<DeleteOutlined />} aria-label={t('filter.remove')} onClick={onRemove} />
    </Space>
  );
}

export function FilterBuilder({ entity, fields, group, onChange, nested = false }: { entity: Entity; fields: Field[]; group: FilterGroup; onChange(group: FilterGroup): void; nested?: boolean }) {
  const t = useText();
  const { app, locale } = useRunner();
  const set = (index: number, item: FilterGroup['items'][number] | undefined) =>
    onChange({ ...group, items: item === undefined ? group.items.filter((_x, i) => i !== index) : group.items.map((x, i) => (i === index ? item : x)) });
  const first = fields[0];
  return (
    <div className={nested ? 'pw-filter-group pw-filter-nested' : 'pw-filter-group'}>
      <Radio.Group size="small" value={group.join} onChange={(e) => onChange({ ...group, join: e.target.value as 'and' | 'or' })} optionType="button" options={[{ value: 'and', label: t('filter.all') }, { value: 'or', label: t('filter.any') }]} />
      {group.items.length === 0 && <Typography.Paragraph type="secondary" className="pw-filter-empty">{t('filter.empty')}</Typography.Paragraph>}
      {group.items.map((item, index) =>
        item.kind === 'condition' ? (
          <ConditionEditor key={index} fields={fields} row={item} onChange={(row) => set(index, row)} onRemove={() => set(index, undefined)} />
        ) : item.kind === 'group' ? (
          <div key={index} className="pw-filter-sub">
            <FilterBuilder entity={entity} fields={fields} group={item} onChange={(g) => set(index, g.items.length ? g : undefined)} nested />
          </div>
        ) : (
          <Space key={index} className="pw-filter-row">
            <Typography.Text code>{filterSummary(item.filter, (path) => app.fieldAtPath(entity.key, path)?.field, locale, t)}</Typography.Text>
            <Button type="text" icon={<DeleteOutlined />} aria-label={t('filter.remove')} onClick={() => set(index, undefined)} />
          </Space>
        ),
      )}
      {first && (
        <Space>
          <Button size="small" icon={<PlusOutlined />} onClick={() => onChange({ ...group, items: [...group.items, { kind: 'condition', field: first.key, op: operatorsOf(first)[0] ?? 'eq' }] })}>
            {t('filter.addCondition')}
          </Button>
          {!nested && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => onChange({ ...group, items: [...group.items, { ...emptyGroup(), join: group.join === 'and' ? 'or' : 'and', items: [{ kind: 'condition', field: first.key, op: operatorsOf(first)[0] ?? 'eq' }] }] })}>
              {t('filter.addGroup')}
            </Button>
          )}
        </Space>
      )}
    </div>
  );
}

/** The filter popover's content: the builder over the fields this reader may filter by. Loaded when first opened. */
export default function FilterPanel({ entity, group, onChange }: { entity: Entity; group: FilterGroup; onChange(group: FilterGroup): void }) {
  const { app } = useRunner();
  const fields = useMemo(() => filterableFields(app, entity.key), [app, entity.key]);
  return <FilterBuilder entity={entity} fields={fields} group={group} onChange={onChange} />;
}
