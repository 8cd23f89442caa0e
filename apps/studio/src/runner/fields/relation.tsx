/**
 * A link to records of another entity. Many-to-one: one record, shown as a link with its title
 * (lists and forms read it expanded); many-to-many: several. Picked with a search over the
 * target's searchable fields, limited to what the reader may see. One-to-many relations have no
 * value of their own: the record page shows them as related lists.
 */
import { Select, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { RelationField } from '@pipewright/metadata';
import { useRunner } from '../app/runner-context.tsx';
import { getRecord, listRecords } from '../data/records-api.ts';
import { recordKeys } from '../data/query-keys.ts';
import { runnerPaths } from '../paths.ts';
import { defineWidget, type InputProps } from './field-widget.ts';

type Related = Record<string, unknown> & { id: number };

function isRelated(value: unknown): value is Related {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'number';
}

/** The title of a related record: from the expanded record when given, else read once and cached. */
function RelatedTitle({ target, value }: { target: string; value: unknown }) {
  const { app } = useRunner();
  const id = isRelated(value) ? value.id : typeof value === 'number' ? value : undefined;
  const { data } = useQuery({
    queryKey: [...recordKeys.one(app.key, target, id ?? 0), []],
    queryFn: () => getRecord(app.key, target, id!),
    enabled: id !== undefined && !isRelated(value),
    staleTime: 60_000,
    retry: false,
  });
  if (id === undefined) return null;
  const record = isRelated(value) ? value : data;
  return <span>{record ? app.titleOf(target, record) : `#${id}`}</span>;
}

function RelatedLink({ target, value }: { target: string; value: unknown }) {
  const { app } = useRunner();
  const id = isRelated(value) ? value.id : typeof value === 'number' ? value : undefined;
  if (id === undefined) return null;
  const title = <RelatedTitle target={target} value={value} />;
  return app.entity(target) ? <Link to={runnerPaths.record(app.key, target, id)}>{title}</Link> : title;
}

function RelationPicker({ field, value, onChange, id, disabled, invalid, placeholder }: InputProps<RelationField>) {
  const { app } = useRunner();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const multiple = field.kind === 'manyToMany';
  const found = useQuery({
    queryKey: [...recordKeys.lists(app.key, field.target), 'picker', q],
    queryFn: ({ signal }) => listRecords(app.key, field.target, { search: q, pageSize: 20, count: 'none' }, signal),
    enabled: open && app.entity(field.target) !== undefined,
    staleTime: 30_000,
  });
  const selected: unknown[] = multiple ? (Array.isArray(value) ? value : []) : value === null || value === undefined ? [] : [value];
  const selectedIds = selected.map((v) => (isRelated(v) ? v.id : v)).filter((v): v is number => typeof v === 'number');
  const options = [
    ...selected.filter((v) => v !== null && v !== undefined).map((v) => ({ value: isRelated(v) ? v.id : (v as number), label: <RelatedTitle target={field.target} value={v} /> })),
    ...(found.data?.items ?? []).filter((r) => !selectedIds.includes(r.id)).map((r) => ({ value: r.id, label: <span>{app.titleOf(field.target, r)}</span> })),
  ];
  // A picked record goes into the draft as read (its readable fields, like an expanded relation),
  // so the form's conditions over it (`account.industry`) decide as the server will.
  const picked = (next: number): unknown => found.data?.items.find((r) => r.id === next) ?? selected.find((v) => isRelated(v) && v.id === next) ?? next;
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
      value={multiple ? selectedIds : selectedIds[0]}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      placeholder={placeholder}
      onChange={(next) => onChange(next === undefined || (Array.isArray(next) && next.length === 0) ? null : multiple ? next : picked(next as number))}
    />
  );
}

export const relation = defineWidget<RelationField>({
  type: 'relation',
  width: 180,
  Display: ({ field, value }) =>
    Array.isArray(value) ? (
      <Space size={[8, 0]} wrap>
        {value.map((v, i) => <RelatedLink key={i} target={field.target} value={v} />)}
      </Space>
    ) : (
      <RelatedLink target={field.target} value={value} />
    ),
  Input: RelationPicker,
});
