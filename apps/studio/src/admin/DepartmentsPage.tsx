/**
 * `/admin/departments`: the department tree; add a department at the top or under another,
 * rename, move (choose its parent), delete an empty one.
 */
import { ApartmentOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Modal, Popconfirm, Tree, TreeSelect } from 'antd';
import { useState, type ReactNode } from 'react';
import { api } from '../api/client.ts';
import { ApiProblem } from '../api/problem.ts';
import type { Department } from '../api/types.ts';
import { useLocale } from '../i18n/locale.tsx';
import { Notice } from '../shell/Notice.tsx';
import { QueryFailure } from '../shell/QueryFailure.tsx';
import { AdminPageHeader } from './AdminPageHeader.tsx';
import { adminKeys, departmentTreeData, useDepartments } from './admin-api.ts';
import { showProblemOnForm } from './problem-fields.ts';
import { useFeedback } from '../app/feedback.tsx';

interface TreeNode {
  key: number;
  title: ReactNode;
  children: TreeNode[];
}

type Editing = { mode: 'create'; parentId: number | null } | { mode: 'edit'; department: Department };
interface Values {
  name: string;
  code?: string;
  parentId?: number | null;
}

function DepartmentDialog({ editing, onClose }: { editing: Editing | undefined; onClose: () => void }) {
  const { t } = useLocale();
  const { message } = useFeedback();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const departments = useDepartments();
  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = { name: values.name.trim(), code: values.code?.trim() || null, parentId: values.parentId ?? null };
      return editing?.mode === 'edit' ? api.patch(`/api/departments/${editing.department.id}`, body) : api.post('/api/departments', body);
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: adminKeys.departments });
      message.success(t('admin.departments.saved'));
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.code === 'department.codeTaken') return form.setFields([{ name: 'code', errors: [t('admin.departments.codeTaken')] }]);
      if (error instanceof ApiProblem && error.code === 'department.cycle') return form.setFields([{ name: 'parentId', errors: [t('admin.departments.cycle')] }]);
      const rest = showProblemOnForm(form, error, ['name', 'code', 'parentId'], t);
      if (rest) message.error(rest);
    },
  });
  const initial: Values | undefined = editing && (editing.mode === 'edit' ? { name: editing.department.name, code: editing.department.code ?? '', parentId: editing.department.parentId } : { name: '', parentId: editing.parentId });
  return (
    <Modal
      open={editing !== undefined}
      title={editing?.mode === 'edit' ? t('admin.departments.editTitle') : t('admin.departments.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void form.validateFields().then((v) => save.mutate(v))}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
        <Form.Item name="name" label={t('admin.departments.name')} rules={[{ required: true, whitespace: true, message: t('admin.departments.nameRequired') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="code" label={t('admin.departments.code')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="parentId" label={t('admin.departments.parent')}>
          <TreeSelect allowClear treeDefaultExpandAll treeData={departmentTreeData(departments.data ?? [])} placeholder={t('admin.departments.topLevel')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function DepartmentsPage() {
  const { t } = useLocale();
  const { message } = useFeedback();
  const client = useQueryClient();
  const departments = useDepartments();
  const [editing, setEditing] = useState<Editing | undefined>();
  const remove = useMutation({
    mutationFn: (id: number) => api.delete(`/api/departments/${id}`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: adminKeys.departments });
      message.success(t('admin.departments.deleted'));
    },
    onError: (error) => message.error(error instanceof ApiProblem && error.code === 'department.notEmpty' ? t('admin.departments.notEmpty') : error instanceof ApiProblem ? (error.detail ?? error.code) : t('failure.network.title')),
  });
  const toNodes = (forest: Department[]): TreeNode[] =>
    forest.map((d) => ({
      key: d.id,
      title: (
        <span className="pw-tree-node">
          <span className="pw-tree-name">{d.name}</span>
          {d.code && <span className="pw-muted pw-small">{d.code}</span>}
          <span className="pw-tree-actions">
            <Button size="small" type="text" icon={<PlusOutlined />} aria-label={t('admin.departments.addUnder', { name: d.name })} onClick={() => setEditing({ mode: 'create', parentId: d.id })} />
            <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('admin.departments.editNamed', { name: d.name })} onClick={() => setEditing({ mode: 'edit', department: d })} />
            <Popconfirm title={t('admin.departments.deleteConfirm', { name: d.name })} okText={t('common.delete')} cancelText={t('common.cancel')} onConfirm={() => remove.mutate(d.id)}>
              <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('admin.departments.deleteNamed', { name: d.name })} />
            </Popconfirm>
          </span>
        </span>
      ),
      children: toNodes(d.children),
    }));
  return (
    <div className="pw-page">
      <AdminPageHeader
        title={t('nav.departments')}
        intro={t('admin.departments.intro')}
        actions={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create', parentId: null })}>
            {t('admin.departments.create')}
          </Button>
        }
      />
      <section className="pw-card pw-card-padded">
        {departments.isError ? (
          <QueryFailure error={departments.error} onRetry={() => void departments.refetch()} />
        ) : departments.data && departments.data.length === 0 ? (
          <Notice kind="empty" title={t('admin.departments.emptyTitle')} detail={t('admin.departments.empty')} />
        ) : (
          <Tree blockNode defaultExpandAll selectable={false} showLine icon={<ApartmentOutlined />} treeData={toNodes(departments.data ?? [])} key={departments.dataUpdatedAt} />
        )}
      </section>
      <DepartmentDialog editing={editing} onClose={() => setEditing(undefined)} />
    </div>
  );
}
