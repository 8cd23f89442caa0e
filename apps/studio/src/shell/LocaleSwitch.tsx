/** Switches the UI between 简体中文 and English (each named in its own language). */
import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import type { Locale } from '../api/types.ts';
import { useLocale } from '../i18n/locale.tsx';

const names: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

export function LocaleSwitch({ bordered = true }: { bordered?: boolean }) {
  const { locale, setLocale, t } = useLocale();
  return (
    <Select<Locale>
      value={locale}
      onChange={setLocale}
      variant={bordered ? 'outlined' : 'borderless'}
      aria-label={t('shell.language')}
      prefix={<GlobalOutlined />}
      popupMatchSelectWidth={false}
      options={(Object.keys(names) as Locale[]).map((value) => ({ value, label: names[value] }))}
      className="pw-locale-switch"
      data-testid="locale-switch"
    />
  );
}
