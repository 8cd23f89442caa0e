/** `/admin/teams`: teams and their members; create, change (members replace), delete. */
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import { ApiProblem } from '../api/problem.ts';
import type { Team } from '../api/types.ts';
import { useLocale } from '../i18n/locale.tsx';
import { QueryFailure } from '../shell/QueryFailure.tsx';
import { AdminPageHeader } from './AdminPageHeader.tsx';
import { adminKeys, useTeams, useUsers } from './admin-api.ts';
import { showProblemOnForm } from './problem-fields.ts';
import { useFeedback } from '../app/feedback.tsx';

interface Values {
  name: string;
  code?: string;
  memberIds: number[];
}

function TeamDialog({ team, open, onClose }: { team: Team | undefined; open: boolean; onClose: () => void }) {
  const { t } = useLocale();
  const { message } = useFeedback();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const users = useUsers();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = { name: v.name.trim(), code: v.code?.trim() || null, memberIds: v.memberIds ?? [] };
      return team ? api.patch(`/api/teams/${team.id}`, body) : api.post('/api/teams', body);
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: adminKeys.teams });
      message.success(t('admin.teams.saved'));
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.code === 'team.codeTaken') return form.setFields([{ name: 'code', errors: [t('admin.teams.codeTaken')] }]);
      const rest = showProblemOnForm(form, error, ['name', 'code', 'memberIds'], t);
      if (rest) message.error(rest);
    },
  });
  return (
    <Modal
      open={open}
      title={team ? t('admin.teams.editTitle', { name: team.name }) : t('admin.teams.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void form.validateFields().then((v) => save.mutate(v))}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={team ? { name: team.name, code: team.code ?? '', memberIds: team.memberIds } : { memberIds: [] }}>
        <Form.Item name="name" label={t('admin.teams.name')} rules={[{ required: true, whitespace: true, message: t('admin.teams.nameRequired') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="code" label={t('admin.teams.code')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="memberIds" label={t('admin.teams.members')}>
          <Select mode="multiple" allowClear optionFilterProp="label" placeholder={t('admin.teams.noMembers')} options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.login})` }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function TeamsPage() {
  const { t } = useLocale();
  const { message } = useFeedback();
  const client = useQueryClient();
  const teams = useTeams();
  const users = useUsers();
  const [editing, setEditing] = useState<Team | 'new' | undefined>();
  const names = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  const remove = useMutation({
    mutationFn: (id: number) => api.delete(`/api/teams/${id}`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: adminKeys.teams });
      message.success(t('admin.teams.deleted'));
    },
    onError: (error) => message.error(error instanceof ApiProblem ? (error.detail ?? error.code) : t('failure.network.title')),
  });
  const columns: ColumnsType<Team> = [
    { key: 'name', title: t('admin.teams.name'), render: (_, team) => <span className="pw-strong">{team.name}</span> },
    { key: 'code', title: t('admin.teams.code'), dataIndex: 'code', responsive: ['md'], render: (code: string | null) => code ?? <span className="pw-muted">{t('common.none')}</span> },
    {
      key: 'members',
      title: t('admin.teams.members'),
      render: (_, team) => (team.memberIds.length === 0 ? <span className="pw-muted">{t('admin.teams.noMembers')}</span> : team.memberIds.map((id) => <Tag key={id}>{names.get(id) ?? `#${id}`}</Tag>)),
    },
    {
      key: 'actions',
      title: <span className="pw-visually-hidden">{t('common.actions')}</span>,
      align: 'right',
      render: (_, team) => (
        <Space size={4}>
          <Button size="small" onClick={() => setEditing(team)}>
            {t('common.edit')}
          </Button>
          <Popconfirm title={t('admin.teams.deleteConfirm', { name: team.name })} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => remove.mutate(team.id)}>
            <Button size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];
  return (
    <div className="pw-page">
      <AdminPageHeader
        title={t('nav.teams')}
        intro={t('admin.teams.intro')}
        actions={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('admin.teams.create')}
          </Button>
        }
      />
      <section className="pw-card">
        {teams.isError ? (
          <QueryFailure error={teams.error} onRetry={() => void teams.refetch()} />
        ) : (
          <Table scroll={{ x: 'max-content' }} rowKey="id" columns={columns} dataSource={teams.data ?? []} loading={teams.isPending} pagination={false} locale={{ emptyText: <span className="pw-muted">{t('admin.teams.empty')}</span> }} />
        )}
      </section>
      <TeamDialog open={editing !== undefined} team={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />
    </div>
  );
}
