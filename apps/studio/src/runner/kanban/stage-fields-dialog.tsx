/**
 * Asks for the fields a stage requires when a card is dropped on it, then moves the record with
 * them in one write. Server problems land on the field they name.
 */
import { Form, Modal, Typography } from 'antd';
import { useState } from 'react';
import { ApiProblem } from '../../api/problem.ts';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { widgetOf } from '../fields/registry.ts';
import { useText } from '../messages.ts';
import { FieldErrorsProvider } from '../record/field-errors.tsx';
import { fieldAtPointer, problemText } from '../record/problem-text.ts';

export interface StageMove {
  record: Record<string, unknown> & { id: number; version: number };
  stageLabel: string;
  fields: string[];
}

export function StageFieldsDialog({ entity, move, onSubmit, onCancel }: { entity: string; move: StageMove; onSubmit(values: Record<string, unknown>): Promise<void>; onCancel(): void }) {
  const { app, locale } = useRunner();
  const t = useText();
  const [values, setValues] = useState<Record<string, unknown>>(() => Object.fromEntries(move.fields.map((k) => [k, move.record[k] ?? null])));
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await onSubmit(values);
    } catch (error) {
      if (error instanceof ApiProblem && error.errors.length) setErrors(new Map(error.errors.map((e) => [e.path, problemText(e, app.entity(entity) && fieldAtPointer(app.entity(entity)!, e.path), t)])));
      else setErrors(new Map([['', error instanceof Error ? error.message : String(error)]]));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('kanban.stageFields', { stage: move.stageLabel })} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} onOk={submit} onCancel={onCancel} destroyOnHidden>
      <FieldErrorsProvider errors={errors}>
        <Form layout="vertical" data-testid="stage-fields-dialog">
          {move.fields.map((key) => {
            const field = app.field(entity, key);
            if (!field) return null;
            const W = widgetOf(field);
            const message = [...errors].find(([path]) => path === `/${key}` || path.startsWith(`/${key}/`))?.[1];
            return (
              <Form.Item key={key} label={labelOf(field.label, locale)} required htmlFor={`stage-${key}`} validateStatus={message ? 'error' : undefined} help={message} data-field={key}>
                <W.Input id={`stage-${key}`} field={field} value={values[key]} invalid={message !== undefined} onChange={(v) => setValues((s) => ({ ...s, [key]: v }))} />
              </Form.Item>
            );
          })}
          {errors.get('') && <Typography.Text type="danger">{errors.get('')}</Typography.Text>}
        </Form>
      </FieldErrorsProvider>
    </Modal>
  );
}
