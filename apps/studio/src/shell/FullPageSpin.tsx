import { Spin } from 'antd';
import { useLocale } from '../i18n/locale.tsx';

/** While the first answer is on its way. */
export function FullPageSpin() {
  const { t } = useLocale();
  return (
    <div className="pw-full-page" role="status" aria-live="polite">
      <Spin size="large" />
      <span className="pw-visually-hidden">{t('common.loading')}</span>
    </div>
  );
}
