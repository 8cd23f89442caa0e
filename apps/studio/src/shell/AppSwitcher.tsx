/** Chooses the app to work in, when the user may use more than one; otherwise names the one. */
import { Select } from 'antd';
import { useNavigate } from 'react-router';
import { useInstalledApps } from '../api/apps.ts';
import { useLocale } from '../i18n/locale.tsx';

export function AppSwitcher({ current, block }: { current: string | undefined; block?: boolean }) {
  const { t, label } = useLocale();
  const apps = useInstalledApps();
  const navigate = useNavigate();
  const items = apps.data ?? [];
  if (items.length === 0) return null;
  if (items.length === 1) {
    return (
      <span className="pw-app-name" title={label(items[0]?.name, items[0]?.key)}>
        {label(items[0]?.name, items[0]?.key)}
      </span>
    );
  }
  return (
    <Select
      value={current}
      onChange={(key: string) => navigate(`/apps/${key}`)}
      aria-label={t('shell.switchApp')}
      className="pw-app-switcher"
      style={block ? { width: '100%' } : { minWidth: 200 }}
      options={items.map((a) => ({ value: a.key, label: label(a.name, a.key) }))}
      data-testid="app-switcher"
    />
  );
}
