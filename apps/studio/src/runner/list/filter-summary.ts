/** A filter read as a sentence ("Stage is any of Proposal, Negotiation and Amount > 1000"). */
import type { Field, Filter, FilterOperand } from '@pipewright/metadata';
import { labelOf, type Locale } from '../app/app-model.ts';
import type { MessageKey, Translate } from '../messages.ts';

function operandText(field: Field | undefined, value: FilterOperand | undefined, locale: Locale, t: Translate): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => operandText(field, v, locale, t)).join(', ');
  if (value !== null && typeof value === 'object') {
    if ('var' in value) return value.var === 'currentUser' ? t('filter.currentUser') : value.var;
    if ('period' in value) return t(`period.${value.period}` as MessageKey);
    if ('last' in value) return `${t('filter.lastN')} ${value.last} ${t(`unit.${value.unit}` as MessageKey)}`;
    if ('next' in value) return `${t('filter.nextN')} ${value.next} ${t(`unit.${value.unit}` as MessageKey)}`;
  }
  if (field && (field.type === 'singleSelect' || field.type === 'multiSelect')) {
    const option = field.options.find((o) => o.value === value);
    if (option) return labelOf(option.label, locale);
  }
  return String(value);
}

export function filterSummary(filter: Filter, fieldOf: (path: string) => Field | undefined, locale: Locale, t: Translate): string {
  const joiner = locale === 'en' ? { and: ' and ', or: ' or ', not: 'not ' } : { and: ' 且 ', or: ' 或 ', not: '非 ' };
  if ('and' in filter) return filter.and.map((f) => `(${filterSummary(f, fieldOf, locale, t)})`).join(joiner.and);
  if ('or' in filter) return filter.or.map((f) => `(${filterSummary(f, fieldOf, locale, t)})`).join(joiner.or);
  if ('not' in filter) return `${joiner.not}(${filterSummary(filter.not, fieldOf, locale, t)})`;
  const field = fieldOf(filter.field);
  return `${field ? labelOf(field.label, locale) : filter.field} ${t(`op.${filter.op}` as MessageKey)} ${operandText(field, filter.value, locale, t)}`.trim();
}
