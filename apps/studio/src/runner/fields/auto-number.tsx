/** Auto-number: assigned by the server when the record is created, never typed. */
import type { AutoNumberField } from '@pipewright/metadata';
import { useText } from '../messages.ts';
import { defineWidget } from './field-widget.ts';

export const autoNumber = defineWidget<AutoNumberField>({
  type: 'autoNumber',
  width: 150,
  computed: true,
  Display: ({ value }) => <span className="pw-mono">{typeof value === 'string' ? value : ''}</span>,
  Input: function AutoNumberInput({ value, id }) {
    const t = useText();
    return typeof value === 'string' && value ? <span id={id} className="pw-mono">{value}</span> : <span id={id} className="pw-secondary-text">{t('record.autoNumber')}</span>;
  },
});
