/**
 * The UI's language: zh-CN by default, or English; kept in localStorage and in `<html lang>`.
 * `t` translates the studio's own strings (messages/*.ts); `label` picks a metadata label
 * (`{ 'zh-CN': '线索', en: 'Leads' }`) in the current locale. Ant Design and dayjs follow along.
 *
 * @example
 * const { t, label, locale, setLocale } = useLocale();
 * <Button>{t('common.save')}</Button> <span>{label(entity.pluralLabel)}</span>
 */
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import type { Locale } from '../api/types.ts';
import { en } from './messages/en.ts';
import { zhCN, type MessageKey } from './messages/zh-CN.ts';

export const locales: readonly Locale[] = ['zh-CN', 'en'];
const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const storageKey = 'pipewright.locale';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;
/** A metadata label (`Label` of @pipewright/metadata), perhaps missing a locale. */
export type LabelText = { 'zh-CN'?: string; en?: string } | undefined | null;

export interface LocaleContextValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  label: (text: LabelText, fallback?: string) => string;
}

function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(storageKey);
  return stored === 'en' || stored === 'zh-CN' ? stored : 'zh-CN';
}

/** `{name}` placeholders filled from `values`. */
export function format(template: string, values?: Record<string, string | number>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** A metadata label in `locale`, else in the other locale, else `fallback`. */
export function pickLabel(text: LabelText, locale: Locale, fallback = ''): string {
  if (!text) return fallback;
  return text[locale] || text[locale === 'en' ? 'zh-CN' : 'en'] || fallback;
}

const LocaleContext = createContext<LocaleContextValue | null>(null);

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    globalThis.localStorage?.setItem(storageKey, next);
    setLocaleState(next);
  }, []);
  const value = useMemo<LocaleContextValue>(() => {
    const catalog = catalogs[locale];
    return {
      locale,
      setLocale,
      t: (key, values) => format(catalog[key], values),
      label: (text, fallback) => pickLabel(text, locale, fallback),
    };
  }, [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}
