/**
 * The views a reader can switch between on a list: the entity's views from the app's metadata,
 * the reader's own saved views and the shared ones (decision 059). "Save as view" keeps the
 * current columns, sort and filter under a name, for the reader alone or for everyone.
 */
import { App as AntApp, Button, Checkbox, Form, Input, Modal, Select, Space } from 'antd';
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { View } from '@pipewright/metadata';
import { ApiProblem } from '../../api/problem.ts';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useCreateSavedView, useDeleteSavedView, useSavedViews } from '../data/saved-views-api.ts';
import { useText } from '../messages.ts';
import { runnerPaths } from '../paths.ts';
import { toFilter } from './filter-model.ts';
import { initialListState, type ListState } from './list-state.ts';
import { usePhone } from './use-phone.ts';

export function SavedViews({ view, state, onApply }: { view: View; state: ListState; onApply(state: ListState): void }) {
  const { app, locale } = useRunner();
  const t = useText();
  const phone = usePhone();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const saved = useSavedViews(app.key, view.key);
  const create = useCreateSavedView(app.key, view.key);
  const remove = useDeleteSavedView(app.key, view.key);
  const [current, setCurrent] = useState<number | undefined>();
  const [dialog, setDialog] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const views = app.viewsOf(view.entity);
  const mine = (saved.data ?? []).filter((s) => s.mine);
  const others = (saved.data ?? []).filter((s) => !s.mine);
  const selected = current !== undefined ? `saved:${current}` : `view:${view.key}`;
  const chosen = (saved.data ?? []).find((s) => s.id === current);

  const options = [
    { label: t('views.defaultGroup'), options: views.map((v) => ({ value: `view:${v.key}`, label: labelOf(v.label, locale) })) },
    ...(mine.length ? [{ label: t('views.personal'), options: mine.map((s) => ({ value: `saved:${s.id}`, label: s.name })) }] : []),
    ...(others.length ? [{ label: t('views.sharedGroup'), options: others.map((s) => ({ value: `saved:${s.id}`, label: s.name })) }] : []),
  ];

  const choose = (value: string) => {
    const [kind, key] = value.split(':') as ['view' | 'saved', string];
    if (kind === 'view') {
      setCurrent(undefined);
      if (key === view.key) onApply(initialListState(app, view));
      else navigate(runnerPaths.view(app.key, key));
      return;
    }
    const view_ = (saved.data ?? []).find((s) => s.id === Number(key));
    if (!view_) return;
    setCurrent(view_.id);
    onApply(initialListState(app, view, { ...(view_.columns ? { columns: view_.columns } : {}), ...(view_.sort ? { sort: view_.sort } : {}), ...(view_.filter ? { filter: view_.filter } : {}) }));
  };

  const save = async () => {
    setError(undefined);
    try {
      const created = await create.mutateAsync({ view: view.key, name: name.trim(), shared, columns: state.columns, sort: state.sort, filter: toFilter(state.filter) });
      setCurrent(created.id);
      setDialog(false);
      setName('');
      message.success(t('views.saved'));
    } catch (e) {
      setError(e instanceof ApiProblem ? (e.errors[0]?.message ?? e.message) : String(e));
    }
  };

  return (
    <Space.Compact>
      <Select<string> aria-label={t('list.views')} style={{ minWidth: phone ? 140 : 180 }} value={selected} options={options} onChange={choose} data-testid="view-switcher" />
      {chosen?.mine && (
        <Button icon={<DeleteOutlined />} aria-label={t('views.delete')} title={t('views.delete')} onClick={() => remove.mutate(chosen.id, { onSuccess: () => { setCurrent(undefined); onApply(initialListState(app, view)); } })} />
      )}
      <Button icon={<SaveOutlined />} onClick={() => setDialog(true)} data-testid="save-view">{phone ? null : t('views.saveAs')}</Button>
      <Modal open={dialog} title={t('views.saveAs')} okText={t('common.save')} cancelText={t('common.cancel')} okButtonProps={{ disabled: !name.trim() }} confirmLoading={create.isPending} onOk={save} onCancel={() => setDialog(false)} destroyOnHidden>
        <Form layout="vertical">
          <Form.Item label={t('views.name')} htmlFor="pw-saved-view-name" validateStatus={error ? 'error' : undefined} help={error}>
            <Input id="pw-saved-view-name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} onPressEnter={() => name.trim() && void save()} />
          </Form.Item>
          <Checkbox checked={shared} onChange={(e) => setShared(e.target.checked)}>{t('views.shared')}</Checkbox>
        </Form>
      </Modal>
    </Space.Compact>
  );
}
