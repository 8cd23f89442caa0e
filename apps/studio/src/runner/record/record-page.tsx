/**
 * One record, created or edited through its form: the fields laid out by the form, formulas and
 * conditions live as the reader types, the server's validation errors on the fields they name,
 * a stale save explained with the choice to reload or overwrite, then related lists and the
 * history. The header holds only the actions the role allows.
 */
import { Alert, Badge, Button, Result, Space, Spin, Tabs, Typography } from 'antd';
import { DeleteOutlined, SaveOutlined, ShareAltOutlined, SwapOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Entity, Form as FormLayout } from '@pipewright/metadata';
import { ApiProblem } from '../../api/problem.ts';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { getRecord, recordHistory, type RecordData, type RowAction } from '../data/records-api.ts';
import { useRowPermissions } from '../data/use-row-permissions.ts';
import { recordKeys } from '../data/query-keys.ts';
import { useDeleteRecord, useRecord, useSaveRecord } from '../data/use-record.ts';
import { isEmptyValue } from '../fields/field-widget.ts';
import { widgetOf } from '../fields/registry.ts';
import { useText } from '../messages.ts';
import { runnerPaths } from '../paths.ts';
import { explainConflict, type Conflict } from './conflict.ts';
import { ConflictDialog } from './conflict-dialog.tsx';
import { DuplicatesDialog, duplicatesOf, type DuplicateFinding } from './duplicates-dialog.tsx';
import { FieldErrorsProvider } from './field-errors.tsx';
import { HistoryTimeline } from './history-timeline.tsx';
import { liveRecord } from './live-record.ts';
import { recordBody } from './record-body.ts';
import { newRecordDraft } from './record-draft.ts';
import { fieldAtPointer, problemText } from './problem-text.ts';
import { fallbackForm, RecordForm } from './record-form.tsx';
import { RelatedLists, relatedRelations } from './related-lists.tsx';
import { PrintMenu } from '../print/print-menu.tsx';
import { ShareDialog } from './share-dialog.tsx';
import { TransferDialog } from './transfer-dialog.tsx';
import { useApprovalText } from '../approvals/approval-messages.ts';
import { ApprovalBanner, ApprovalButtons, ApprovalHistory, useRecordApprovals } from '../approvals/record-approvals.tsx';
import { useFeedback } from '../../app/feedback.tsx';

interface Pending { body: Record<string, unknown>; conflict: Conflict; theirs: RecordData }

function manyToOne(entity: Entity): string[] {
  return entity.fields.filter((f) => f.type === 'relation' && f.kind === 'manyToOne').map((f) => f.key);
}

