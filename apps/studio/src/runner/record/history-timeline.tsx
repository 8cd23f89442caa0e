/** The audit history of a record as a timeline: who, when, and each field's value before and after. */
import { Empty, Spin, Timeline, Typography } from 'antd';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import type { HistoryEntry } from '../data/records-api.ts';
import { useRecordHistory } from '../data/use-record.ts';
import { widgetOf } from '../fields/registry.ts';
import { formatInstant } from '../fields/format.ts';
import { PersonName } from '../fields/user.tsx';
import { useText, type MessageKey } from '../messages.ts';

const titles: Record<string, MessageKey> = { create: 'record.historyCreate', update: 'record.historyUpdate', delete: 'record.historyDelete', restore: 'record.historyRestore', transfer: 'record.historyTransfer' };

function Change({ entity, fieldKey, change }: { entity: string; fieldKey: string; change: { from?: unknown; to?: unknown } }) {
  const { app, locale } = useRunner();
  const field = app.field(entity, fieldKey);
  if (!field) return null;
  const W = widgetOf(field);
  const show = (value: unknown) => (value === null || value === undefined || value === '' ? <Typography.Text type="secondary">—</Typography.Text> : field.type === 'lineItems' ? <span>{Array.isArray(value) ? value.length : 0}</span> : <W.Display field={field} value={value} />);
  return (
    <div className="pw-history-change">
      <Typography.Text type="secondary">{labelOf(field.label, locale)}</Typography.Text> {show(change.from)} <span aria-hidden>→</span> {show(change.to)}
    </div>
  );
}

function Entry({ entity, entry }: { entity: string; entry: HistoryEntry }) {
  const { app, locale } = useRunner();
  const t = useText();
  const visible = Object.keys(entry.changes).filter((k) => app.field(entity, k));
  const actor = entry.actor === null ? t('record.someone') : '{actor}';
  const title = t(titles[entry.action] ?? 'record.historyUpdate', { actor, fields: visible.map((k) => labelOf(app.field(entity, k)!.label, locale)).join(locale === 'en' ? ', ' : '、') });
  const [before, after] = title.split('{actor}');
  return (
    <div className="pw-history-entry">
      <div>
        {before}{entry.actor !== null && after !== undefined && <strong><PersonName id={entry.actor} /></strong>}{after ?? ''}
        <Typography.Text type="secondary" className="pw-history-at"> · {formatInstant(entry.at)}</Typography.Text>
      </div>
      {entry.action === 'update' && visible.map((k) => <Change key={k} entity={entity} fieldKey={k} change={entry.changes[k]!} />)}
    </div>
  );
}

export function HistoryTimeline({ entity, id }: { entity: string; id: number }) {
  const { app } = useRunner();
  const t = useText();
  const history = useRecordHistory(app.key, entity, id);
  if (history.isLoading) return <Spin />;
  if (!history.data?.length) return <Empty description={t('record.historyEmpty')} />;
  return <Timeline className="pw-history" items={history.data.map((entry) => ({ key: entry.id, children: <Entry entity={entity} entry={entry} /> }))} />;
}
