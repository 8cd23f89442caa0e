/**
 * After a new record is saved, the matches of its entity's duplicate rules (the create's
 * `$duplicates`): each named match can be opened; records the reader may not open are only counted.
 */
import { Button, List, Modal, Tag, Typography } from 'antd';
import type { Label } from '@pipewright/metadata';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useText } from '../messages.ts';

export interface DuplicateFinding {
  rule: string;
  label: Label;
  action: 'alert' | 'block';
  matches: { entity: string; id: number; title: string | null; keys: string[] }[];
  hidden: number;
}

/** The findings a create answered, if any. */
export function duplicatesOf(saved: unknown): DuplicateFinding[] {
  const found = (saved as { $duplicates?: unknown } | null)?.$duplicates;
  return Array.isArray(found) ? (found as DuplicateFinding[]) : [];
}

export function DuplicatesDialog({ entity, findings, onContinue, onOpen }: { entity: string; findings: DuplicateFinding[]; onContinue(): void; onOpen(entity: string, id: number): void }) {
  const { app, locale } = useRunner();
  const t = useText();
  const fieldLabel = (key: string) => {
    const field = app.field(entity, key);
    return field ? labelOf(field.label, locale) : key;
  };
  const entityLabel = (key: string) => {
    const target = app.entity(key);
    return target ? labelOf(target.label, locale) : key;
  };
  return (
    <Modal open title={t('duplicates.title')} onCancel={onContinue} footer={<Button type="primary" onClick={onContinue} data-testid="duplicates-continue">{t('duplicates.continue')}</Button>} width={560}>
      {findings.map((finding) => (
        <div key={finding.rule} className="pw-duplicates">
          <Typography.Text strong>{labelOf(finding.label, locale)}</Typography.Text>
          <List
            size="small"
            dataSource={finding.matches}
            renderItem={(match) => (
              <List.Item actions={[<Button key="open" type="link" onClick={() => onOpen(match.entity, match.id)}>{t('duplicates.open')}</Button>]}>
                <List.Item.Meta
                  title={<><Tag>{entityLabel(match.entity)}</Tag>{match.title ?? `#${match.id}`}</>}
                  description={t('duplicates.sameAs', { fields: match.keys.map(fieldLabel).join(locale === 'en' ? ', ' : '、') })}
                />
              </List.Item>
            )}
          />
          {finding.hidden > 0 && <Typography.Text type="secondary">{t('duplicates.hidden', { count: String(finding.hidden) })}</Typography.Text>}
        </div>
      ))}
    </Modal>
  );
}
