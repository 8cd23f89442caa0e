/** `/apps/:app/records/:entity/:id`: one record's readable fields. */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { api } from '../api/client.ts';
import { useLocale } from '../i18n/locale.tsx';
import { FullPageSpin } from '../shell/FullPageSpin.tsx';
import { Notice } from '../shell/Notice.tsx';
import { QueryFailure } from '../shell/QueryFailure.tsx';
import { useRouteApp } from './use-app.ts';
import { valueText } from './value-text.ts';

export default function RecordPage() {
  const { t, label } = useLocale();
  const navigate = useNavigate();
  const { entity: entityKey = '', id = '' } = useParams();
  const { app, model } = useRouteApp();
  const entity = model.data?.bundle.entities.find((e) => e.key === entityKey);
  const record = useQuery({
    queryKey: ['record', app, entityKey, id],
    enabled: Boolean(entity),
    queryFn: ({ signal }) =>
      api.get<Record<string, unknown>>(`/api/apps/${app}/records/${entityKey}/${id}`, undefined, {
        signal,
      }),
  });
  if (model.isPending || (entity && record.isPending)) return <FullPageSpin />;
  if (model.isError)
    return <QueryFailure error={model.error} onRetry={() => void model.refetch()} />;
  if (!entity) return <Notice kind="notFound" title={t('failure.notFound.title')} detail={t('runner.entityMissing')} />;
  if (record.isError)
    return <QueryFailure error={record.error} onRetry={() => void record.refetch()} />;
  const readable = model.data.access[entity.key]?.fields ?? {};
  const values = record.data ?? {};
  const yesNo: [string, string] = [t('common.yes'), t('common.no')];
  const title = String(values[entity.titleField ?? 'name'] ?? `#${id}`);
  const fields = entity.fields.filter((f) => f.key in readable && f.type !== 'lineItems');
  return (
    <div className="pw-page">
      <div className="pw-page-header">
        <Button
          type="text"
          icon={<ArrowLeftOutlined />}
          onClick={() => navigate(-1)}
          aria-label={t('common.back')}
        />
        <h1 className="pw-page-title">{title}</h1>
        <span className="pw-muted">{label(entity.label, entity.key)}</span>
      </div>
      <section className="pw-card pw-card-padded">
        <Descriptions column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3 }} layout="vertical" size="small">
          {fields.map((field) => (
            <Descriptions.Item key={field.key} label={label(field.label, field.key)}>
              {valueText(field, values[field.key], label, yesNo) || (
                <span className="pw-muted">{t('common.empty')}</span>
              )}
            </Descriptions.Item>
          ))}
        </Descriptions>
      </section>
    </div>
  );
}
