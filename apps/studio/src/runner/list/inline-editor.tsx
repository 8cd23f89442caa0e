/**
 * The editing half of an inline cell (inline-cell.tsx), loaded when a reader first edits a cell
 * (decision 053): the field's input widget, saved on Enter, on a pick, or when focus leaves,
 * with the record's version (a stale row says so and reloads); Escape gives up.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import type { Field } from '@pipewright/metadata';
import { ApiProblem } from '../../api/problem.ts';
import { useFeedback } from '../../app/feedback.tsx';
import { widgetOf } from '../fields/registry.ts';
import { useSaveRecord } from '../data/use-record.ts';
import type { RecordData } from '../data/records-api.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useText } from '../messages.ts';

export default function InlineEditor({ entity, field, record, onDone }: { entity: string; field: Field; record: RecordData; onDone(): void }) {
  const { app } = useRunner();
  const t = useText();
  const { message } = useFeedback();
  const save = useSaveRecord(app.key, entity);
  const [draft, setDraft] = useState<unknown>(record[field.key]);
  const done = useRef(false);
  const widget = widgetOf(field);

  const commit = async (value: unknown) => {
    if (done.current) return;
    done.current = true;
    onDone();
    if (JSON.stringify(value ?? null) === JSON.stringify(record[field.key] ?? null)) return;
    try {
      await save.mutateAsync({ id: record.id, values: { [field.key]: value }, version: record.version });
      message.success(t('list.inlineSaved'));
    } catch (error) {
      const problem = error instanceof ApiProblem ? error : undefined;
      message.error(problem?.code === 'record.stale' ? t('conflict.title') : problem?.errors[0]?.message ?? problem?.message ?? String(error));
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      done.current = true;
      onDone();
    }
    if (e.key === 'Enter' && field.type !== 'longText') void commit(draft);
  };

  return (
    <div className="pw-inline-editing" onKeyDown={onKey} onBlur={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) void commit(draft); }}>
      <widget.Input field={field} value={draft} onChange={(v) => { setDraft(v); if (field.type === 'singleSelect' || field.type === 'boolean' || field.type === 'date') void commit(v); }} />
    </div>
  );
}
