/**
 * An entity's recycle bin: deleted records, newest first, each restorable (and purgeable where
 * allowed). On a phone the owner and the time of deletion go under the title, so the buttons fit.
 */
import { Button, Space, Table, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Entity } from '@pipewright/metadata';
import { ApiProblem } from '../../api/problem.ts';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { purgeRecord, type RecordData } from '../data/records-api.ts';
import { recordKeys } from '../data/query-keys.ts';
import { useRecordList } from '../data/use-record-list.ts';
import { useRestoreRecord } from '../data/use-record.ts';
import { formatInstant } from '../fields/format.ts';
import { PersonName } from '../fields/user.tsx';
import { useText } from '../messages.ts';
import { usePhone } from '../list/use-phone.ts';
import { runnerPaths } from '../paths.ts';
import { useFeedback } from '../../app/feedback.tsx';

export function RecycleBinPage({ entity }: { entity: Entity }) {
  const { app, locale } = useRunner();
  const t = useText();
  const phone = usePhone();
  const { message, modal } = useFeedback();
  const client = useQueryClient();
  const list = useRecordList(app.key, entity.key, { deleted: true, sort: [{ field: 'updated_at', direction: 'desc' }], pageSize: 100 });
  const restore = useRestoreRecord(app.key, entity.key);
  const fail = (error: unknown) => message.error(error instanceof ApiProblem ? (error.errors[0]?.message ?? error.message) : String(error));
  const view = app.defaultView(entity.key);
  return (
    <div className="pw-list-page">
      <div className="pw-run-header">
        <Space direction="vertical" size={0}>
          {view && <Link to={runnerPaths.view(app.key, view.key)} className="pw-breadcrumb">{labelOf(entity.pluralLabel ?? entity.label, locale)}</Link>}
          <Typography.Title level={4} className="pw-run-title">{t('recycle.title', { entity: labelOf(entity.label, locale) })}</Typography.Title>
        </Space>
      </div>
      <Table<RecordData>
        rowKey="id"
        size="middle"
        dataSource={list.records}
        loading={list.isLoading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('recycle.empty') }}
        columns={[
          {
            key: 'title',
            title: labelOf(entity.label, locale),
            render: (_: unknown, r) =>
              phone ? (
                <div>
                  <div>{app.titleOf(entity.key, r)}</div>
                  <div className="pw-secondary"><PersonName id={r.owner_id} /> · {formatInstant(r.deleted_at)}</div>
                </div>
              ) : (
                app.titleOf(entity.key, r)
              ),
          },
          ...(phone
            ? []
            : [
                { key: 'owner', title: labelOf(app.field(entity.key, 'owner_id')?.label, locale), render: (_: unknown, r: RecordData) => <PersonName id={r.owner_id} /> },
                { key: 'deleted', title: t('recycle.deletedAt'), render: (_: unknown, r: RecordData) => formatInstant(r.deleted_at) },
              ]),
          {
            key: 'actions',
            title: <span className="pw-sr-only">{t('recycle.actions')}</span>,
            align: 'right' as const,
            render: (_: unknown, r) => (
              <Space>
                <Button size="small" onClick={() => restore.mutate(r.id, { onSuccess: () => message.success(t('record.restored')), onError: fail })}>{t('record.restore')}</Button>
                {app.can(entity.key, 'delete') && (
                  <Button size="small" danger onClick={() => modal.confirm({ title: t('recycle.purgeConfirm'), okButtonProps: { danger: true }, okText: t('recycle.purge'), cancelText: t('common.cancel'), onOk: () => purgeRecord(app.key, entity.key, r.id).then(() => client.invalidateQueries({ queryKey: recordKeys.entity(app.key, entity.key) }), fail) })}>
                    {t('recycle.purge')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
