/** E-mail address: a mailto link. */
import { Input } from 'antd';
import type { EmailField } from '@pipewright/metadata';
import { defineWidget } from './field-widget.ts';

export const email = defineWidget<EmailField>({
  type: 'email',
  width: 200,
  Display: ({ value }) => (typeof value === 'string' && value ? <a href={`mailto:${value}`}>{value}</a> : null),
  Input: ({ value, onChange, id, disabled, invalid, placeholder }) => (
    <Input id={id} type="email" inputMode="email" autoComplete="email" value={typeof value === 'string' ? value : ''} disabled={disabled} status={invalid ? 'error' : undefined} placeholder={placeholder} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} />
  ),
});
