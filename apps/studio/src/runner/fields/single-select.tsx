/** One of a list of options, each with a label and an optional colour. */
import { Select } from 'antd';
import type { SingleSelectField } from '@pipewright/metadata';
import { defineWidget } from './field-widget.ts';
import { OptionBadge, useOptionItems } from './option-badge.tsx';

export const singleSelect = defineWidget<SingleSelectField>({
  type: 'singleSelect',
  width: 130,
  Display: ({ field, value }) => <OptionBadge options={field.options} value={value} />,
  Input: function SingleSelectInput({ field, value, onChange, id, disabled, invalid, placeholder }) {
    const items = useOptionItems(field.options);
    return <Select id={id} style={{ width: '100%' }} allowClear showSearch optionFilterProp="label" options={items} value={typeof value === 'string' ? value : undefined} disabled={disabled} status={invalid ? 'error' : undefined} placeholder={placeholder} onChange={(next: string | undefined) => onChange(next ?? null)} />;
  },
});
