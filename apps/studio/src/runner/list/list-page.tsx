/**
 * One view of one entity: its records as a table (a card list on a phone), a kanban board or a
 * calendar, as the view's metadata says. The toolbar holds the search, the filter builder, the
 * column chooser, saved views and the actions the role allows (new, bulk, recycle bin).
 */
import { Badge, Button, Input, Popover, Space, Typography } from 'antd';
import { DeleteOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { View } from '@pipewright/metadata';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useRecordList } from '../data/use-record-list.ts';
import { useText } from '../messages.ts';
import { runnerPaths } from '../paths.ts';
import { BulkActions } from './bulk-actions.tsx';
import { ColumnChooser } from './column-chooser.tsx';
import { FilterBuilder, filterableFields } from './filter-builder.tsx';
import { bothFilters, conditionCount, toFilter } from './filter-model.ts';
import { expansionsOf, initialListState, resolveColumns, type ListState } from './list-state.ts';
import { RecordCards } from './record-cards.tsx';
import { RecordTable } from './record-table.tsx';
import { usePhone } from './use-phone.ts';
import { KanbanBoard } from '../kanban/kanban-board.tsx';
import { CalendarView } from '../calendar/calendar-view.tsx';
import { SavedViews } from './saved-views.tsx';

export function ListPage({ view }: { view: View }) {
  const { app, locale } = useRunner();
  const t = useText();
  const phone = usePhone();
  const entity = app.entity(view.entity)!;
  const [state, setState] = useState<ListState>(() => initialListState(app, view));
  const [selected, setSelected] = useState<number[]>([]);
  const [search, setSearch] = useState('');
  const columns = useMemo(() => resolveColumns(app, view, state.columns), [app, view, state.columns]);
  const userFilter = toFilter(state.filter);
  const params = {
    filter: bothFilters(view.filter, userFilter),
    sort: state.sort,
    search: state.search,
    expand: expansionsOf(app, view.entity, state.columns),
    pageSize: view.type === 'table' ? Math.max(view.pageSize ?? 50, 100) : 500,
  };
  const list = useRecordList(app.key, view.entity, params, view.type === 'table');
  const fields = filterableFields(entity, (key) => app.field(view.entity, key) !== undefined);
  const available = useMemo(() => {
    const paths = [...state.columns, ...(view.columns ?? []).map((c) => c.field), ...fields.map((f) => f.key)];
    return resolveColumns(app, view, [...new Set(paths)]).filter((c) => c.field.type !== 'lineItems');
  }, [app, view, fields, state.columns]);
  const count = conditionCount(state.filter);
  const title = labelOf(view.label, locale);
  const entityLabel = labelOf(entity.pluralLabel ?? entity.label, locale);

  return (
    <div className="pw-list-page" data-view={view.key}>
      <div className="pw-run-header">
        <Space align="center" wrap>
          <Typography.Title level={4} className="pw-run-title">{title}</Typography.Title>
          {view.type === 'table' && list.total !== undefined && (
            <Typography.Text className="pw-count" data-testid="record-count">
              {list.totalKind === 'estimate' ? t('list.countEstimate', { count: list.total.toLocaleString(locale) }) : t('list.count', { count: list.total.toLocaleString(locale) })}
            </Typography.Text>
          )}
        </Space>
        <Space wrap className="pw-run-actions">
          <SavedViews view={view} state={state} onApply={(next) => { setState(next); setSearch(next.search); }} />
          <Input.Search allowClear aria-label={t('list.searchPlaceholder', { entity: entityLabel })} placeholder={t('list.searchPlaceholder', { entity: entityLabel })} value={search} onChange={(e) => setSearch(e.target.value)} onSearch={(q) => setState((s) => ({ ...s, search: q }))} style={{ width: phone ? '100%' : 220 }} />
          <Popover trigger="click" placement="bottomLeft" content={<div className="pw-filter-popover"><FilterBuilder entity={entity} fields={fields} group={state.filter} onChange={(filter) => setState((s) => ({ ...s, filter }))} /></div>}>
            <Button icon={<FilterOutlined />} data-testid="filter-button">
              {count ? t('list.filterCount', { count }) : t('list.filter')}
            </Button>
          </Popover>
          {view.type === 'table' && !phone && <ColumnChooser available={available} chosen={state.columns} onChange={(columns) => setState((s) => ({ ...s, columns }))} />}
          {app.can(view.entity, 'delete') && (
            <Link to={runnerPaths.recycleBin(app.key, view.entity)}>
              <Button icon={<DeleteOutlined />}>{phone ? null : t('list.recycleBin')}</Button>
            </Link>
          )}
          {app.can(view.entity, 'create') && (
            <Link to={runnerPaths.newRecord(app.key, view.entity)}>
              <Button type="primary" icon={<PlusOutlined />}>{t('record.new', { entity: labelOf(entity.label, locale) })}</Button>
            </Link>
          )}
        </Space>
      </div>
      {view.type === 'table' && !phone && <BulkActions entity={view.entity} selected={selected} records={list.records} onDone={() => setSelected([])} />}
      {view.type === 'table' && (list.error ? (
        <Typography.Text type="danger">{t('common.loadFailed', { message: (list.error as Error).message })} <Button size="small" onClick={list.refetch}>{t('common.retry')}</Button></Typography.Text>
      ) : phone ? (
        <RecordCards entity={view.entity} columns={columns} list={list} />
      ) : (
        <RecordTable
          entity={view.entity}
          columns={columns}
          list={list}
          sort={state.sort}
          onSort={(sort) => setState((s) => ({ ...s, sort }))}
          selected={selected}
          onSelect={setSelected}
          selectable={app.can(view.entity, 'update') || app.can(view.entity, 'delete') || app.can(view.entity, 'transfer')}
          inlineEdit={app.can(view.entity, 'update')}
        />
      ))}
      {view.type === 'kanban' && <KanbanBoard view={view} filter={params.filter} search={state.search} />}
      {view.type === 'calendar' && <CalendarView view={view} filter={params.filter} search={state.search} />}
      {list.isFetchingNextPage && <Badge status="processing" text={t('list.loadingMore')} />}
    </div>
  );
}
