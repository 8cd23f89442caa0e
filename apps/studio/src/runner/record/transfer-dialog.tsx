/** Hands a record to another owner (the role's `transfer` action), checked against the record's version. */
import { Form, Modal } from 'antd';
import { useState } from 'react';
import { ApiProblem } from '../../api/problem.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useSaveRecord } from '../data/use-record.ts';
import type { RecordData } from '../data/records-api.ts';
import { PersonPicker } from '../fields/user.tsx';
import { useText } from '../messages.ts';
import { useFeedback } from '../../app/feedback.tsx';

export function TransferDialog({ entity, record, open, onClose }: { entity: string; record: RecordData; open: boolean; onClose(): void }) {
  const { app } = useRunner();
  const t = useText();
  const { message } = useFeedback();
  const save = useSaveRecord(app.key, entity);
  const [owner, setOwner] = useState<unknown>(null);
  const submit = async () => {
    try {
      await save.mutateAsync({ id: record.id, values: { owner_id: owner }, version: record.version });
      message.success(t('transfer.done'));
      onClose();
    } catch (error) {
      message.error(error instanceof ApiProblem ? (error.code === 'record.stale' ? t('conflict.title') : error.errors[0]?.message ?? error.message) : String(error));
    }
  };
  return (
    <Modal open={open} title={t('transfer.title')} okText={t('common.ok')} cancelText={t('common.cancel')} okButtonProps={{ disabled: typeof owner !== 'number' || owner === record.owner_id }} confirmLoading={save.isPending} onOk={submit} onCancel={onClose}>
      <Form layout="vertical">
        <Form.Item label={t('transfer.to')} htmlFor="pw-transfer-owner">
          <PersonPicker id="pw-transfer-owner" value={owner} onChange={setOwner} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
