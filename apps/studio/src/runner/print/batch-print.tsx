/**
 * Batch print from a list's selection: the entity's templates the reader may print (picked in a
 * dialog when there are several), one PDF of every selected record, downloaded. The server checks
 * each record; a refusal names the records the reader may not print, and a selection over the
 * limit is explained before anything is sent.
 */
import { Button, Form, Modal, Select } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { postForFile } from '../../api/client.ts';
import { ApiProblem } from '../../api/problem.ts';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { usePrintText } from './print-messages.ts';
import { batchPrintLimit, printPaths, printTemplatesOf } from './print-templates.ts';
import { useFeedback } from '../../app/feedback.tsx';

function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function BatchPrint({ entity, selected }: { entity: string; selected: number[] }) {
  const { app, locale } = useRunner();
  const t = usePrintText();
  const { message } = useFeedback();
  const templates = printTemplatesOf(app, entity);
  const [open, setOpen] = useState(false);
  const [template, setTemplate] = useState<string | undefined>(templates[0]?.key);
  const [busy, setBusy] = useState(false);
  if (templates.length === 0) return null;

  const print = async (key: string) => {
    if (selected.length > batchPrintLimit) {
      message.error(t('print.tooMany', { max: batchPrintLimit, count: selected.length }));
      return;
    }
    setBusy(true);
    try {
      const { blob, fileName } = await postForFile(printPaths.batch(app.key, entity, key), { ids: selected });
      save(blob, fileName ?? `${key}.pdf`);
      message.success(t('print.done', { count: selected.length }));
      setOpen(false);
    } catch (error) {
      if (error instanceof ApiProblem && error.code === 'print.denied') {
        const ids = error.errors.map((e) => selected[Number(e.path.split('/')[2])]).filter((id) => id !== undefined);
        message.error(t('print.denied', { ids: ids.map((id) => `#${id}`).join('、') }));
      } else if (error instanceof ApiProblem && error.code === 'print.tooMany') {
        message.error(t('print.tooMany', { max: batchPrintLimit, count: selected.length }));
      } else {
        message.error(t('print.failed', { message: error instanceof Error ? error.message : String(error) }));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<PrinterOutlined />} loading={busy && !open} data-testid="batch-print" onClick={() => (templates.length === 1 ? void print(templates[0]!.key) : setOpen(true))}>
        {t('print.batch')}
      </Button>
      <Modal open={open} title={t('print.batchTitle', { count: selected.length })} okText={t('print.print')} confirmLoading={busy} okButtonProps={{ disabled: !template }} onCancel={() => setOpen(false)} onOk={() => template && void print(template)}>
        <Form layout="vertical">
          <Form.Item label={t('print.template')} htmlFor="pw-batch-template">
            <Select id="pw-batch-template" value={template} onChange={setTemplate} options={templates.map((p) => ({ value: p.key, label: labelOf(p.label, locale) }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
