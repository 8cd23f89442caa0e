/**
 * What the reader may do with the selected rows, each shown only when the role allows it:
 * change one field on all of them, move them to the recycle bin, hand them to another owner
 * (each one bulk request, one transaction: all rows change or none), or print them as one PDF.
 * An action is offered when the server permits it on every selected record. Each dialog opens
 * empty: a value picked in one (and cancelled) is never sent by the other.
 */
import { Button, Form, Modal, Select, Space, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, SwapOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { isUniqueField, type Field, type Filter } from '@pipewright/metadata';
import { ApiProblem } from '../../api/problem.ts';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import type { RowPermissions } from '../data/use-row-permissions.ts';
import { bulkDelete, bulkUpdate, type RecordData, type RowAction } from '../data/records-api.ts';
import { recordKeys } from '../data/query-keys.ts';
import { widgetOf } from '../fields/registry.ts';
import { PersonPicker } from '../fields/user.tsx';
import { useText } from '../messages.ts';
import { BatchPrint } from '../print/batch-print.tsx';
import { useFeedback } from '../../app/feedback.tsx';

export function BulkActions({ entity, selected, filter, total, records, permitted, onDone }: { entity: string; selected: number[]; filter?: Filter | undefined; total?: number | undefined; records: RecordData[]; permitted: RowPermissions; onDone(): void }) {
  const { app, locale } = useRunner();
  const t = useText();
  const { message, modal } = useFeedback();
  const client = useQueryClient();
  const [dialog, setDialog] = useState<'update' | 'transfer' | undefined>();
  const [fieldKey, setFieldKey] = useState<string | undefined>();
  const [value, setValue] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const editable: Field[] = (app.entity(entity)?.fields ?? []).filter((f) => app.fieldAccess(entity, f.key) === 'editable' && !widgetOf(f).computed && !f.readOnly && f.type !== 'lineItems' && !(f.type === 'relation' && f.kind === 'oneToMany') && !isUniqueField(f));
  const versionOf = (id: number) => records.find((r) => r.id === id)?.version;
  const field = editable.find((f) => f.key === fieldKey);
  const allowed = (action: RowAction) => app.can(entity, action) && selected.every((id) => permitted.allows(id, action));
  const open = (which: 'update' | 'transfer') => {
    setFieldKey(undefined);
    setValue(null);
    setDialog(which);
  };

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      message.success(t('list.bulkDone', { count: selected.length }));
      setDialog(undefined);
      onDone();
    } catch (error) {
      const problem = error instanceof ApiProblem ? error : undefined;
      message.error(problem?.errors[0] ? `${problem.errors[0].path}: ${problem.errors[0].message}` : problem?.message ?? String(error));
    } finally {
      setBusy(false);
      void client.invalidateQueries({ queryKey: recordKeys.entity(app.key, entity) });
    }
  };
  const update = (values: Record<string, unknown>) => run(() => bulkUpdate(app.key, entity, selected.map((id) => ({ id, ...(versionOf(id) === undefined ? {} : { version: versionOf(id)! }), values }))));

  if (selected.length === 0) return null;
  return (
    <Space className="pw-bulk-bar" wrap>
      <Typography.Text strong>{t('list.selected', { count: selected.length })}</Typography.Text>
      {allowed('update') && editable.length > 0 && <Button icon={<EditOutlined />} onClick={() => open('update')}>{t('list.bulkUpdate')}</Button>}
      <BatchPrint entity={entity} selected={selected} filter={filter} total={total} />
      {allowed('transfer') && <Button icon={<SwapOutlined />} onClick={() => open('transfer')}>{t('list.bulkTransfer')}</Button>}
      {allowed('delete') && (
        <Button danger icon={<DeleteOutlined />} onClick={() => modal.confirm({ title: t('list.bulkDeleteConfirm', { count: selected.length }), okButtonProps: { danger: true }, okText: t('common.delete'), cancelText: t('common.cancel'), onOk: () => run(() => bulkDelete(app.key, entity, selected)) })}>
          {t('list.bulkDelete')}
        </Button>
      )}
      <Modal open={dialog === 'update'} title={t('list.bulkUpdate')} okText={t('common.apply')} cancelText={t('common.cancel')} confirmLoading={busy} okButtonProps={{ disabled: !field }} onCancel={() => setDialog(undefined)} onOk={() => field && update({ [field.key]: value })}>
        <Form layout="vertical">
          <Form.Item label={t('list.bulkField')} htmlFor="pw-bulk-field">
            <Select id="pw-bulk-field" showSearch optionFilterProp="label" value={fieldKey} options={editable.map((f) => ({ value: f.key, label: labelOf(f.label, locale) }))} onChange={(k: string) => { setFieldKey(k); setValue(null); }} />
          </Form.Item>
          {field && (
            <Form.Item label={t('list.bulkValue')} htmlFor="pw-bulk-value">
              {(() => { const W = widgetOf(field); return <W.Input id="pw-bulk-value" field={field} value={value} onChange={setValue} />; })()}
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Modal open={dialog === 'transfer'} title={t('transfer.title')} okText={t('common.apply')} cancelText={t('common.cancel')} confirmLoading={busy} okButtonProps={{ disabled: typeof value !== 'number' }} onCancel={() => setDialog(undefined)} onOk={() => update({ owner_id: value })}>
        <Form layout="vertical">
          <Form.Item label={t('transfer.to')} htmlFor="pw-transfer-to">
            <PersonPicker id="pw-transfer-to" value={dialog === 'transfer' ? value : null} onChange={setValue} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
