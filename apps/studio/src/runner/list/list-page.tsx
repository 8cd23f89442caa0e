/**
 * One view of one entity: its records as a table (a card list on a phone), a kanban board or a
 * calendar, as the view's metadata says. The toolbar holds the search, the filter builder, the
 * column chooser, saved views and the actions the role allows (new, bulk, recycle bin).
 */
import { Button, Input, Space, Spin } from 'antd';
import { DeleteOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { View } from '@pipewright/metadata';
import { QueryFailure } from '../../shell/QueryFailure.tsx';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useRecordList } from '../data/use-record-list.ts';
import { useRowPermissions } from '../data/use-row-permissions.ts';
import { useText } from '../messages.ts';
import { runnerPaths } from '../paths.ts';
import { ClickPopover } from './click-popover.tsx';
import { ColumnChooser } from './column-chooser.tsx';
import { bothFilters, conditionCount, toFilter } from './filter-model.ts';
import { expansionsOf, initialListState, listableFields, resolveColumns, type ListState } from './list-state.ts';
import { RecordTable } from './record-table.tsx';
import { usePhone } from './use-phone.ts';
import { SavedViews } from './saved-views.tsx';
import { printTemplatesOf } from '../print/print-templates.ts';

// What a first table list does not draw is loaded when drawn: the filter builder when its
// popover opens, bulk actions once rows are selected, the phone's cards, boards and calendars
// (decision 053).
const FilterPanel = lazy(() => import('./filter-builder.tsx'));
const BatchPrint = lazy(async () => ({ default: (await import('../print/batch-print.tsx')).BatchPrint }));
const BulkActions = lazy(async () => ({ default: (await import('./bulk-actions.tsx')).BulkActions }));
const RecordCards = lazy(async () => ({ default: (await import('./record-cards.tsx')).RecordCards }));
const KanbanBoard = lazy(async () => ({ default: (await import('../kanban/kanban-board.tsx')).KanbanBoard }));
const CalendarView = lazy(async () => ({ default: (await import('../calendar/calendar-view.tsx')).CalendarView }));
const loading = <Spin className="pw-center" />;

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
  const selectable = app.can(view.entity, 'update') || app.can(view.entity, 'delete') || app.can(view.entity, 'transfer');
  const permitted = useRowPermissions(app.key, view.entity, list.records, view.type === 'table' && !phone && selectable);
  const fields = useMemo(() => listableFields(app, view.entity), [app, view.entity]);
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
          <h4 className="pw-run-title">{title}</h4>
          {view.type === 'table' && list.total !== undefined && (
            <span className="pw-count" data-testid="record-count">
              {list.totalKind === 'estimate' ? t('list.countEstimate', { count: list.total.toLocaleString(locale) }) : t('list.count', { count: list.total.toLocaleString(locale) })}
            </span>
          )}
        </Space>
        <Space wrap className="pw-run-actions">
          <SavedViews view={view} state={state} onApply={(next) => { setState(next); setSearch(next.search); }} />
          <Input.Search allowClear aria-label={t('list.searchPlaceholder', { entity: entityLabel })} placeholder={t('list.searchPlaceholder', { entity: entityLabel })} value={search} onChange={(e) => setSearch(e.target.value)} onSearch={(q) => setState((s) => ({ ...s, search: q }))} style={{ width: phone ? '100%' : 220 }} />
          <ClickPopover placement="bottomLeft" content={<div className="pw-filter-popover"><Suspense fallback={loading}><FilterPanel entity={entity} group={state.filter} onChange={(filter) => setState((s) => ({ ...s, filter }))} /></Suspense></div>}>
            <Button icon={<FilterOutlined />} data-testid="filter-button">
              {count ? t('list.filterCount', { count }) : t('list.filter')}
            </Button>
          </ClickPopover>
          {view.type === 'table' && !phone && <ColumnChooser available={available} chosen={state.columns} onChange={(columns) => setState((s) => ({ ...s, columns }))} />}
          {view.type === 'table' && selected.length === 0 && printTemplatesOf(app, view.entity).length > 0 && (
            <Suspense fallback={null}>
              <BatchPrint entity={view.entity} selected={[]} filter={bothFilters(view.filter, userFilter)} total={list.total} />
            </Suspense>
          )}
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
      {view.type === 'table' && !phone && selected.length > 0 && (
        <Suspense fallback={null}>
          <BulkActions entity={view.entity} selected={selected} filter={bothFilters(view.filter, userFilter)} total={list.total} records={list.records} permitted={permitted} onDone={() => setSelected([])} />
        </Suspense>
      )}
      {view.type === 'table' && (list.error ? (
        <QueryFailure error={list.error} onRetry={list.refetch} />
      ) : phone ? (
        <Suspense fallback={loading}>
          <RecordCards entity={view.entity} columns={columns} list={list} />
        </Suspense>
      ) : (
        <RecordTable
          entity={view.entity}
          columns={columns}
          list={list}
          sort={state.sort}
          onSort={(sort) => setState((s) => ({ ...s, sort }))}
          selected={selected}
          onSelect={setSelected}
          selectable={selectable}
          inlineEdit={app.can(view.entity, 'update')}
          permitted={permitted}
        />
      ))}
      {view.type === 'kanban' && (
        <Suspense fallback={loading}>
          <KanbanBoard view={view} filter={params.filter} search={state.search} />
        </Suspense>
      )}
      {view.type === 'calendar' && (
        <Suspense fallback={loading}>
          <CalendarView view={view} filter={params.filter} search={state.search} />
        </Suspense>
      )}
      {list.isFetchingNextPage && <div className="pw-loading-more" role="status"><Spin size="small" /> {t('list.loadingMore')}</div>}
    </div>
  );
}
