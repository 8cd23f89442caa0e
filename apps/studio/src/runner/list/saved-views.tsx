/**
 * The views a reader can switch between on a list: the other views of the same entity from the
 * app's metadata.
 */
import { Select } from 'antd';
import { useNavigate } from 'react-router';
import type { View } from '@pipewright/metadata';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useText } from '../messages.ts';
import { runnerPaths } from '../paths.ts';
import type { ListState } from './list-state.ts';

export function SavedViews({ view }: { view: View; state: ListState; onApply(state: ListState): void }) {
  const { app, locale } = useRunner();
  const t = useText();
  const navigate = useNavigate();
  const views = app.viewsOf(view.entity);
  if (views.length < 2) return null;
  return (
    <Select<string>
      aria-label={t('list.views')}
      style={{ minWidth: 160 }}
      value={view.key}
      options={views.map((v) => ({ value: v.key, label: labelOf(v.label, locale) }))}
      onChange={(key) => navigate(runnerPaths.view(app.key, key))}
    />
  );
}
