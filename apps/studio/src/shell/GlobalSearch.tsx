/**
 * The header's search: a field-like button that opens the search dialog (loaded when first
 * opened, so the first page carries none of it). Shown when the current app has anything the
 * user may search.
 */
import { SearchOutlined } from '@ant-design/icons';
import type { Entity } from '@pipewright/metadata';
import { Button } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { AppAnswer } from '../api/types.ts';
import { useLocale } from '../i18n/locale.tsx';

const SearchDialog = lazy(() => import('./SearchDialog.tsx'));

/** Entities the search may look in: readable, with at least one readable searchable field. */
export function searchableEntities(model: AppAnswer | undefined): Entity[] {
  if (!model) return [];
  return model.bundle.entities.filter((entity) => {
    const access = model.access[entity.key];
    if (!access?.actions.read) return false;
    return entity.fields.some((field) => 'searchable' in field && field.searchable === true && field.key in access.fields);
  });
}

export function GlobalSearch({ app, model, compact }: { app: string | undefined; model: AppAnswer | undefined; compact: boolean }) {
  const { t } = useLocale();
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  const enabled = Boolean(app && model && searchableEntities(model).length > 0);
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setOpened(true);
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
  if (!enabled || !app || !model) return null;
  const show = () => {
    setOpened(true);
    setOpen(true);
  };
  return (
    <>
      {compact ? (
        <Button type="text" icon={<SearchOutlined />} aria-label={t('search.label')} onClick={show} data-testid="global-search" />
      ) : (
        <button type="button" className="pw-search-trigger" onClick={show} data-testid="global-search">
          <SearchOutlined aria-hidden="true" />
          <span className="pw-search-placeholder">{t('search.placeholder')}</span>
          <kbd className="pw-search-key">Ctrl K</kbd>
        </button>
      )}
      {opened && (
        <Suspense fallback={null}>
          <SearchDialog app={app} model={model} entities={searchableEntities(model)} open={open} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
