/**
 * The list as a table: antd's virtual table, so the DOM holds only the rows in sight however
 * many are loaded; the next keyset page is fetched as the reader nears the end. Sort by a column
 * header, select rows for bulk actions, edit cells in place where allowed: the role may edit the
 * field, and the server says the reader may update that record (`permitted`).
 */
import { Checkbox, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { fieldCapabilities } from '@pipewright/metadata';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import type { RecordData, SortOrder } from '../data/records-api.ts';
import { alignOf } from '../fields/field-widget.ts';
import { widgetOf } from '../fields/registry.ts';
import { runnerPaths } from '../paths.ts';
import { fitColumns } from './column-fit.ts';
import { InlineCell } from './inline-cell.tsx';
import { valueAtPath, type ListColumn } from './list-state.ts';
import type { RecordListState } from '../data/use-record-list.ts';
import type { RowPermissions } from '../data/use-row-permissions.ts';
import { useText } from '../messages.ts';

export interface RecordTableProps {
  entity: string;
  columns: ListColumn[];
  list: RecordListState;
  sort: SortOrder[];
  onSort(sort: SortOrder[]): void;
  selected: number[];
  onSelect(ids: number[]): void;
  selectable: boolean;
  inlineEdit: boolean;
  /** What the reader may do with each record; a row offers what it allows. */
  permitted: RowPermissions;
}

const rowHeight = 47;
/** The row actions a selection serves (bulk-actions.tsx); a row permitting none of them has no checkbox to tick. */
const bulkActions = ['update', 'delete', 'transfer', 'print'] as const;

export function RecordTable({ entity, columns, list, sort, onSort, selected, onSelect, selectable, inlineEdit, permitted }: RecordTableProps) {
  const { app, locale } = useRunner();
  const t = useText();
  const navigate = useNavigate();
  const box = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(480);
  const [boxWidth, setBoxWidth] = useState(0);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => {
      setHeight(Math.max(240, window.innerHeight - element.getBoundingClientRect().top - 56));
      setBoxWidth(element.clientWidth);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, []);

  const titleKey = app.entity(entity)?.titleField;
  const selectionWidth = selectable ? 48 : 0;
  // The columns share the box's width rather than scrolling sideways; a table scrolls only when
  // even its narrowest widths do not fit (column-fit.ts). Two pixels for the table's borders.
  const widths = fitColumns(columns.map((column) => column.width ?? widgetOf(column.field).width ?? 150), boxWidth - selectionWidth - 2);
  const tableColumns: ColumnsType<RecordData> = columns.map((column, index) => {
    const widget = widgetOf(column.field);
    const top = !column.path.includes('.');
    const editable = inlineEdit && top && !widget.computed && !column.field.readOnly && app.fieldAccess(entity, column.field.key) === 'editable' && column.field.type !== 'lineItems' && column.path !== 'owner_id';
    const order = sort[0]?.field === column.path ? (sort[0].direction === 'desc' ? 'descend' : 'ascend') : null;
    const isTitle = column.path === titleKey || (index === 0 && !titleKey);
    return {
      key: column.path,
      dataIndex: column.path,
      title: labelOf(column.field.label, locale),
      width: widths[index]!,
      align: alignOf(widget, column.field),
      ellipsis: true,
      // A column a B-tree can order is one the server sorts by: the metadata's `indexed`
      // capability, which the engines' field types agree with (decision 053).
      sorter: top && fieldCapabilities[column.field.type].indexed,
      sortOrder: order,
      showSorterTooltip: false,
      render: (_: unknown, record: RecordData) => {
        if (editable && !isTitle && permitted.allows(record.id, 'update')) return <InlineCell entity={entity} field={column.field} record={record} />;
        const display = <widget.Display field={column.field} value={valueAtPath(record, column.path)} record={record} />;
        return isTitle ? <a className="pw-row-title" href={runnerPaths.record(app.key, entity, record.id)} onClick={(e) => { e.preventDefault(); navigate(runnerPaths.record(app.key, entity, record.id)); }}>{display}</a> : display;
      },
    };
  });
  const width = widths.reduce((sum, w) => sum + w, selectionWidth);

  return (
    <div ref={box} className="pw-record-table" data-testid="record-table">
      <Table<RecordData>
        virtual
        size="middle"
        rowKey="id"
        columns={tableColumns}
        dataSource={list.records}
        loading={list.isLoading}
        pagination={false}
        scroll={{ x: width, y: height }}
        locale={{ emptyText: list.isLoading ? t('common.loading') : <div className="pw-empty"><strong>{t('list.noRecords')}</strong><div>{t('list.noRecordsHint')}</div></div> }}
        rowSelection={
          selectable
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => onSelect(keys as number[]),
                columnWidth: 48,
                preserveSelectedRowKeys: true,
                columnTitle: (
                  <Checkbox
                    aria-label={t('list.selectAll')}
                    // Nothing to select in an empty list; and antd repeats this header in its
                    // aria-hidden measure row then, where a focusable box is an accessibility fault.
                    disabled={list.records.length === 0}
                    checked={list.records.length > 0 && selected.length >= list.records.length}
                    indeterminate={selected.length > 0 && selected.length < list.records.length}
                    onChange={(e) => onSelect(e.target.checked ? list.records.filter((r) => bulkActions.some((action) => permitted.allows(r.id, action))).map((r) => r.id) : [])}
                  />
                ),
                getCheckboxProps: (record) => ({ disabled: !bulkActions.some((action) => permitted.allows(record.id, action)) }),
                renderCell: (checked, record) => (
                  <Checkbox aria-label={t('list.selectRow', { title: app.titleOf(entity, record) })} checked={checked} disabled={!bulkActions.some((action) => permitted.allows(record.id, action))} onChange={(e) => onSelect(e.target.checked ? [...selected, record.id] : selected.filter((id) => id !== record.id))} />
                ),
              }
            : undefined
        }
        onChange={(_p, _f, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          if (!one?.order || typeof one.columnKey !== 'string') onSort([]);
          else onSort([{ field: one.columnKey, direction: one.order === 'descend' ? 'desc' : 'asc', nulls: 'last' }]);
        }}
        onScroll={(event) => {
          const target = event.currentTarget as HTMLElement | undefined;
          if (!target || !list.hasNextPage || list.isFetchingNextPage) return;
          if (target.scrollTop + target.clientHeight >= target.scrollHeight - rowHeight * 20) list.fetchNextPage();
        }}
      />
    </div>
  );
}
