/**
 * The list on a phone: one card per record (its title, then the view's other columns as label
 * and value), the next page loaded when the end of the list comes into sight.
 */
import { Card, Empty, Spin } from 'antd';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import type { RecordListState } from '../data/use-record-list.ts';
import { widgetOf } from '../fields/registry.ts';
import { useText } from '../messages.ts';
import { runnerPaths } from '../paths.ts';
import { valueAtPath, type ListColumn } from './list-state.ts';

export function RecordCards({ entity, columns, list }: { entity: string; columns: ListColumn[]; list: RecordListState }) {
  const { app, locale } = useRunner();
  const t = useText();
  const end = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    const element = end.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && hasNextPage && !isFetchingNextPage) fetchNextPage();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (list.isLoading) return <Spin className="pw-center" />;
  if (list.records.length === 0) return <Empty description={<><strong>{t('list.noRecords')}</strong><div>{t('list.noRecordsHint')}</div></>} />;
  const titleKey = app.entity(entity)?.titleField;
  const rest = columns.filter((c) => c.path !== titleKey);
  return (
    <div className="pw-cards" data-testid="record-cards">
      {list.records.map((record) => (
        <Card key={record.id} size="small" title={<Link to={runnerPaths.record(app.key, entity, record.id)}>{app.titleOf(entity, record)}</Link>} className="pw-run-card">
            {rest.slice(0, 5).map((c) => {
              const W = widgetOf(c.field);
              return (
                <div key={c.path} className="pw-card-row">
                  <span className="pw-card-label">{labelOf(c.field.label, locale)}</span>
                  <span className="pw-card-value"><W.Display field={c.field} value={valueAtPath(record, c.path)} record={record} /></span>
                </div>
              );
            })}
        </Card>
      ))}
      <div ref={end} className="pw-cards-end">{isFetchingNextPage ? t('list.loadingMore') : hasNextPage ? '' : t('list.end')}</div>
    </div>
  );
}
