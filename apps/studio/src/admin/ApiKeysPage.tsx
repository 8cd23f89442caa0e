/**
 * `/admin/api-keys`: keys for integrations, each acting with one role in one app; create one
 * (its secret is shown once, never again), revoke one.
 */
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Modal, Popconfirm, Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useInstalledApps } from '../api/apps.ts';
import { api } from '../api/client.ts';
import { ApiProblem } from '../api/problem.ts';
import type { ApiKey, AppAnswer } from '../api/types.ts';
import { useLocale } from '../i18n/locale.tsx';
import { QueryFailure } from '../shell/QueryFailure.tsx';
import { AdminPageHeader } from './AdminPageHeader.tsx';
import { adminKeys, appRoles, useApiKeys } from './admin-api.ts';
import { OneTimeSecret } from './OneTimeSecret.tsx';
import { showProblemOnForm } from './problem-fields.ts';
import { useFeedback } from '../app/feedback.tsx';

interface Values {
  name: string;
  app: string;
  role: string;
  expiresAt?: Dayjs | null;
}

function CreateKeyDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (key: ApiKey) => void }) {
  const { t, label } = useLocale();
  const { message } = useFeedback();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const apps = useInstalledApps();
  const app = Form.useWatch('app', form);
  const model = useQuery({ queryKey: ['app', app], enabled: Boolean(app), queryFn: () => api.get<AppAnswer>(`/api/apps/${app ?? ''}`), staleTime: 5 * 60_000 });
  const create = useMutation({
    mutationFn: (v: Values) => api.post<ApiKey>('/api/api-keys', { name: v.name.trim(), app: v.app, role: v.role, ...(v.expiresAt ? { expiresAt: v.expiresAt.endOf('day').toISOString() } : {}) }),
    onSuccess: async (key) => {
      await client.invalidateQueries({ queryKey: adminKeys.apiKeys });
      onClose();
      onCreated(key);
    },
    onError: (error) => {
      const rest = showProblemOnForm(form, error, ['name', 'app', 'role', 'expiresAt'], t);
      if (rest) message.error(rest);
    },
  });
  return (
    <Modal open={open} title={t('admin.apiKeys.createTitle')} okText={t('common.create')} cancelText={t('common.cancel')} onOk={() => void form.validateFields().then((v) => create.mutate(v))} onCancel={onClose} confirmLoading={create.isPending} destroyOnHidden>
      <p className="pw-muted">{t('admin.apiKeys.createIntro')}</p>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="name" label={t('admin.apiKeys.name')} rules={[{ required: true, whitespace: true, message: t('admin.apiKeys.nameRequired') }]} extra={t('admin.apiKeys.nameHint')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="app" label={t('admin.apiKeys.app')} rules={[{ required: true, message: t('admin.apiKeys.appRequired') }]}>
          <Select options={(apps.data ?? []).map((a) => ({ value: a.key, label: label(a.name, a.key) }))} onChange={() => form.setFieldValue('role', undefined)} />
        </Form.Item>
        <Form.Item name="role" label={t('admin.apiKeys.role')} rules={[{ required: true, message: t('admin.apiKeys.roleRequired') }]}>
          <Select disabled={!app} options={appRoles(model.data).map((r) => ({ value: r.key, label: label(r.label, r.key) }))} />
        </Form.Item>
        <Form.Item name="expiresAt" label={t('admin.apiKeys.expires')} extra={t('admin.apiKeys.expiresHint')}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function ApiKeysPage() {
  const { t } = useLocale();
  const { message } = useFeedback();
  const client = useQueryClient();
  const keys = useApiKeys();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiKey | undefined>();
  const revoke = useMutation({
    mutationFn: (id: number) => api.delete(`/api/api-keys/${id}`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: adminKeys.apiKeys });
      message.success(t('admin.apiKeys.revoked'));
    },
    onError: (error) => message.error(error instanceof ApiProblem ? (error.detail ?? error.code) : t('failure.network.title')),
  });
  const when = (value: string | null) => (value ? dayjs(value).format('YYYY-MM-DD HH:mm') : <span className="pw-muted">{t('common.never')}</span>);
  const columns: ColumnsType<ApiKey> = [
    {
      key: 'name',
      title: t('admin.apiKeys.name'),
      render: (_, key) => (
        <div>
          <div className="pw-strong">{key.name}</div>
          <code className="pw-muted pw-small">pw_{key.prefix}_…</code>
        </div>
      ),
    },
    { key: 'role', title: t('admin.apiKeys.role'), render: (_, key) => `${key.app} · ${key.role}` },
    { key: 'created', title: t('admin.apiKeys.created'), responsive: ['lg'], render: (_, key) => when(key.createdAt) },
    { key: 'used', title: t('admin.apiKeys.lastUsed'), responsive: ['md'], render: (_, key) => when(key.lastUsedAt) },
    {
      key: 'state',
      title: t('admin.apiKeys.state'),
      render: (_, key) =>
        key.revokedAt ? <Tag>{t('admin.apiKeys.revokedTag')}</Tag> : key.expiresAt && dayjs(key.expiresAt).isBefore(dayjs()) ? <Tag color="orange">{t('admin.apiKeys.expiredTag')}</Tag> : <Tag color="green">{key.expiresAt ? t('admin.apiKeys.validUntil', { date: dayjs(key.expiresAt).format('YYYY-MM-DD') }) : t('admin.apiKeys.activeTag')}</Tag>,
    },
    {
      key: 'actions',
      title: <span className="pw-visually-hidden">{t('common.actions')}</span>,
      align: 'right',
      render: (_, key) =>
        !key.revokedAt && (
          <Popconfirm title={t('admin.apiKeys.revokeConfirm', { name: key.name })} okText={t('admin.apiKeys.revoke')} cancelText={t('common.cancel')} onConfirm={() => revoke.mutate(key.id)}>
            <Button size="small" danger>
              {t('admin.apiKeys.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];
  return (
    <div className="pw-page">
      <AdminPageHeader
        title={t('nav.apiKeys')}
        intro={t('admin.apiKeys.intro')}
        actions={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('admin.apiKeys.create')}
          </Button>
        }
      />
      <section className="pw-card">
        {keys.isError ? <QueryFailure error={keys.error} onRetry={() => void keys.refetch()} /> : <Table scroll={{ x: 'max-content' }} rowKey="id" columns={columns} dataSource={keys.data ?? []} loading={keys.isPending} pagination={false} locale={{ emptyText: <span className="pw-muted">{t('admin.apiKeys.empty')}</span> }} />}
      </section>
      <CreateKeyDialog open={creating} onClose={() => setCreating(false)} onCreated={setCreated} />
      <OneTimeSecret title={t('admin.apiKeys.secretTitle', { name: created?.name ?? '' })} secret={created?.secret} hint={t('admin.apiKeys.secretHint')} onClose={() => setCreated(undefined)} />
    </div>
  );
}