export function RecordPage({ entity, id, form: formKey }: { entity: Entity; id: number | undefined; form?: string | undefined }) {
  const { app, locale, userId } = useRunner();
  const t = useText();
  const ta = useApprovalText();
  const navigate = useNavigate();
  const [query] = useSearchParams();
  const { message, modal } = useFeedback();
  const client = useQueryClient();
  const creating = id === undefined;
  const expand = useMemo(() => manyToOne(entity).filter((k) => app.expandable(entity.key, k)), [app, entity]);
  const loaded = useRecord(app.key, entity.key, id, expand);
  const save = useSaveRecord(app.key, entity.key);
  const remove = useDeleteRecord(app.key, entity.key);
  const approvals = useRecordApprovals(entity.key, id);
  const form: FormLayout = (formKey ? app.form(formKey) : undefined) ?? app.defaultForm(entity.key) ?? fallbackForm(entity, (f) => app.field(entity.key, f.key) !== undefined);

  const [base, setBase] = useState<RecordData | undefined>();
  const [draft, setDraft] = useState<Record<string, unknown>>(() => (creating ? newRecordDraft(entity, userId, query) : {}));
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [pending, setPending] = useState<Pending | undefined>();
  const [found, setFound] = useState<{ id: number; findings: DuplicateFinding[] } | undefined>();
  const [dialog, setDialog] = useState<'share' | 'transfer' | undefined>();
  const [busy, setBusy] = useState(false);

  // A freshly read record (first load, or a newer version) becomes the draft unless the reader is editing.
  useEffect(() => {
    const record = loaded.data;
    if (!record || (base && base.version === record.version && base.id === record.id)) return;
    const dirty = base !== undefined && Object.keys(recordBody(app, entity, draft, base, new Set())).length > 0;
    if (!dirty) {
      setBase(record);
      setDraft(record);
    }
  }, [loaded.data]);

  const live = useMemo(() => liveRecord(entity, form, draft, { now: new Date() }), [entity, form, draft]);
  // While an instance runs the record is locked (writes answer 409 record.inApproval): read-only, no save.
  // The role may act on the entity, and this record is inside the action's scope: another rep's
  // account is readable but not writable. Until the server's answer for the record arrives the
  // role's answer stands (the server refuses a write outside the scope either way).
  const loadedRows = useMemo(() => (base ? [base] : []), [base]);
  const rowPermissions = useRowPermissions(app.key, entity.key, loadedRows, !creating);
  const may = (action: RowAction) => !creating && app.can(entity.key, action) && base !== undefined && (!rowPermissions.known(base.id) || rowPermissions.allows(base.id, action));
  const writable = creating ? app.can(entity.key, 'create') : may('update') && !approvals.locked;
  const body = recordBody(app, entity, draft, creating ? undefined : base, live.hidden);
  const dirty = Object.keys(body).length > 0;

  const change = (key: string, value: unknown) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => {
      if (![...e.keys()].some((p) => p === `/${key}` || p.startsWith(`/${key}/`))) return e;
      return new Map([...e].filter(([p]) => p !== `/${key}` && !p.startsWith(`/${key}/`)));
    });
  };

  const missingRequired = (): Map<string, string> => {
    const missing = new Map<string, string>();
    for (const key of live.required) {
      const field = app.field(entity.key, key);
      if (!field || app.fieldAccess(entity.key, key) !== 'editable' || widgetOf(field).computed || live.readOnly.has(key)) continue;
      const widget = widgetOf(field);
      if (widget.isEmpty ? widget.isEmpty(draft[key]) : isEmptyValue(draft[key])) missing.set(`/${key}`, t('record.required'));
    }
    return missing;
  };

  const write = async (values: Record<string, unknown>, version: number | undefined) => {
    setBusy(true);
    try {
      const saved = await save.mutateAsync({ id, values, version });
      setErrors(new Map());
      setPending(undefined);
      message.success(t('common.saved'));
      // Which workflows may start depends on the values just saved (a discount over the threshold).
      if (!creating) void approvals.refetch();
      const duplicates = creating ? duplicatesOf(saved) : [];
      if (duplicates.length > 0) setFound({ id: saved.id, findings: duplicates });
      else if (creating) navigate(runnerPaths.record(app.key, entity.key, saved.id), { replace: true });
      else {
        const fresh = await getRecord(app.key, entity.key, saved.id, expand);
        client.setQueryData([...recordKeys.one(app.key, entity.key, saved.id), expand], fresh);
        setBase(fresh);
        setDraft(fresh);
      }
    } catch (error) {
      if (error instanceof ApiProblem && error.code === 'record.stale' && id !== undefined && base) {
        const [theirs, history] = await Promise.all([getRecord(app.key, entity.key, id, expand), recordHistory(app.key, entity.key, id)]);
        setPending({ body: values, theirs, conflict: explainConflict(base, values, theirs, history.items) });
      } else if (error instanceof ApiProblem && error.code === 'record.inApproval') {
        message.error(ta('problem.record.inApproval'));
        void approvals.refetch();
      } else if (error instanceof ApiProblem && error.errors.length) {
        setErrors(new Map(error.errors.map((e) => [e.path, problemText(e, fieldAtPointer(entity, e.path), t)])));
        message.error(t('record.invalid'));
      } else {
        message.error(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setBusy(false);
    }
  };

  const onSave = () => {
    const missing = missingRequired();
    if (missing.size) {
      setErrors(missing);
      message.error(t('record.invalid'));
      return;
    }
    if (!creating && !dirty) return message.info(t('common.saved'));
    void write(body, creating ? undefined : base?.version);
  };

  if (!creating && loaded.isLoading) return <Spin className="pw-center" />;
  if (!creating && loaded.error) {
    const notFound = loaded.error instanceof ApiProblem && loaded.error.status === 404;
    return <Result status={notFound ? '404' : 'warning'} title={notFound ? t('record.notFound') : t('common.loadFailed', { message: (loaded.error as Error).message })} extra={!notFound && <Button onClick={() => void loaded.refetch()}>{t('common.retry')}</Button>} />;
  }
  if (!creating && !base) return <Spin className="pw-center" />;
  if (creating && !app.can(entity.key, 'create')) return <Result status="403" title={t('record.notFound')} />;

  const title = creating ? t('record.new', { entity: labelOf(entity.label, locale) }) : app.titleOf(entity.key, base!);
  const general = [...errors].filter(([path]) => !entity.fields.some((f) => path === `/${f.key}` || path.startsWith(`/${f.key}/`)) && path !== '/owner_id');
  const listView = app.defaultView(entity.key);
  const details = (
    <FieldErrorsProvider errors={errors}>
      {general.length > 0 && <Alert type="error" showIcon className="pw-general-errors" message={general.map(([path, text]) => `${path ? `${path}: ` : ''}${text}`).join('; ')} />}
      <RecordForm entity={entity} form={form} live={live} writable={writable} creating={creating} onChange={change} />
    </FieldErrorsProvider>
  );
  const related = !creating && relatedRelations(app, entity).length > 0;
  const hasApprovals = !creating && ((app.bundle.workflows ?? []).some((w) => w.entity === entity.key) || (approvals.workflows?.instances.length ?? 0) > 0);

  return (
    <div className="pw-record-page" data-entity={entity.key} data-record={id ?? 'new'}>
      <div className="pw-run-header">
        <Space direction="vertical" size={0}>
          {listView && <Link to={runnerPaths.view(app.key, listView.key)} className="pw-breadcrumb">{labelOf(entity.pluralLabel ?? entity.label, locale)}</Link>}
          <Space align="center">
            <Typography.Title level={4} className="pw-run-title">{title}</Typography.Title>
            {dirty && !creating && <Badge status="warning" text={t('record.unsaved')} />}
          </Space>
        </Space>
        <Space wrap className="pw-run-actions">
          {!creating && <ApprovalButtons entity={entity.key} id={id!} approvals={approvals} />}
          {!creating && <PrintMenu entity={entity.key} id={id!} />}
          {may('share') && <Button icon={<ShareAltOutlined />} onClick={() => setDialog('share')}>{t('record.share')}</Button>}
          {may('transfer') && <Button icon={<SwapOutlined />} onClick={() => setDialog('transfer')}>{t('record.transfer')}</Button>}
          {may('delete') && (
            <Button danger icon={<DeleteOutlined />} onClick={() => modal.confirm({ title: t('record.deleteConfirm'), okText: t('common.delete'), okButtonProps: { danger: true }, cancelText: t('common.cancel'), onOk: async () => { await remove.mutateAsync({ id: id!, version: base!.version }); message.success(t('record.deleted')); navigate(listView ? runnerPaths.view(app.key, listView.key) : '..'); } })}>
              {t('common.delete')}
            </Button>
          )}
          {writable && <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={onSave} data-testid="save-record">{t('common.save')}</Button>}
        </Space>
      </div>
      {!creating && <ApprovalBanner approvals={approvals} />}
      {creating ? details : (
        <Tabs
          items={[
            { key: 'details', label: t('record.details'), children: details },
            ...(related ? [{ key: 'related', label: t('record.related'), children: <RelatedLists entity={entity} id={id!} /> }] : []),
            ...(hasApprovals ? [{ key: 'approvals', label: ta('panel.tab'), children: <ApprovalHistory approvals={approvals} /> }] : []),
            { key: 'history', label: t('record.history'), children: <HistoryTimeline entity={entity.key} id={id!} /> },
          ]}
        />
      )}
      {found && (
        <DuplicatesDialog
          entity={entity.key}
          findings={found.findings}
          onContinue={() => navigate(runnerPaths.record(app.key, entity.key, found.id), { replace: true })}
          onOpen={(target, match) => navigate(runnerPaths.record(app.key, target, match))}
        />
      )}
      {pending && (
        <ConflictDialog
          entity={entity.key}
          conflict={pending.conflict}
          busy={busy}
          onReload={() => { setBase(pending.theirs); setDraft(pending.theirs); setPending(undefined); client.setQueryData([...recordKeys.one(app.key, entity.key, id!), expand], pending.theirs); }}
          onOverwrite={() => void write(pending.body, pending.theirs.version)}
        />
      )}
      {!creating && base && <ShareDialog entity={entity.key} id={id!} open={dialog === 'share'} onClose={() => setDialog(undefined)} />}
      {!creating && base && dialog === 'transfer' && <TransferDialog entity={entity.key} record={base} open onClose={() => { setDialog(undefined); void loaded.refetch(); }} />}
    </div>
  );
}
