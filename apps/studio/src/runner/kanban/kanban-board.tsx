/**
 * A kanban board: one column per option of the view's `groupBy` select (and one for records
 * without a value), each column its own keyset list with its count. Dragging a card (pointer
 * events, so touch, mouse and tests behave alike) or choosing "move to" from its menu changes the
 * select; when the target stage requires fields the record lacks, a dialog asks for them first.
 * On a phone the columns scroll sideways, one stage at a time.
 */
import { Button, Card, Dropdown, Empty, Spin, Typography } from 'antd';
import { MoreOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { Link } from 'react-router';
import type { Filter, SingleSelectField, View } from '@pipewright/metadata';
import { ApiProblem } from '../../api/problem.ts';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { updateRecord, type RecordData } from '../data/records-api.ts';
import { recordKeys } from '../data/query-keys.ts';
import { useRecordList } from '../data/use-record-list.ts';
import { widgetOf } from '../fields/registry.ts';
import { bothFilters } from '../list/filter-model.ts';
import { expansionsOf, resolveColumns, valueAtPath, type ListColumn } from '../list/list-state.ts';
import { useText } from '../messages.ts';
import { runnerPaths } from '../paths.ts';
import { missingForStage } from './stage-rules.ts';
import { StageFieldsDialog, type StageMove } from './stage-fields-dialog.tsx';
import { useFeedback } from '../../app/feedback.tsx';

interface Stage { value: string | null; label: string; color: string | undefined }

interface Drag { record: RecordData; from: string | null; x: number; y: number; startX: number; startY: number; moved: boolean }

function KanbanCard({ entity, record, columns, stages, onMove, onPointerDown, dragging }: { entity: string; record: RecordData; columns: ListColumn[]; stages: Stage[]; onMove(record: RecordData, stage: Stage): void; onPointerDown(e: ReactPointerEvent, record: RecordData): void; dragging: Drag | undefined }) {
  const { app, locale } = useRunner();
  const t = useText();
  const lifted = dragging?.moved && dragging.record.id === record.id;
  const titleKey = app.entity(entity)?.titleField;
  return (
    <Card
      size="small"
      className={lifted ? 'pw-kanban-card pw-lifted' : 'pw-kanban-card'}
      data-record={record.id}
      style={lifted ? { transform: `translate(${dragging.x - dragging.startX}px, ${dragging.y - dragging.startY}px)`, zIndex: 10, pointerEvents: 'none' } : undefined}
      onPointerDown={(e) => onPointerDown(e, record)}
      title={<Link to={runnerPaths.record(app.key, entity, record.id)} draggable={false}>{app.titleOf(entity, record)}</Link>}
      extra={
        app.can(entity, 'update') && (
          <Dropdown trigger={['click']} menu={{ items: stages.filter((s) => s.value !== null).map((s) => ({ key: s.value!, label: t('kanban.moveTo', { stage: s.label }) })), onClick: ({ key }) => onMove(record, stages.find((s) => s.value === key)!) }}>
            <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('kanban.moveMenu')} onPointerDown={(e) => e.stopPropagation()} />
          </Dropdown>
        )
      }
    >
      {columns.filter((c) => c.path !== titleKey).map((c) => {
        const W = widgetOf(c.field);
        return (
          <div key={c.path} className="pw-card-row">
            <span className="pw-card-label">{labelOf(c.field.label, locale)}</span>
            <span className="pw-card-value"><W.Display field={c.field} value={valueAtPath(record, c.path)} record={record} /></span>
          </div>
        );
      })}
    </Card>
  );
}

