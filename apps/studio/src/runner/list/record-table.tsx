/**
 * The list as a table: antd's virtual table, so the DOM holds only the rows in sight however
 * many are loaded; the next keyset page is fetched as the reader nears the end. Sort by a column
 * header, select rows for bulk actions, edit cells in place where allowed.
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
import { InlineCell } from './inline-cell.tsx';
import { valueAtPath, type ListColumn } from './list-state.ts';
import type { RecordListState } from '../data/use-record-list.ts';
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
}

const rowHeight = 47;

export function RecordTable({ entity, columns, list, sort, onSort, selected, onSelect, selectable, inlineEdit }: RecordTableProps) {
  const { app, locale } = useRunner();
  const t = useText();
  const navigate = useNavigate();
  const box = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(480);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setHeight(Math.max(240, window.innerHeight - element.getBoundingClientRect().top - 56));
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);

  const titleKey = app.entity(entity)?.titleField;
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
      width: column.width ?? widget.width ?? 150,
      align: alignOf(widget, column.field),
      ellipsis: true,
      // A column a B-tree can order is one the server sorts by: the metadata's `indexed`
      // capability, which the engines' field types agree with (decision 053).
      sorter: top && fieldCapabilities[column.field.type].indexed,
      sortOrder: order,
      showSorterTooltip: false,
      render: (_: unknown, record: RecordData) => {
        if (editable && !isTitle) return <InlineCell entity={entity} field={column.field} record={record} />;
        const display = <widget.Display field={column.field} value={valueAtPath(record, column.path)} record={record} />;
        return isTitle ? <a className="pw-row-title" href={runnerPaths.record(app.key, entity, record.id)} onClick={(e) => { e.preventDefault(); navigate(runnerPaths.record(app.key, entity, record.id)); }}>{display}</a> : display;
      },
    };
  });
  const width = tableColumns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 150), selectable ? 48 : 0);

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
                    onChange={(e) => onSelect(e.target.checked ? list.records.map((r) => r.id) : [])}
                  />
                ),
                renderCell: (checked, record) => (
                  <Checkbox aria-label={t('list.selectRow', { title: app.titleOf(entity, record) })} checked={checked} onChange={(e) => onSelect(e.target.checked ? [...selected, record.id] : selected.filter((id) => id !== record.id))} />
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
