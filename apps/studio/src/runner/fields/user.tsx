/** A user (or several): shown by name, picked from the people directory with search. */
import { Select, Space } from 'antd';
import { useState } from 'react';
import type { UserField } from '@pipewright/metadata';
import { usePeopleSearch, usePerson } from '../data/people.ts';
import { useText } from '../messages.ts';
import { defineWidget, type InputProps } from './field-widget.ts';

export function PersonName({ id }: { id: unknown }) {
  const person = usePerson(id);
  const t = useText();
  if (typeof id !== 'number') return null;
  return <span>{person?.name ?? t('people.unknown', { id })}</span>;
}

/** A searchable picker of active people; `multiple` for lists of users. */
export function PersonPicker({ value, onChange, id, disabled, invalid, placeholder, multiple }: Omit<InputProps, 'field'> & { multiple?: boolean | undefined }) {
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const found = usePeopleSearch(q, open);
  const ids = multiple ? (Array.isArray(value) ? (value as number[]) : []) : typeof value === 'number' ? [value] : [];
  const options = [...ids.map((v) => ({ value: v, label: <PersonName id={v} /> })), ...(found.data ?? []).filter((p) => !ids.includes(p.id)).map((p) => ({ value: p.id, label: <span>{p.name}</span> }))];
  return (
    <Select<number | number[]>
      id={id}
      style={{ width: '100%' }}
      mode={multiple ? 'multiple' : undefined}
      showSearch
      allowClear
      filterOption={false}
      loading={found.isFetching}
      onDropdownVisibleChange={setOpen}
      onSearch={setQ}
      options={options}
      value={multiple ? ids : ids[0]}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      placeholder={placeholder}
      onChange={(next) => onChange(next === undefined || (Array.isArray(next) && next.length === 0) ? null : next)}
    />
  );
}

export const user = defineWidget<UserField>({
  type: 'user',
  width: 120,
  Display: ({ value }) =>
    Array.isArray(value) ? (
      <Space size={[8, 0]} wrap>
        {value.map((v) => <PersonName key={String(v)} id={v} />)}
      </Space>
    ) : (
      <PersonName id={value} />
    ),
  Input: ({ field, ...props }) => <PersonPicker {...props} multiple={field.multiple} />,
});
