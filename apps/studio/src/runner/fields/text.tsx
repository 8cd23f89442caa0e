/** Text: one line, shown as typed (never as markup). */
import { Input } from 'antd';
import type { TextField } from '@pipewright/metadata';
import { defineWidget } from './field-widget.ts';

export const text = defineWidget<TextField>({
  type: 'text',
  width: 160,
  Display: ({ value }) => <span className="pw-text">{value === null || value === undefined ? '' : String(value)}</span>,
  Input: ({ field, value, onChange, id, disabled, invalid, placeholder }) => (
    <Input id={id} value={typeof value === 'string' ? value : ''} maxLength={field.maxLength} disabled={disabled} status={invalid ? 'error' : undefined} placeholder={placeholder} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} />
  ),
});