function KanbanColumn({ view, stage, filter, search, expand, children }: { view: View; stage: Stage; filter: Filter | undefined; search: string; expand: string[]; children(records: RecordData[]): React.ReactNode }) {
  const { app, locale } = useRunner();
  const t = useText();
  const groupBy = view.groupBy!;
  const own: Filter = stage.value === null ? { field: groupBy, op: 'isEmpty' } : { field: groupBy, op: 'eq', value: stage.value };
  const list = useRecordList(app.key, view.entity, { filter: bothFilters(filter, own), sort: view.sort?.map((s) => ({ ...s })), search, expand, pageSize: 50 });
  return (
    <section className="pw-kanban-column" data-stage={stage.value ?? ''} aria-label={stage.label}>
      <header className="pw-kanban-header" style={{ borderTopColor: stage.color ?? '#d9d9d9' }}>
        <Typography.Text strong>{stage.label}</Typography.Text>
        <Typography.Text type="secondary">{list.total === undefined ? '' : t('kanban.count', { count: list.total.toLocaleString(locale) })}</Typography.Text>
      </header>
      <div className="pw-kanban-cards">
        {list.isLoading ? <Spin /> : list.records.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.noRecords')} /> : children(list.records)}
        {list.hasNextPage && <Button type="link" block onClick={list.fetchNextPage} loading={list.isFetchingNextPage}>{t('kanban.more')}</Button>}
      </div>
    </section>
  );
}

export function KanbanBoard({ view, filter, search }: { view: View; filter: Filter | undefined; search: string }) {
  const { app, locale } = useRunner();
  const t = useText();
  const { message } = useFeedback();
  const client = useQueryClient();
  const [drag, setDrag] = useState<Drag | undefined>();
  const [pending, setPending] = useState<{ move: StageMove; stage: Stage } | undefined>();
  const board = useRef<HTMLDivElement>(null);
  const groupField = app.field(view.entity, view.groupBy!);
  const columnPaths = (view.columns ?? []).map((c) => c.field).filter((p) => app.fieldAtPath(view.entity, p));
  const columns = resolveColumns(app, view, columnPaths);
  const expand = expansionsOf(app, view.entity, columnPaths);
  if (!groupField || groupField.type !== 'singleSelect') return <Empty description={t('views.notFound')} />;
  const select = groupField as SingleSelectField;
  const stages: Stage[] = [...select.options.map((o) => ({ value: o.value, label: labelOf(o.label, locale), color: o.color })), { value: null, label: t('kanban.noValue'), color: undefined }];
  const mayUpdate = app.can(view.entity, 'update') && app.fieldAccess(view.entity, select.key) === 'editable';

  const write = async (record: RecordData, stage: Stage, extra: Record<string, unknown>) => {
    await updateRecord(app.key, view.entity, record.id, { ...extra, [select.key]: stage.value }, record.version);
    message.success(t('kanban.moved', { stage: stage.label }));
    await client.invalidateQueries({ queryKey: recordKeys.entity(app.key, view.entity) });
  };
  const move = async (record: RecordData, stage: Stage) => {
    if ((record[select.key] ?? null) === stage.value || !mayUpdate) return;
    const missing = stage.value === null ? [] : missingForStage(app, view.entity, select.key, stage.value, record);
    if (missing.length) return setPending({ move: { record, stageLabel: stage.label, fields: missing }, stage });
    try {
      await write(record, stage, {});
    } catch (error) {
      message.error(error instanceof ApiProblem ? (error.errors[0]?.message ?? error.message) : String(error));
    }
  };
  const onPointerDown = (e: ReactPointerEvent, record: RecordData) => {
    if (!mayUpdate || e.button !== 0 || (e.target as HTMLElement).closest('a,button')) return;
    setDrag({ record, from: (record[select.key] as string | null) ?? null, x: e.clientX, y: e.clientY, startX: e.clientX, startY: e.clientY, moved: false });
    const onMove = (ev: PointerEvent) => setDrag((d) => d && { ...d, x: ev.clientX, y: ev.clientY, moved: d.moved || Math.hypot(ev.clientX - d.startX, ev.clientY - d.startY) > 6 });
    const onUp = (ev: PointerEvent) => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      setDrag((d) => {
        if (d?.moved) {
          const target = document.elementsFromPoint(ev.clientX, ev.clientY).map((el) => el.closest('[data-stage]')).find(Boolean);
          const value = target?.getAttribute('data-stage');
          const stage = stages.find((s) => (s.value ?? '') === value);
          if (stage && target?.closest('.pw-kanban') === board.current) void move(d.record, stage);
        }
        return undefined;
      });
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
  };

  return (
    <div ref={board} className={drag?.moved ? 'pw-kanban pw-dragging' : 'pw-kanban'} data-testid="kanban">
      {stages.map((stage) => (
        <KanbanColumn key={stage.value ?? ''} view={view} stage={stage} filter={filter} search={search} expand={expand}>
          {(records) => records.map((record) => <KanbanCard key={record.id} entity={view.entity} record={record} columns={columns} stages={stages} onMove={move} onPointerDown={onPointerDown} dragging={drag} />)}
        </KanbanColumn>
      ))}
      {pending && (
        <StageFieldsDialog
          entity={view.entity}
          move={pending.move}
          onCancel={() => setPending(undefined)}
          onSubmit={async (values) => {
            await write(pending.move.record, pending.stage, values);
            setPending(undefined);
          }}
        />
      )}
    </div>
  );
}
