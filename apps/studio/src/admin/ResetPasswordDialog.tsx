/** An administrator sets a user's password: the user's sessions end and login delays lift. */
import { Form, Input, Modal } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { ApiProblem } from '../api/problem.ts';
import type { User } from '../api/types.ts';
import { useLocale } from '../i18n/locale.tsx';
import { useFeedback } from '../app/feedback.tsx';

export function ResetPasswordDialog({ user, onClose }: { user: User | undefined; onClose: () => void }) {
  const { t } = useLocale();
  const { message } = useFeedback();
  const [form] = Form.useForm<{ password: string }>();
  const reset = useMutation({
    mutationFn: (password: string) => api.post<void>(`/api/users/${user?.id ?? 0}/password`, { password }),
    onSuccess: () => {
      message.success(t('admin.users.passwordReset', { name: user?.name ?? '' }));
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.code === 'password.tooWeak') form.setFields([{ name: 'password', errors: [t('password.tooWeak')] }]);
      else message.error(error instanceof ApiProblem ? (error.detail ?? error.code) : t('failure.network.title'));
    },
  });
  return (
    <Modal
      open={user !== undefined}
      title={t('admin.users.resetTitle', { name: user?.name ?? '' })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void form.validateFields().then((v) => reset.mutate(v.password))}
      onCancel={onClose}
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      <p className="pw-muted">{t('admin.users.resetIntro')}</p>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="password" label={t('password.new')} extra={t('password.rule')} rules={[{ required: true, message: t('password.newRequired') }, { min: 10, message: t('password.rule') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
