/**
 * `/admin/users`: every user with department and state; create one (the generated password is
 * shown once), change one, set its roles per app, set its password. On a phone the table keeps
 * two columns, the user (with their state under the name) and the actions, so both fit.
 */
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Dropdown, Grid, Input, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { User } from '../api/types.ts';
import { useLocale } from '../i18n/locale.tsx';
import { QueryFailure } from '../shell/QueryFailure.tsx';
import { AdminPageHeader } from './AdminPageHeader.tsx';
import { flattenDepartments, useDepartments, useUsers } from './admin-api.ts';
import { OneTimeSecret } from './OneTimeSecret.tsx';
import { ResetPasswordDialog } from './ResetPasswordDialog.tsx';
import { UserFormDialog } from './UserFormDialog.tsx';
import { UserRolesDialog } from './UserRolesDialog.tsx';

export default function UsersPage() {
  const { t } = useLocale();
  const [search, setSearch] = useState('');
  const users = useUsers(search.trim());
  const departments = useDepartments();
  const [editing, setEditing] = useState<User | 'new' | undefined>();
  const [rolesOf, setRolesOf] = useState<User | undefined>();
  const [resetting, setResetting] = useState<User | undefined>();
  const [created, setCreated] = useState<User | undefined>();
  const wide = Grid.useBreakpoint().sm ?? true;
  const departmentNames = useMemo(() => new Map(flattenDepartments(departments.data ?? []).map(({ department }) => [department.id, department.name])), [departments.data]);

  const state = (user: User) => (
    <>
      {user.active ? <Tag color="green">{t('admin.users.activeTag')}</Tag> : <Tag>{t('admin.users.inactiveTag')}</Tag>}
      {user.isAdmin && <Tag color="blue">{t('admin.users.adminTag')}</Tag>}
    </>
  );
  const columns: ColumnsType<User> = [
    {
      key: 'name',
      title: t('admin.users.name'),
      render: (_, user) => (
        <div>
          <div className="pw-strong">{user.name}</div>
          <div className="pw-muted pw-small">{user.login}</div>
          {!wide && <div className="pw-user-state">{state(user)}</div>}
        </div>
      ),
    },
    { key: 'department', title: t('admin.users.department'), responsive: ['md'], render: (_, user) => (user.departmentId ? (departmentNames.get(user.departmentId) ?? `#${user.departmentId}`) : <span className="pw-muted">{t('common.none')}</span>) },
    { key: 'email', title: t('admin.users.email'), dataIndex: 'email', responsive: ['lg'], render: (email: string | null) => email ?? <span className="pw-muted">{t('common.none')}</span> },
    {
      key: 'state',
      title: t('admin.users.state'),
      responsive: ['sm'],
      render: (_, user) => state(user),
    },
    {
      key: 'actions',
      title: <span className="pw-visually-hidden">{t('common.actions')}</span>,
      align: 'right',
      render: (_, user) => (
        <div className="pw-row-actions">
        <Dropdown.Button
          size="small"
          onClick={() => setRolesOf(user)}
          menu={{
            items: [
              { key: 'edit', label: t('common.edit') },
              { key: 'password', label: t('admin.users.resetPassword') },
            ],
            onClick: ({ key }) => (key === 'edit' ? setEditing(user) : setResetting(user)),
          }}
          buttonsRender={([left, right]) => [left, <span key="more" aria-label={t('admin.users.more', { name: user.name })}>{right}</span>]}
          data-testid={`user-actions-${user.login}`}
        >
          {t('admin.users.roles')}
        </Dropdown.Button>
        </div>
      ),
    },
  ];

  return (
    <div className="pw-page">
      <AdminPageHeader
        title={t('nav.users')}
        intro={t('admin.users.intro')}
        actions={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="create-user">
            {t('admin.users.create')}
          </Button>
        }
      />
      <section className="pw-card">
        <div className="pw-toolbar">
          <Input prefix={<SearchOutlined />} allowClear placeholder={t('admin.users.search')} aria-label={t('admin.users.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ maxWidth: 320 }} />
        </div>
        {users.isError ? (
          <QueryFailure error={users.error} onRetry={() => void users.refetch()} />
        ) : (
          <Table scroll={{ x: 'max-content' }} rowKey="id" columns={columns} dataSource={users.data ?? []} loading={users.isPending} pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }} locale={{ emptyText: <span className="pw-muted">{search ? t('admin.users.noMatch', { text: search }) : t('admin.users.empty')}</span> }} />
        )}
      </section>
      <UserFormDialog open={editing !== undefined} user={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} onCreated={(user) => (user.generatedPassword ? setCreated(user) : setRolesOf(user))} />
      <UserRolesDialog user={rolesOf} onClose={() => setRolesOf(undefined)} />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(undefined)} />
      <OneTimeSecret
        title={t('admin.users.generatedTitle', { name: created?.name ?? '' })}
        secret={created?.generatedPassword}
        hint={t('admin.users.generatedHint', { login: created?.login ?? '' })}
        onClose={() => {
          const user = created;
          setCreated(undefined);
          if (user) setRolesOf(user);
        }}
      />
    </div>
  );
}
