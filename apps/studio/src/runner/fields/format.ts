/** How values read to people: numbers, money, percentages, days and instants, option labels. */
import dayjs from 'dayjs';
import type { CascadeOption, Label, SelectOption } from '@pipewright/metadata';
import { labelOf, type Locale } from '../app/app-model.ts';

export function formatNumber(value: unknown, locale: Locale, scale?: number): string {
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) return '';
  return new Intl.NumberFormat(locale, scale === undefined ? { maximumFractionDigits: 6 } : { minimumFractionDigits: scale, maximumFractionDigits: scale }).format(number);
}

export function formatCurrency(value: unknown, locale: Locale, currency = 'CNY', scale = 2): string {
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) return '';
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: scale, maximumFractionDigits: scale }).format(number);
}

export function formatDate(value: unknown): string {
  return typeof value === 'string' && value ? dayjs(value).format('YYYY-MM-DD') : '';
}

export function formatInstant(value: unknown): string {
  return typeof value === 'string' && value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '';
}

export function optionLabel(options: readonly (SelectOption & { label?: Label })[], value: unknown, locale: Locale): string {
  const option = options.find((o) => o.value === value);
  return option ? labelOf(option.label, locale) || option.value : String(value ?? '');
}

/** A cascade value (`['hardware', 'servers']`) as its labels joined by " / ". */
export function cascadeLabel(options: readonly CascadeOption[], path: readonly unknown[], locale: Locale): string {
  const labels: string[] = [];
  let level: readonly CascadeOption[] | undefined = options;
  for (const part of path) {
    const option: CascadeOption | undefined = level?.find((o) => o.value === part);
    labels.push(option ? labelOf(option.label, locale) || option.value : String(part));
    level = option?.children;
  }
  return labels.join(' / ');
}
