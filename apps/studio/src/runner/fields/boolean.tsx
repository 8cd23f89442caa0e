/** Yes or no. */
import type { BooleanField } from '@pipewright/metadata';
import { useText } from '../messages.ts';
import { defineWidget } from './field-widget.ts';
import { Switch } from './lazy-inputs.tsx';

function BooleanDisplay({ value }: { value: unknown }) {
  const t = useText();
  return <span>{value === true ? t('common.yes') : value === false ? t('common.no') : ''}</span>;
}

export const boolean = defineWidget<BooleanField>({
  type: 'boolean',
  width: 80,
  Display: BooleanDisplay,
  Input: ({ value, onChange, id, disabled }) => <Switch id={id} checked={value === true} disabled={disabled} onChange={(checked) => onChange(checked)} />,
  isEmpty: (value) => value === null || value === undefined,
});
