/**
 * `/apps/:app/views/:view`: the view's records as a table of its columns the user may read,
 * in the view's sort and filter, 50 a page, with the record count. A row opens its record.
 */
import type { Entity, Field, View } from '@pipewright/metadata';
import { useQuery } from '@tanstack/react-query';
import { Empty, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../api/client.ts';
import type { AppAnswer, RecordList } from '../api/types.ts';
import { useLocale } from '../i18n/locale.tsx';
import { FullPageSpin } from '../shell/FullPageSpin.tsx';
import { Notice } from '../shell/Notice.tsx';
import { QueryFailure } from '../shell/QueryFailure.tsx';
import { recordPath } from './routes.tsx';
import { useRouteApp } from './use-app.ts';
import { valueText } from './value-text.ts';

const pageSize = 50;

function visibleColumns(view: View, entity: Entity, model: AppAnswer): Field[] {
  const readable = model.access[entity.key]?.fields ?? {};
  const named =
    'columns' in view && Array.isArray(view.columns)
      ? (view.columns as { field: string }[]).map((c) => c.field)
      : [];
  const keys = named.length > 0 ? named : entity.fields.slice(0, 6).map((f) => f.key);
  return keys
    .map((key) => entity.fields.find((f) => f.key === key))
    .filter((f): f is Field => Boolean(f && f.key in readable));
}

function sortParam(view: View): string | undefined {
  if (!view.sort?.length) return undefined;
  return view.sort.map((s) => (s.direction === 'desc' ? `-${s.field}` : s.field)).join(',');
}

export default function ViewPage() {
  const { t, label } = useLocale();
  const navigate = useNavigate();
  const { view: viewKey = '' } = useParams();
  const { app, model } = useRouteApp();
  const [page, setPage] = useState(1);
  const view = model.data?.bundle.views?.find((v) => v.key === viewKey);
  const entity = view && model.data?.bundle.entities.find((e) => e.key === view.entity);
  const records = useQuery({
    queryKey: ['records', app, viewKey, page],
    enabled: Boolean(view && entity),
    // While the next page loads, the rows of this view's previous page stay (never another view's).
    placeholderData: (previous: RecordList | undefined, previousQuery) => (previousQuery?.queryKey[2] === viewKey ? previous : undefined),
    queryFn: ({ signal }) =>
      api.get<RecordList>(
        `/api/apps/${app}/records/${view?.entity ?? ''}`,
        {
          pageSize,
          offset: (page - 1) * pageSize,
          count: 'exact',
          sort: view ? sortParam(view) : undefined,
          filter: view?.filter ? JSON.stringify(view.filter) : undefined,
        },
        { signal },
      ),
  });
  if (model.isPending) return <FullPageSpin />;
  if (model.isError)
    return <QueryFailure error={model.error} onRetry={() => void model.refetch()} />;
  if (!view || !entity)
    return <Notice kind="notFound" title={t('failure.notFound.title')} detail={t('runner.viewMissing')} />;
  const fields = visibleColumns(view, entity, model.data);
  const yesNo: [string, string] = [t('common.yes'), t('common.no')];
  const columns: ColumnsType<Record<string, unknown>> = fields.map((field) => ({
    key: field.key,
    dataIndex: field.key,
    title: label(field.label, field.key),
    ellipsis: true,
    render: (value: unknown) => valueText(field, value, label, yesNo),
  }));
  const total = records.data?.total;
  return (
    <div className="pw-page">
      <div className="pw-page-header">
        <h1 className="pw-page-title">{label(view.label, view.key)}</h1>
        {total !== undefined && (
          <span className="pw-muted">{t('runner.recordCount', { count: total })}</span>
        )}
      </div>
      <section className="pw-card">
        {records.isError ? (
          <QueryFailure error={records.error} onRetry={() => void records.refetch()} />
        ) : (
          <Table
            rowKey={(r) => String(r.id)}
            columns={columns}
            dataSource={records.data?.items ?? []}
            loading={records.isFetching}
            scroll={{ x: 'max-content' }}
            onRow={(r) => ({
              onClick: () => navigate(recordPath(app, entity.key, Number(r.id))),
              className: 'pw-clickable-row',
            })}
            pagination={{
              current: page,
              pageSize,
              total,
              showSizeChanger: false,
              onChange: setPage,
              hideOnSinglePage: true,
            }}
            locale={{
              emptyText: (
                <Empty
                  description={t('runner.noRecords', {
                    entity: label(entity.pluralLabel ?? entity.label, entity.key),
                  })}
                />
              ),
            }}
          />
        )}
      </section>
    </div>
  );
}
