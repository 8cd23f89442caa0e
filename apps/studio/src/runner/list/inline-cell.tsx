/**
 * A table cell the reader may edit in place (double-click or Enter): the field's input widget,
 * saved on Enter or when focus leaves, with the record's version (a stale row says so and
 * reloads). Only fields the role may edit on an entity it may update get here.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import type { Field } from '@pipewright/metadata';
import { ApiProblem } from '../../api/problem.ts';
import { widgetOf } from '../fields/registry.ts';
import { useSaveRecord } from '../data/use-record.ts';
import type { RecordData } from '../data/records-api.ts';
import { useRunner } from '../app/runner-context.tsx';
import { useText } from '../messages.ts';
import { useFeedback } from '../../app/feedback.tsx';

export function InlineCell({ entity, field, record }: { entity: string; field: Field; record: RecordData }) {
  const { app } = useRunner();
  const t = useText();
  const { message } = useFeedback();
  const save = useSaveRecord(app.key, entity);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<unknown>(record[field.key]);
  const done = useRef(false);
  const widget = widgetOf(field);

  const commit = async (value: unknown) => {
    if (done.current) return;
    done.current = true;
    setEditing(false);
    if (JSON.stringify(value ?? null) === JSON.stringify(record[field.key] ?? null)) return;
    try {
      await save.mutateAsync({ id: record.id, values: { [field.key]: value }, version: record.version });
      message.success(t('list.inlineSaved'));
    } catch (error) {
      const problem = error instanceof ApiProblem ? error : undefined;
      message.error(problem?.code === 'record.stale' ? t('conflict.title') : problem?.errors[0]?.message ?? problem?.message ?? String(error));
    }
  };
  const start = () => {
    done.current = false;
    setDraft(record[field.key]);
    setEditing(true);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      done.current = true;
      setEditing(false);
    }
    if (e.key === 'Enter' && field.type !== 'longText') void commit(draft);
  };

  if (editing) {
    return (
      <div className="pw-inline-editing" onKeyDown={onKey} onBlur={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) void commit(draft); }}>
        <widget.Input field={field} value={draft} onChange={(v) => { setDraft(v); if (field.type === 'singleSelect' || field.type === 'boolean' || field.type === 'date') void commit(v); }} />
      </div>
    );
  }
  return (
    <div className="pw-inline-cell" tabIndex={0} title={t('list.inlineEditHint')} onDoubleClick={start} onKeyDown={(e) => { if (e.key === 'Enter') start(); }}>
      <widget.Display field={field} value={record[field.key]} record={record} />
    </div>
  );
}
