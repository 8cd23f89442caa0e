/**
 * The views a reader can switch between on a list: the entity's views from the app's metadata,
 * the reader's own saved views and the shared ones (decision 059). "Save as view" keeps the
 * current columns, sort and filter under a name, for the reader alone or for everyone.
 */
import { Button, Select, Space } from 'antd';
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import type { View } from '@pipewright/metadata';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useDeleteSavedView, useSavedViews } from '../data/saved-views-api.ts';
import { useText } from '../messages.ts';
import { runnerPaths } from '../paths.ts';
import { initialListState, type ListState } from './list-state.ts';
import { usePhone } from './use-phone.ts';

// The save dialog (a form) is loaded when first opened.
const SaveViewDialog = lazy(() => import('./save-view-dialog.tsx'));

export function SavedViews({ view, state, onApply }: { view: View; state: ListState; onApply(state: ListState): void }) {
  const { app, locale } = useRunner();
  const t = useText();
  const phone = usePhone();
  const navigate = useNavigate();
  const saved = useSavedViews(app.key, view.key);
  const remove = useDeleteSavedView(app.key, view.key);
  const [current, setCurrent] = useState<number | undefined>();
  const [dialog, setDialog] = useState(false);
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

  return (
    <Space.Compact>
      <Select<string> aria-label={t('list.views')} style={{ minWidth: phone ? 140 : 180 }} value={selected} options={options} onChange={choose} data-testid="view-switcher" />
      {chosen?.mine && (
        <Button icon={<DeleteOutlined />} aria-label={t('views.delete')} title={t('views.delete')} onClick={() => remove.mutate(chosen.id, { onSuccess: () => { setCurrent(undefined); onApply(initialListState(app, view)); } })} />
      )}
      <Button icon={<SaveOutlined />} onClick={() => setDialog(true)} data-testid="save-view">{phone ? null : t('views.saveAs')}</Button>
      {dialog && (
        <Suspense fallback={null}>
          <SaveViewDialog view={view} state={state} onSaved={(id) => { setCurrent(id); setDialog(false); }} onClose={() => setDialog(false)} />
        </Suspense>
      )}
    </Space.Compact>
  );
}
