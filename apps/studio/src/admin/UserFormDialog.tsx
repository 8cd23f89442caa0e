/**
 * Create a user (login, name, contact, department, language, administrator; the password is
 * generated and shown once, or typed) or change one (everything but the login and password).
 */
import { Form, Input, Modal, Radio, Select, Switch, TreeSelect } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { ApiProblem } from '../api/problem.ts';
import type { User } from '../api/types.ts';
import { useLocale } from '../i18n/locale.tsx';
import { adminKeys, departmentTreeData, useDepartments } from './admin-api.ts';
import { showProblemOnForm } from './problem-fields.ts';
import { useFeedback } from '../app/feedback.tsx';

interface Values {
  login: string;
  name: string;
  email?: string;
  phone?: string;
  departmentId?: number | null;
  locale: 'zh-CN' | 'en';
  isAdmin: boolean;
  active: boolean;
  passwordMode: 'generate' | 'type';
  password?: string;
}

const fields = ['login', 'name', 'email', 'phone', 'departmentId', 'locale', 'isAdmin', 'active', 'password'];

export function UserFormDialog({ user, open, onClose, onCreated }: { user?: User | undefined; open: boolean; onClose: () => void; onCreated: (user: User) => void }) {
  const { t } = useLocale();
  const { message } = useFeedback();
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const departments = useDepartments();
  const [passwordMode, setPasswordMode] = useState<Values['passwordMode']>('generate');
  const save = useMutation({
    mutationFn: (values: Values) => {
      const common = { name: values.name.trim(), email: values.email?.trim() || null, phone: values.phone?.trim() || null, departmentId: values.departmentId ?? null, locale: values.locale, isAdmin: values.isAdmin };
      if (user) return api.patch<User>(`/api/users/${user.id}`, { ...common, active: values.active });
      return api.post<User>('/api/users', { ...common, login: values.login.trim(), ...(values.passwordMode === 'type' ? { password: values.password } : {}) });
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: adminKeys.users });
      message.success(user ? t('admin.users.saved') : t('admin.users.created', { name: saved.name }));
      onClose();
      if (!user) onCreated(saved);
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.code === 'user.loginTaken') return form.setFields([{ name: 'login', errors: [t('admin.users.loginTaken')] }]);
      if (error instanceof ApiProblem && error.code === 'password.tooWeak') return form.setFields([{ name: 'password', errors: [t('password.tooWeak')] }]);
      if (error instanceof ApiProblem && error.code === 'user.lastAdmin') return message.error(t('admin.users.lastAdmin'));
      const rest = showProblemOnForm(form, error, fields, t);
      if (rest) message.error(rest);
    },
  });
  const initial: Partial<Values> = user
    ? { login: user.login, name: user.name, email: user.email ?? '', phone: user.phone ?? '', departmentId: user.departmentId, locale: user.locale === 'en' ? 'en' : 'zh-CN', isAdmin: user.isAdmin, active: user.active }
    : { locale: 'zh-CN', isAdmin: false, active: true, passwordMode: 'generate' };
  return (
    <Modal
      open={open}
      title={user ? t('admin.users.editTitle', { name: user.name }) : t('admin.users.createTitle')}
      okText={user ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void form.validateFields().then((values) => save.mutate(values))}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} preserve={false} onValuesChange={(changed: Partial<Values>) => changed.passwordMode && setPasswordMode(changed.passwordMode)}>
        <Form.Item name="login" label={t('admin.users.login')} rules={[{ required: true, whitespace: true, message: t('admin.users.loginRequired') }]} extra={user ? undefined : t('admin.users.loginHint')}>
          <Input disabled={Boolean(user)} autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('admin.users.name')} rules={[{ required: true, whitespace: true, message: t('admin.users.nameRequired') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="email" label={t('admin.users.email')} rules={[{ type: 'email', message: t('admin.users.emailInvalid') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="phone" label={t('admin.users.phone')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="departmentId" label={t('admin.users.department')}>
          <TreeSelect allowClear treeDefaultExpandAll treeData={departmentTreeData(departments.data ?? [])} placeholder={t('admin.users.noDepartment')} notFoundContent={t('admin.departments.none')} />
        </Form.Item>
        <Form.Item name="locale" label={t('admin.users.locale')}>
          <Select options={[{ value: 'zh-CN', label: '简体中文' }, { value: 'en', label: 'English' }]} />
        </Form.Item>
        <Form.Item name="isAdmin" label={t('admin.users.isAdmin')} valuePropName="checked" extra={t('admin.users.isAdminHint')}>
          <Switch />
        </Form.Item>
        {user && (
          <Form.Item name="active" label={t('admin.users.active')} valuePropName="checked" extra={t('admin.users.activeHint')}>
            <Switch />
          </Form.Item>
        )}
        {!user && (
          <Form.Item name="passwordMode" label={t('admin.users.password')}>
            <Radio.Group options={[{ value: 'generate', label: t('admin.users.passwordGenerate') }, { value: 'type', label: t('admin.users.passwordType') }]} />
          </Form.Item>
        )}
        {!user && passwordMode === 'type' && (
          <Form.Item name="password" label={t('password.new')} extra={t('password.rule')} rules={[{ required: true, message: t('password.newRequired') }, { min: 10, message: t('password.rule') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
