/**
 * Change one's own password: the old one, the new one twice. The API's refusals land on their
 * field (`password.wrong` on the old password, `password.tooWeak` on the new one). Afterwards
 * the user's other sessions have ended; this one goes on.
 */
import { Form, Input, Modal } from 'antd';
import { ApiProblem } from '../api/problem.ts';
import { useChangePassword } from '../api/session.ts';
import { useLocale } from '../i18n/locale.tsx';
import { useFeedback } from '../app/feedback.tsx';

interface Values {
  oldPassword: string;
  newPassword: string;
  repeat: string;
}

export default function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useLocale();
  const { message } = useFeedback();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const submit = async () => {
    const values = await form.validateFields();
    try {
      await change.mutateAsync({
        oldPassword: values.oldPassword,
        newPassword: values.newPassword,
      });
      message.success(t('password.changed'));
      form.resetFields();
      onClose();
    } catch (error) {
      if (error instanceof ApiProblem && error.code === 'password.wrong')
        form.setFields([{ name: 'oldPassword', errors: [t('password.wrong')] }]);
      else if (error instanceof ApiProblem && error.code === 'password.tooWeak')
        form.setFields([{ name: 'newPassword', errors: [t('password.tooWeak')] }]);
      else
        message.error(
          error instanceof ApiProblem ? (error.detail ?? error.code) : t('failure.network.title'),
        );
    }
  };
  return (
    <Modal
      open={open}
      title={t('shell.changePassword')}
      onOk={submit}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={change.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false} preserve={false}>
        <Form.Item
          name="oldPassword"
          label={t('password.old')}
          rules={[{ required: true, message: t('password.oldRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.rule')}
          rules={[
            { required: true, message: t('password.newRequired') },
            { min: 10, message: t('password.rule') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="repeat"
          label={t('password.repeat')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.repeatRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
