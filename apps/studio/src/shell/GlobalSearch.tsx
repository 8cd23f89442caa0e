/**
 * Searches the current app's records: every entity the user may read that has searchable
 * fields the user may read, five hits each (`?q=`), grouped by entity; a hit opens its record.
 * Below 992 px it is a button that opens the same search in a dialog.
 */
import { SearchOutlined } from '@ant-design/icons';
import type { Entity } from '@pipewright/metadata';
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Button, Input, Modal } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import type { AppAnswer, RecordList } from '../api/types.ts';
import { useLocale } from '../i18n/locale.tsx';
import { recordPath } from '../runner/routes.tsx';

/** Entities the search may look in: readable, with at least one readable searchable field. */
export function searchableEntities(model: AppAnswer | undefined): Entity[] {
  if (!model) return [];
  return model.bundle.entities.filter((entity) => {
    const access = model.access[entity.key];
    if (!access?.actions.read) return false;
    return entity.fields.some(
      (field) => 'searchable' in field && field.searchable === true && field.key in access.fields,
    );
  });
}

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function titleOf(entity: Entity, record: Record<string, unknown>): string {
  const value = record[entity.titleField ?? 'name'] ?? record.name;
  return value === undefined || value === null || value === ''
    ? `#${String(record.id)}`
    : String(value);
}

function SearchBox({
  app,
  model,
  autoFocus,
  onDone,
}: {
  app: string;
  model: AppAnswer;
  autoFocus?: boolean;
  onDone?: () => void;
}) {
  const { t, label } = useLocale();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const entities = useMemo(() => searchableEntities(model), [model]);
  const results = useQuery({
    queryKey: ['search', app, q],
    enabled: q.length > 0,
    queryFn: async ({ signal }) =>
      Promise.all(
        entities.map(async (entity) => {
          const list = await api.get<RecordList>(
            `/api/apps/${app}/records/${entity.key}`,
            { q, pageSize: 5, count: 'none' },
            { signal },
          );
          return { entity, items: list.items };
        }),
      ),
  });
  const options = (results.data ?? [])
    .filter((group) => group.items.length > 0)
    .map((group) => ({
      label: label(group.entity.pluralLabel ?? group.entity.label, group.entity.key),
      options: group.items.map((record) => ({
        value: recordPath(app, group.entity.key, Number(record.id)),
        label: titleOf(group.entity, record),
      })),
    }));
  const notFound =
    q && results.isSuccess && options.length === 0
      ? t('search.nothing', { text: q })
      : results.isError
        ? t('search.failed')
        : undefined;
  return (
    <AutoComplete
      value={text}
      options={options}
      onChange={setText}
      onSelect={(path: string) => {
        setText('');
        onDone?.();
        navigate(path);
      }}
      notFoundContent={notFound}
      style={{ width: '100%' }}
      popupMatchSelectWidth={360}
      autoFocus={autoFocus}
    >
      <Input
        prefix={<SearchOutlined />}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        allowClear
        data-testid="global-search"
      />
    </AutoComplete>
  );
}

export function GlobalSearch({
  app,
  model,
  compact,
}: {
  app: string | undefined;
  model: AppAnswer | undefined;
  compact: boolean;
}) {
  const { t } = useLocale();
  const [open, setOpen] = useState(false);
  if (!app || !model || searchableEntities(model).length === 0) return null;
  if (!compact) return <SearchBox app={app} model={model} />;
  return (
    <>
      <Button
        type="text"
        icon={<SearchOutlined />}
        aria-label={t('search.label')}
        onClick={() => setOpen(true)}
      />
      <Modal
        open={open}
        onCancel={() => setOpen(false)}
        footer={null}
        title={t('search.label')}
        destroyOnHidden
      >
        <SearchBox app={app} model={model} autoFocus onDone={() => setOpen(false)} />
      </Modal>
    </>
  );
}
