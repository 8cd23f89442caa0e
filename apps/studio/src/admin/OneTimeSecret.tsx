/** A secret the server answers once (a generated password, an API key): shown with a copy button and a warning. */
import { CopyOutlined } from '@ant-design/icons';
import { Alert, Button, Modal } from 'antd';
import { useLocale } from '../i18n/locale.tsx';
import { useFeedback } from '../app/feedback.tsx';

export function OneTimeSecret({ title, secret, hint, onClose }: { title: string; secret: string | undefined; hint: string; onClose: () => void }) {
  const { t } = useLocale();
  const { message } = useFeedback();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret ?? '');
      message.success(t('common.copied'));
    } catch {
      message.warning(t('admin.copyByHand'));
    }
  };
  return (
    <Modal
      open={secret !== undefined}
      title={title}
      onCancel={onClose}
      closable={false}
      maskClosable={false}
      destroyOnHidden
      footer={[
        <Button key="copy" icon={<CopyOutlined />} onClick={() => void copy()}>
          {t('common.copy')}
        </Button>,
        <Button key="done" type="primary" onClick={onClose}>
          {t('admin.secretSaved')}
        </Button>,
      ]}
    >
      <Alert type="warning" showIcon message={t('admin.shownOnce')} description={hint} style={{ marginBottom: 16 }} />
      <code className="pw-secret" data-testid="one-time-secret">
        {secret}
      </code>
    </Modal>
  );
}
