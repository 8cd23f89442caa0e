/** Chooses the app to work in, when the user may use more than one; otherwise names the one. */
import { AppstoreOutlined, DownOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useNavigate } from 'react-router';
import { useInstalledApps } from '../api/apps.ts';
import { useLocale } from '../i18n/locale.tsx';

export function AppSwitcher({ current, block }: { current: string | undefined; block?: boolean }) {
  const { t, label } = useLocale();
  const apps = useInstalledApps();
  const navigate = useNavigate();
  const items = apps.data ?? [];
  const active = items.find((a) => a.key === current) ?? items[0];
  if (!active) return null;
  const name = label(active.name, active.key);
  if (items.length === 1) {
    return (
      <span className="pw-app-name" title={name}>
        {name}
      </span>
    );
  }
  return (
    <Dropdown trigger={['click']} menu={{ selectable: true, selectedKeys: [active.key], items: items.map((a) => ({ key: a.key, label: label(a.name, a.key) })), onClick: ({ key }) => navigate(`/apps/${key}`) }}>
      <Button icon={<AppstoreOutlined />} block={block} aria-label={`${name} · ${t('shell.switchApp')}`} data-testid="app-switcher" className="pw-app-switcher">
        <span className="pw-app-switcher-name">{name}</span> <DownOutlined className="pw-user-caret" />
      </Button>
    </Dropdown>
  );
}
