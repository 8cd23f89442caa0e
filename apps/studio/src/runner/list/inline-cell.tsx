/**
 * A table cell the reader may edit in place (double-click or Enter). The editor itself
 * (inline-editor.tsx) loads when a cell is first edited; until then the cell is its display.
 * Only fields the role may edit, on records the server says the reader may update, get here.
 */
import { lazy, Suspense, useState } from 'react';
import type { Field } from '@pipewright/metadata';
import { widgetOf } from '../fields/registry.ts';
import type { RecordData } from '../data/records-api.ts';
import { useText } from '../messages.ts';

const InlineEditor = lazy(() => import('./inline-editor.tsx'));

export function InlineCell({ entity, field, record }: { entity: string; field: Field; record: RecordData }) {
  const t = useText();
  const [editing, setEditing] = useState(false);
  const widget = widgetOf(field);
  const display = <widget.Display field={field} value={record[field.key]} record={record} />;

  if (editing) {
    return (
      <Suspense fallback={display}>
        <InlineEditor entity={entity} field={field} record={record} onDone={() => setEditing(false)} />
      </Suspense>
    );
  }
  return (
    <div className="pw-inline-cell" tabIndex={0} title={t('list.inlineEditHint')} onDoubleClick={() => setEditing(true)} onKeyDown={(e) => { if (e.key === 'Enter') setEditing(true); }}>
      {display}
    </div>
  );
}
