/** Phone number: a tel link, so a phone dials it in one tap. */
import { Input } from 'antd';
import type { PhoneField } from '@pipewright/metadata';
import { defineWidget } from './field-widget.ts';

export const phone = defineWidget<PhoneField>({
  type: 'phone',
  width: 140,
  Display: ({ value }) => (typeof value === 'string' && value ? <a href={`tel:${value.replace(/[^+\d]/g, '')}`}>{value}</a> : null),
  Input: ({ value, onChange, id, disabled, invalid, placeholder }) => (
    <Input id={id} type="tel" inputMode="tel" autoComplete="tel" value={typeof value === 'string' ? value : ''} disabled={disabled} status={invalid ? 'error' : undefined} placeholder={placeholder} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} />
  ),
});
