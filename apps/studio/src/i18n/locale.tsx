/**
 * The UI's language: zh-CN by default, or English; kept in localStorage and in `<html lang>`.
 * `t` translates the studio's own strings (messages/*.ts); `label` picks a metadata label
 * (`{ 'zh-CN': '线索', en: 'Leads' }`) in the current locale. Ant Design and dayjs follow along.
 * zh-CN's strings come with the page; English ones (the studio's and Ant Design's) are loaded
 * when English is first chosen, and before the first render when it was chosen last time
 * (`loadLocale`, which main.tsx awaits), so the first page carries one language (decision 053).
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
import type { Locale as AntLocale } from 'antd/es/locale';
import antZhCN from 'antd/locale/zh_CN';
import type { Locale } from '../api/types.ts';
import { zhCN, type MessageKey } from './messages/zh-CN.ts';
import { fillPlaceholders } from './placeholders.ts';

export const locales: readonly Locale[] = ['zh-CN', 'en'];
const storageKey = 'pipewright.locale';

interface Catalog {
  messages: Record<MessageKey, string>;
  antd: AntLocale;
}
const catalogs: Partial<Record<Locale, Catalog>> = { 'zh-CN': { messages: zhCN, antd: antZhCN } };

/** Loads a locale's strings when they did not come with the page; `initialLocale()` when none is named. */
export async function loadLocale(locale: Locale = initialLocale()): Promise<void> {
  if (catalogs[locale]) return;
  const [{ en }, antEn] = await Promise.all([import('./messages/en.ts'), import('antd/locale/en_US')]);
  catalogs.en = { messages: en, antd: antEn.default };
}

function catalogOf(locale: Locale): Catalog {
  const catalog = catalogs[locale];
  if (!catalog) throw new Error(`the ${locale} strings have not loaded (loadLocale)`);
  return catalog;
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;
/** A metadata label (`Label` of @pipewright/metadata), perhaps missing a locale. */
export type LabelText = { 'zh-CN'?: string; en?: string } | undefined | null;

export interface LocaleContextValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  /** Ant Design's strings in the locale, for its ConfigProvider. */
  antdLocale: AntLocale;
  label: (text: LabelText, fallback?: string) => string;
}

function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(storageKey);
  return stored === 'en' || stored === 'zh-CN' ? stored : 'zh-CN';
}

/** `{name}` (and `{name:lower}`) placeholders filled from `values` (placeholders.ts). */
export const format = fillPlaceholders;

/** A metadata label in `locale`, else in the other locale, else `fallback`. */
export function pickLabel(text: LabelText, locale: Locale, fallback = ''): string {
  if (!text) return fallback;
  return text[locale] || text[locale === 'en' ? 'zh-CN' : 'en'] || fallback;
}

const LocaleContext = createContext<LocaleContextValue | null>(null);

export function LocaleProvider({ children }: { children: ReactNode }) {
  // The stored locale when its strings loaded before the first render, else zh-CN.
  const [locale, setLocaleState] = useState<Locale>(() => (catalogs[initialLocale()] ? initialLocale() : 'zh-CN'));
  useEffect(() => {
    document.documentElement.lang = locale;
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    globalThis.localStorage?.setItem(storageKey, next);
    void loadLocale(next).then(() => setLocaleState(next));
  }, []);
  const value = useMemo<LocaleContextValue>(() => {
    const catalog = catalogOf(locale);
    return {
      locale,
      setLocale,
      antdLocale: catalog.antd,
      t: (key, values) => format(catalog.messages[key], values),
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
