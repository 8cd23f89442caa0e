/** Web address: a link only for http(s), opened in a new tab without access to this page. */
import { Input } from 'antd';
import type { UrlField } from '@pipewright/metadata';
import { defineWidget } from './field-widget.ts';

export const url = defineWidget<UrlField>({
  type: 'url',
  width: 200,
  Display: ({ value }) => {
    if (typeof value !== 'string' || !value) return null;
    return /^https?:\/\//i.test(value) ? <a href={value} target="_blank" rel="noopener noreferrer">{value}</a> : <span>{value}</span>;
  },
  Input: ({ value, onChange, id, disabled, invalid, placeholder }) => (
    <Input id={id} type="url" inputMode="url" value={typeof value === 'string' ? value : ''} disabled={disabled} status={invalid ? 'error' : undefined} placeholder={placeholder ?? 'https://'} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} />
  ),
});
