/** Switches the UI between 简体中文 and English (each named in its own language). */
import { CheckOutlined, DownOutlined, GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import type { Locale } from '../api/types.ts';
import { useLocale } from '../i18n/locale.tsx';

const names: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

export function LocaleSwitch({ bordered = true }: { bordered?: boolean }) {
  const { locale, setLocale, t } = useLocale();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: (Object.keys(names) as Locale[]).map((key) => ({ key, label: names[key], icon: key === locale ? <CheckOutlined /> : <span className="pw-menu-icon-space" />, 'data-testid': `locale-${key}` })),
        onClick: ({ key }) => setLocale(key as Locale),
      }}
    >
      <Button type={bordered ? 'default' : 'text'} icon={<GlobalOutlined />} aria-label={`${names[locale]} · ${t('shell.language')}`} data-testid="locale-switch">
        {names[locale]} <DownOutlined className="pw-user-caret" />
      </Button>
    </Dropdown>
  );
}
