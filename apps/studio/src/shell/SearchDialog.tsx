/**
 * The global search: what the user types is looked up (`?q=`) in every entity of the current
 * app that has searchable fields the user may read, five hits each, grouped by entity. A hit
 * opens its record; arrow keys and Enter work as in a list.
 */
import { SearchOutlined } from '@ant-design/icons';
import type { Entity } from '@pipewright/metadata';
import { useQuery } from '@tanstack/react-query';
import { Input, Modal, Spin } from 'antd';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import type { AppAnswer, RecordList } from '../api/types.ts';
import { useLocale } from '../i18n/locale.tsx';
import { recordPath } from '../runner/routes.tsx';

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
  return value === undefined || value === null || value === '' ? `#${String(record.id)}` : String(value);
}

export interface SearchDialogProps {
  app: string;
  model: AppAnswer;
  entities: Entity[];
  open: boolean;
  onClose: () => void;
}

export default function SearchDialog({ app, entities, open, onClose }: SearchDialogProps) {
  const { t, label } = useLocale();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 250);
  const results = useQuery({
    queryKey: ['search', app, q],
    enabled: q.length > 0,
    queryFn: async ({ signal }) =>
      Promise.all(
        entities.map(async (entity) => {
          const list = await api.get<RecordList>(`/api/apps/${app}/records/${entity.key}`, { q, pageSize: 5, count: 'none' }, { signal });
          return { entity, items: list.items };
        }),
      ),
  });
  const groups = (results.data ?? []).filter((g) => g.items.length > 0);
  const hits = groups.flatMap((g) => g.items.map((record) => ({ entity: g.entity, record, path: recordPath(app, g.entity.key, Number(record.id)) })));
  useEffect(() => setActive(0), [q]);
  const go = (path: string) => {
    onClose();
    setText('');
    navigate(path);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, hits.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter' && hits[active]) go(hits[active].path);
    else return;
    event.preventDefault();
  };
  let index = -1;
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('search.label')} className="pw-search-dialog" width={560}>
      <Input
        autoFocus
        size="large"
        prefix={<SearchOutlined />}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        allowClear
        data-testid="global-search-input"
      />
      <div className="pw-search-results" role="listbox" aria-label={t('search.results')}>
        {!q && <p className="pw-muted pw-search-hint">{t('search.hint')}</p>}
        {q && results.isFetching && <Spin size="small" />}
        {q && results.isError && <p className="pw-muted">{t('search.failed')}</p>}
        {q && results.isSuccess && groups.length === 0 && <p className="pw-muted">{t('search.nothing', { text: q })}</p>}
        {groups.map((group) => (
          <div key={group.entity.key} className="pw-search-group">
            <div className="pw-search-group-title">{label(group.entity.pluralLabel ?? group.entity.label, group.entity.key)}</div>
            {group.items.map((record) => {
              index += 1;
              const mine = index;
              const path = recordPath(app, group.entity.key, Number(record.id));
              return (
                <button key={path} type="button" role="option" aria-selected={mine === active} className={`pw-search-hit${mine === active ? ' pw-search-hit-active' : ''}`} onMouseEnter={() => setActive(mine)} onClick={() => go(path)}>
                  {titleOf(group.entity, record)}
                </button>
              );
            })}
          </div>
        ))}
      </div>
    </Modal>
  );
}
