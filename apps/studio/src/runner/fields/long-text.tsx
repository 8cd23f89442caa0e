/**
 * Long text: several lines, line breaks kept. A fixed height: antd's auto-size measures with a
 * hidden textarea styled by an inline style attribute, which the studio's CSP refuses (it then
 * shows on the page).
 */
import { Input } from 'antd';
import type { LongTextField } from '@pipewright/metadata';
import { defineWidget } from './field-widget.ts';

export const longText = defineWidget<LongTextField>({
  type: 'longText',
  width: 240,
  wide: true,
  Display: ({ value }) => <span className="pw-long-text">{typeof value === 'string' ? value : ''}</span>,
  Input: ({ field, value, onChange, id, disabled, invalid, placeholder }) => (
    <Input.TextArea id={id} rows={3} value={typeof value === 'string' ? value : ''} maxLength={field.maxLength} disabled={disabled} status={invalid ? 'error' : undefined} placeholder={placeholder} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} />
  ),
});
