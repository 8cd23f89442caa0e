/**
 * Rich text: stored HTML. Shown as its text content only, parsed by an inert `DOMParser`
 * document (no script runs, no image loads), so stored markup can never act in the page.
 */
import { Input } from 'antd';
import type { RichTextField } from '@pipewright/metadata';
import { defineWidget } from './field-widget.ts';

function textOf(html: string): string {
  const document = new DOMParser().parseFromString(html, 'text/html');
  return document.body.textContent ?? '';
}

export const richText = defineWidget<RichTextField>({
  type: 'richText',
  width: 240,
  wide: true,
  Display: ({ value }) => <span className="pw-long-text">{typeof value === 'string' ? textOf(value) : ''}</span>,
  Input: ({ field, value, onChange, id, disabled, invalid, placeholder }) => (
    <Input.TextArea id={id} rows={5} value={typeof value === 'string' ? value : ''} maxLength={field.maxLength} disabled={disabled} status={invalid ? 'error' : undefined} placeholder={placeholder} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)} />
  ),
});
