/**
 * A stored value as plain text for display: select options by their label, booleans, dates,
 * related records by their title. React renders the text as text, never as markup.
 */
import type { Field } from '@pipewright/metadata';
import dayjs from 'dayjs';
import type { LabelText } from '../i18n/locale.tsx';

type Label = (text: LabelText, fallback?: string) => string;

function objectText(value: Record<string, unknown>): string {
  for (const key of ['title', 'name', 'label', 'login'])
    if (typeof value[key] === 'string') return value[key];
  if (value.id !== undefined) return `#${String(value.id)}`;
  return '';
}

export function valueText(
  field: Field | undefined,
  value: unknown,
  label: Label,
  yesNo: [string, string],
): string {
  if (value === null || value === undefined || value === '') return '';
  if (field && 'options' in field && Array.isArray(field.options)) {
    const options: readonly { value: string; label: LabelText }[] = field.options;
    const one = (v: unknown) => label(options.find((o) => o.value === v)?.label, String(v));
    return Array.isArray(value) ? value.map(one).join(', ') : one(value);
  }
  if (typeof value === 'boolean') return value ? yesNo[0] : yesNo[1];
  if (field?.type === 'datetime' && typeof value === 'string')
    return dayjs(value).format('YYYY-MM-DD HH:mm');
  if (field?.type === 'date' && typeof value === 'string') return value.slice(0, 10);
  if (Array.isArray(value))
    return value
      .map((v) =>
        v && typeof v === 'object' ? objectText(v as Record<string, unknown>) : String(v),
      )
      .join(', ');
  if (typeof value === 'object') return objectText(value as Record<string, unknown>);
  return String(value);
}
