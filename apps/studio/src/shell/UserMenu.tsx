/** The logged-in user's menu: who they are, change password, log out. */
import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Space } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import { useLogout, useMe } from '../api/session.ts';
import { useLocale } from '../i18n/locale.tsx';
const ChangePasswordDialog = lazy(() => import('./ChangePasswordDialog.tsx'));

export function UserMenu({ compact }: { compact: boolean }) {
  const { t } = useLocale();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const [changing, setChanging] = useState(false);
  const user = me.data?.user;
  if (!user) return null;
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            {
              key: 'who',
              label: `${user.name} (${user.login})`,
              disabled: true,
              icon: <UserOutlined />,
            },
            { type: 'divider' },
            { key: 'password', label: t('shell.changePassword'), icon: <KeyOutlined /> },
            { key: 'logout', label: t('shell.logout'), icon: <LogoutOutlined />, danger: true },
          ],
          onClick: ({ key }) => {
            if (key === 'password') setChanging(true);
            if (key === 'logout')
              logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
          },
        }}
      >
        <Button
          type="text"
          className="pw-user-button"
          aria-label={compact ? `${user.name} · ${t('shell.userMenu')}` : undefined}
          title={t('shell.userMenu')}
          data-testid="user-menu"
        >
          <Space size={8}>
            <span className="pw-avatar" aria-hidden="true">
              {user.name.slice(0, 1)}
            </span>
            {!compact && <span className="pw-user-name">{user.name}</span>}
            {!compact && <DownOutlined className="pw-user-caret" />}
          </Space>
        </Button>
      </Dropdown>
      {changing && (
        <Suspense fallback={null}>
          <ChangePasswordDialog open={changing} onClose={() => setChanging(false)} />
        </Suspense>
      )}
    </>
  );
}
