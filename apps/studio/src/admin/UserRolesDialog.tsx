/** The roles a user holds, per installed app: one multiple choice per app, saved together. */
import { Form, Modal, Select, Spin } from 'antd';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { ApiProblem } from '../api/problem.ts';
import type { AppAnswer, User } from '../api/types.ts';
import { useInstalledApps } from '../api/apps.ts';
import { useLocale } from '../i18n/locale.tsx';
import { adminKeys, appRoles, useUser } from './admin-api.ts';
import { useFeedback } from '../app/feedback.tsx';

export function UserRolesDialog({ user, onClose }: { user: User | undefined; onClose: () => void }) {
  const { t, label } = useLocale();
  const { message } = useFeedback();
  const [form] = Form.useForm<Record<string, string[]>>();
  const client = useQueryClient();
  const apps = useInstalledApps();
  const details = useUser(user?.id);
  const models = useQueries({ queries: (apps.data ?? []).map((a) => ({ queryKey: ['app', a.key], queryFn: () => api.get<AppAnswer>(`/api/apps/${a.key}`), staleTime: 5 * 60_000 })) });
  const save = useMutation({
    mutationFn: async (values: Record<string, string[]>) => {
      const held = details.data?.rolesByApp ?? {};
      for (const app of apps.data ?? []) {
        const next = values[app.key] ?? [];
        const before = held[app.key] ?? [];
        if (next.length === before.length && next.every((r) => before.includes(r))) continue;
        await api.put(`/api/users/${user?.id ?? 0}/roles/${app.key}`, { roles: next });
      }
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: adminKeys.users });
      message.success(t('admin.roles.saved', { name: user?.name ?? '' }));
      onClose();
    },
    onError: (error) => message.error(error instanceof ApiProblem ? (error.detail ?? error.code) : t('failure.network.title')),
  });
  const loading = details.isPending || apps.isPending || models.some((m) => m.isPending);
  return (
    <Modal
      open={user !== undefined}
      title={t('admin.roles.title', { name: user?.name ?? '' })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => save.mutate(form.getFieldsValue())}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: loading }}
      destroyOnHidden
    >
      <p className="pw-muted">{t('admin.roles.intro')}</p>
      {loading ? (
        <Spin />
      ) : (
        <Form form={form} layout="vertical" initialValues={details.data?.rolesByApp ?? {}} preserve={false}>
          {(apps.data ?? []).map((app, index) => (
            <Form.Item key={app.key} name={app.key} label={label(app.name, app.key)}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('admin.roles.none')}
                options={appRoles(models[index]?.data).map((role) => ({ value: role.key, label: label(role.label, role.key) }))}
                data-testid={`roles-${app.key}`}
              />
            </Form.Item>
          ))}
        </Form>
      )}
    </Modal>
  );
}
