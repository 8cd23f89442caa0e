/** Several of a list of options. */
import { Select, Space } from 'antd';
import type { MultiSelectField } from '@pipewright/metadata';
import { defineWidget } from './field-widget.ts';
import { OptionBadge, useOptionItems } from './option-badge.tsx';

export const multiSelect = defineWidget<MultiSelectField>({
  type: 'multiSelect',
  width: 180,
  Display: ({ field, value }) => (
    <Space size={[8, 0]} wrap>
      {(Array.isArray(value) ? value : []).map((v) => <OptionBadge key={String(v)} options={field.options} value={v} />)}
    </Space>
  ),
  Input: function MultiSelectInput({ field, value, onChange, id, disabled, invalid, placeholder }) {
    const items = useOptionItems(field.options);
    return <Select id={id} mode="multiple" style={{ width: '100%' }} allowClear optionFilterProp="label" options={items} maxCount={field.maxSelected} value={Array.isArray(value) ? (value as string[]) : []} disabled={disabled} status={invalid ? 'error' : undefined} placeholder={placeholder} onChange={(next: string[]) => onChange(next.length ? next : null)} />;
  },
});
