/**
 * Batch print as a background job (decision 115): the selected records, or every record of the
 * list's filter, printed with one of the entity's templates as one merged PDF or a zip of one PDF
 * per record. The dialog shows the job's progress, offers to stop it, and downloads the file when
 * it is done. The server checks each record; a refusal names the records the reader may not
 * print, and a batch over the limit is explained before anything is sent.
 */
import { Alert, Button, Form, Modal, Progress, Radio, Select, Space } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import type { Filter } from '@pipewright/metadata';
import { useEffect, useRef, useState } from 'react';
import { api, getForFile } from '../../api/client.ts';
import { ApiProblem } from '../../api/problem.ts';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { usePrintText } from './print-messages.ts';
import { printJobLimit, printPaths, printTemplatesOf, type PrintJobView } from './print-templates.ts';
import { useFeedback } from '../../app/feedback.tsx';
import { downloadBlob } from '../reports/download.ts';

type Scope = 'selected' | 'filter';

/**
 * `selected` empty: the button prints every record of `filter` (the list's view and user filter);
 * otherwise the dialog offers the selection first and the whole filter second.
 */
export function BatchPrint({ entity, selected, filter, total }: { entity: string; selected: number[]; filter?: Filter | undefined; total?: number | undefined }) {
  const { app, locale } = useRunner();
  const t = usePrintText();
  const { message } = useFeedback();
  const templates = printTemplatesOf(app, entity);
  const [open, setOpen] = useState(false);
  const [template, setTemplate] = useState<string | undefined>(templates[0]?.key);
  const [scope, setScope] = useState<Scope>(selected.length > 0 ? 'selected' : 'filter');
  const [output, setOutput] = useState<'pdf' | 'zip'>('pdf');
  const [job, setJob] = useState<PrintJobView | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const polling = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(polling.current), []);
  if (templates.length === 0) return null;

  const count = scope === 'selected' ? selected.length : total;
  const running = job !== undefined && (job.status === 'queued' || job.status === 'running');

  const explain = (error: unknown) => {
    if (error instanceof ApiProblem && error.code === 'print.denied') {
      const ids = error.errors.map((e) => selected[Number(e.path.split('/')[2])]).filter((id) => id !== undefined);
      return t('print.denied', { ids: ids.map((id) => `#${id}`).join('、') });
    }
    if (error instanceof ApiProblem && error.code === 'print.tooMany') return t('print.tooMany', { max: printJobLimit, count: count ?? printJobLimit + 1 });
    if (error instanceof ApiProblem && error.code === 'request.invalid' && error.errors.some((e) => e.path === '/filter')) return t('print.nothing');
    return t('print.failed', { message: error instanceof Error ? error.message : String(error) });
  };

  const follow = (started: PrintJobView) => {
    setJob(started);
    polling.current = setTimeout(() => {
      void api.get<PrintJobView>(printPaths.job(app.key, entity, started.id)).then(async (next) => {
        if (next.status === 'queued' || next.status === 'running') return follow(next);
        setJob(next);
        if (next.status === 'completed') {
          const { blob, fileName } = await getForFile(printPaths.jobFile(app.key, entity, next.id));
          downloadBlob(blob, fileName ?? next.fileName ?? `${next.template}.${next.output}`);
          message.success(t(next.output === 'zip' ? 'print.doneZip' : 'print.done', { count: next.total }));
        }
      }).catch((error: unknown) => setProblem(explain(error)));
    }, 600);
  };

  const start = async () => {
    if (!template) return;
    if (count !== undefined && count > printJobLimit) return setProblem(t('print.tooMany', { max: printJobLimit, count }));
    setBusy(true);
    setProblem(undefined);
    try {
      const body = { template, output, ...(scope === 'selected' ? { ids: selected } : { filter: filter ?? { and: [] } }) };
      follow(await api.post<PrintJobView>(printPaths.jobs(app.key, entity), body));
    } catch (error) {
      setProblem(explain(error));
    } finally {
      setBusy(false);
    }
  };

  const stop = async () => {
    if (!job) return;
    clearTimeout(polling.current);
    setJob(await api.post<PrintJobView>(printPaths.cancelJob(app.key, entity, job.id)));
  };

  const close = () => {
    clearTimeout(polling.current);
    setOpen(false);
    setJob(undefined);
    setProblem(undefined);
  };

  const percent = job && job.total > 0 ? Math.round((job.done / job.total) * 100) : 0;
  const footer = running
    ? [<Button key="stop" danger onClick={() => void stop()}>{t('print.stop')}</Button>]
    : job
      ? [<Button key="close" type="primary" onClick={close}>{t('print.close')}</Button>]
      : [<Button key="cancel" onClick={close}>{t('print.cancel')}</Button>, <Button key="ok" type="primary" loading={busy} disabled={!template || count === 0} data-testid="batch-print-start" onClick={() => void start()}>{t('print.print')}</Button>];

  return (
    <>
      <Button icon={<PrinterOutlined />} data-testid={selected.length > 0 ? 'batch-print' : 'print-all'} onClick={() => { setScope(selected.length > 0 ? 'selected' : 'filter'); setOpen(true); }}>
        {selected.length > 0 ? t('print.batch') : t('print.all')}
      </Button>
      <Modal open={open} title={t('print.batchTitle', { count: count ?? '…' })} onCancel={running ? undefined : close} closable={!running} maskClosable={false} footer={footer} width={480}>
        {job ? (
          <Space direction="vertical" style={{ width: '100%' }} data-testid="print-job">
            <Progress percent={job.status === 'completed' ? 100 : percent} status={job.status === 'failed' ? 'exception' : job.status === 'cancelled' ? 'normal' : job.status === 'completed' ? 'success' : 'active'} />
            <span data-testid="print-job-status">{t(`print.status.${job.status}`, { done: job.done, total: job.total })}</span>
            {job.error && <Alert type="error" showIcon message={job.error.message} />}
            {problem && <Alert type="error" showIcon message={problem} />}
          </Space>
        ) : (
          <Form layout="vertical">
            <Form.Item label={t('print.template')} htmlFor="pw-batch-template">
              <Select id="pw-batch-template" value={template} onChange={setTemplate} options={templates.map((p) => ({ value: p.key, label: labelOf(p.label, locale) }))} />
            </Form.Item>
            <Form.Item label={t('print.scope')}>
              <Radio.Group value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
                <Space direction="vertical">
                  {selected.length > 0 && <Radio value="selected">{t('print.scopeSelected', { count: selected.length })}</Radio>}
                  <Radio value="filter" data-testid="print-scope-filter">{total === undefined ? t('print.scopeFilterUncounted') : t('print.scopeFilter', { count: total })}</Radio>
                </Space>
              </Radio.Group>
            </Form.Item>
            <Form.Item label={t('print.output')}>
              <Radio.Group value={output} onChange={(e) => setOutput(e.target.value as 'pdf' | 'zip')}>
                <Space direction="vertical">
                  <Radio value="pdf">{t('print.outputPdf')}</Radio>
                  <Radio value="zip" data-testid="print-output-zip">{t('print.outputZip')}</Radio>
                </Space>
              </Radio.Group>
            </Form.Item>
            {problem && <Alert type="error" showIcon message={problem} />}
          </Form>
        )}
      </Modal>
    </>
  );
}
