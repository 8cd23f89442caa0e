/**
 * The answer to a stale save (409 `record.stale`): who changed the record and when, the fields
 * both sides changed to different values (theirs beside mine), and two ways out: reload their
 * version (mine is dropped, knowingly), or save mine over theirs at their version.
 */
import { Alert, Button, Modal, Space, Table, Typography } from 'antd';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { widgetOf } from '../fields/registry.ts';
import { formatInstant } from '../fields/format.ts';
import { PersonName } from '../fields/user.tsx';
import { useText } from '../messages.ts';
import type { Conflict } from './conflict.ts';

export function ConflictDialog({ entity, conflict, onReload, onOverwrite, busy }: { entity: string; conflict: Conflict; onReload(): void; onOverwrite(): void; busy: boolean }) {
  const { app, locale } = useRunner();
  const t = useText();
  const [before, after] = t('conflict.changedBy', { actor: '{actor}', at: formatInstant(conflict.changedAt) }).split('{actor}');
  return (
    <Modal
      open
      closable={false}
      maskClosable={false}
      title={t('conflict.title')}
      data-testid="conflict-dialog"
      footer={
        <Space>
          <Button onClick={onReload} disabled={busy}>{t('conflict.reload')}</Button>
          <Button type="primary" danger onClick={onOverwrite} loading={busy}>{t('conflict.overwrite')}</Button>
        </Space>
      }
    >
      <div className="pw-conflict" data-testid="conflict-dialog">
        <Typography.Paragraph>
          {before}<strong>{conflict.changedBy === null ? t('record.someone') : <PersonName id={conflict.changedBy} />}</strong>{after}
        </Typography.Paragraph>
        {conflict.fields.length ? (
          <>
            <Typography.Paragraph>{t('conflict.fields')}</Typography.Paragraph>
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={conflict.fields}
              columns={[
                { key: 'field', title: '', render: (_: unknown, row) => labelOf(app.field(entity, row.key)?.label, locale) },
                { key: 'theirs', title: t('conflict.theirs'), render: (_: unknown, row) => { const f = app.field(entity, row.key); if (!f) return null; const W = widgetOf(f); return <W.Display field={f} value={row.theirs} />; } },
                { key: 'mine', title: t('conflict.mine'), render: (_: unknown, row) => { const f = app.field(entity, row.key); if (!f) return null; const W = widgetOf(f); return <W.Display field={f} value={row.mine} />; } },
              ]}
            />
          </>
        ) : (
          <Alert type="info" showIcon message={t('conflict.noOverlap')} />
        )}
      </div>
    </Modal>
  );
}
