/**
 * The records that point at this one, one list per one-to-many relation the reader may see:
 * the target's records whose inverse relation is this record, with a button to add one there.
 */
import { Button, Card, Empty, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import type { Entity, RelationField } from '@pipewright/metadata';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import type { RecordData } from '../data/records-api.ts';
import { useRecordList } from '../data/use-record-list.ts';
import { widgetOf } from '../fields/registry.ts';
import { expansionsOf, resolveColumns, valueAtPath, viewColumns } from '../list/list-state.ts';
import { useText } from '../messages.ts';
import { runnerPaths } from '../paths.ts';

/** The many-to-one field on the target that points back (the relation's `inverse`, else the only candidate). */
function inverseOf(app: ReturnType<typeof useRunner>['app'], entity: Entity, relation: RelationField): string | undefined {
  const target = app.entity(relation.target);
  if (!target) return undefined;
  if (relation.inverse) return app.field(target.key, relation.inverse) ? relation.inverse : undefined;
  const candidates = target.fields.filter((f) => f.type === 'relation' && f.kind === 'manyToOne' && f.target === entity.key && app.field(target.key, f.key));
  return candidates.length === 1 ? candidates[0]!.key : undefined;
}

function RelatedList({ relation, inverse, id }: { relation: RelationField; inverse: string; id: number }) {
  const { app, locale } = useRunner();
  const t = useText();
  const view = app.defaultView(relation.target);
  const paths = (view ? viewColumns(app, view) : []).filter((p) => p !== inverse).slice(0, 5);
  const columns = view ? resolveColumns(app, view, paths) : [];
  const list = useRecordList(app.key, relation.target, { filter: { field: inverse, op: 'eq', value: id }, expand: expansionsOf(app, relation.target, paths), pageSize: 20 });
  const target = app.entity(relation.target)!;
  return (
    <Card
      size="small"
      className="pw-related"
      title={`${labelOf(relation.label, locale)}${list.total === undefined ? '' : ` (${list.total})`}`}
      extra={app.can(relation.target, 'create') && <Link to={`${runnerPaths.newRecord(app.key, relation.target)}?${inverse}=${id}`}><Button size="small" icon={<PlusOutlined />}>{t('common.new')}</Button></Link>}
    >
      <Table<RecordData>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={list.records}
        loading={list.isLoading}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.noRecords')} /> }}
        columns={columns.map((c, i) => {
          const W = widgetOf(c.field);
          return {
            key: c.path,
            title: labelOf(c.field.label, locale),
            render: (_: unknown, record: RecordData) => (i === 0 ? <Link to={runnerPaths.record(app.key, target.key, record.id)}><W.Display field={c.field} value={valueAtPath(record, c.path)} record={record} /></Link> : <W.Display field={c.field} value={valueAtPath(record, c.path)} record={record} />),
          };
        })}
      />
    </Card>
  );
}

export function relatedRelations(app: ReturnType<typeof useRunner>['app'], entity: Entity): { relation: RelationField; inverse: string }[] {
  return entity.fields.flatMap((f) => {
    if (f.type !== 'relation' || f.kind !== 'oneToMany' || !app.field(entity.key, f.key) || !app.entity(f.target) || !app.can(f.target, 'read')) return [];
    const inverse = inverseOf(app, entity, f);
    return inverse ? [{ relation: f, inverse }] : [];
  });
}

export function RelatedLists({ entity, id }: { entity: Entity; id: number }) {
  const { app } = useRunner();
  return (
    <div className="pw-related-lists">
      {relatedRelations(app, entity).map(({ relation, inverse }) => <RelatedList key={relation.key} relation={relation} inverse={inverse} id={id} />)}
    </div>
  );
}
