/** A department (or several): shown by name, picked from the department tree. */
import { Space } from 'antd';
import type { DepartmentField } from '@pipewright/metadata';
import { useDepartments, type DepartmentName as Department } from '../data/people.ts';
import { useText } from '../messages.ts';
import { defineWidget, type InputProps } from './field-widget.ts';
import { TreeSelect } from './lazy-inputs.tsx';

export function DepartmentName({ id }: { id: unknown }) {
  const { data } = useDepartments();
  const t = useText();
  if (typeof id !== 'number') return null;
  return <span>{data?.find((d) => d.id === id)?.name ?? t('department.unknown', { id })}</span>;
}

interface TreeNode { value: number; title: string; children: TreeNode[] }

function treeOf(departments: readonly Department[]): TreeNode[] {
  const nodes = new Map(departments.map((d) => [d.id, { value: d.id, title: d.name, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const d of departments) (d.parentId !== null && nodes.get(d.parentId) ? nodes.get(d.parentId)!.children : roots).push(nodes.get(d.id)!);
  return roots;
}

export function DepartmentPicker({ value, onChange, id, disabled, invalid, placeholder, multiple }: Omit<InputProps, 'field'> & { multiple?: boolean | undefined }) {
  const { data, isLoading } = useDepartments();
  return (
    <TreeSelect
      id={id}
      style={{ width: '100%' }}
      treeData={treeOf(data ?? [])}
      treeDefaultExpandAll
      showSearch
      treeNodeFilterProp="title"
      allowClear
      multiple={multiple}
      loading={isLoading}
      value={multiple ? (Array.isArray(value) ? (value as number[]) : []) : typeof value === 'number' ? value : undefined}
      disabled={disabled}
      status={invalid ? 'error' : undefined}
      placeholder={placeholder}
      onChange={(next) => onChange(next === undefined || (Array.isArray(next) && next.length === 0) ? null : next)}
    />
  );
}

export const department = defineWidget<DepartmentField>({
  type: 'department',
  width: 140,
  Display: ({ value }) =>
    Array.isArray(value) ? (
      <Space size={[8, 0]} wrap>
        {value.map((v) => <DepartmentName key={String(v)} id={v} />)}
      </Space>
    ) : (
      <DepartmentName id={value} />
    ),
  Input: ({ field, ...props }) => <DepartmentPicker {...props} multiple={field.multiple} />,
});
