import { useLocale } from '../i18n/locale.tsx';

/** The product's mark and name. */
export function Brand({
  size = 'normal',
  compact = false,
}: {
  size?: 'normal' | 'large';
  compact?: boolean;
}) {
  const { t } = useLocale();
  return (
    <span className={`pw-brand pw-brand-${size}`}>
      <svg
        viewBox="0 0 32 32"
        width={size === 'large' ? 36 : 28}
        height={size === 'large' ? 36 : 28}
        aria-hidden="true"
        focusable="false"
      >
        <rect width="32" height="32" rx="7" fill="#1668dc" />
        <path d="M8 22 L14 10 L18 17 L21 12 L25 22 Z" fill="#fff" />
      </svg>
      {!compact && <span className="pw-brand-name">{t('brand.name')}</span>}
    </span>
  );
}
