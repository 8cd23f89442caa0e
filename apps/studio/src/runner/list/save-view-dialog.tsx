/** "Save as view": the current columns, sort and filter kept under a name, for the reader alone or for everyone. */
import { Checkbox, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import type { View } from '@pipewright/metadata';
import { ApiProblem } from '../../api/problem.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useCreateSavedView } from '../data/saved-views-api.ts';
import { useText } from '../messages.ts';
import { toFilter } from './filter-model.ts';
import type { ListState } from './list-state.ts';
import { useFeedback } from '../../app/feedback.tsx';

export default function SaveViewDialog({ view, state, onSaved, onClose }: { view: View; state: ListState; onSaved(id: number): void; onClose(): void }) {
  const { app } = useRunner();
  const t = useText();
  const { message } = useFeedback();
  const create = useCreateSavedView(app.key, view.key);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const save = async () => {
    setError(undefined);
    try {
      const created = await create.mutateAsync({ view: view.key, name: name.trim(), shared, columns: state.columns, sort: state.sort, filter: toFilter(state.filter) });
      message.success(t('views.saved'));
      onSaved(created.id);
    } catch (e) {
      setError(e instanceof ApiProblem ? (e.errors[0]?.message ?? e.message) : String(e));
    }
  };

  return (
    <Modal open title={t('views.saveAs')} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ disabled: !name.trim() }} confirmLoading={create.isPending} onOk={save} onCancel={onClose} destroyOnHidden>
      <Form layout="vertical">
        <Form.Item label={t('views.name')} htmlFor="pw-saved-view-name" validateStatus={error ? 'error' : undefined} help={error}>
          <Input id="pw-saved-view-name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} onPressEnter={() => name.trim() && void save()} />
        </Form.Item>
        <Checkbox checked={shared} onChange={(e) => setShared(e.target.checked)}>{t('views.shared')}</Checkbox>
      </Form>
    </Modal>
  );
}
