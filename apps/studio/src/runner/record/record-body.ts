/**
 * The body a save sends: only fields the reader may write (no formulas, auto-numbers, read-only
 * or hidden fields, no system columns but `owner_id` where they may transfer), line items
 * reduced to their writable sub-fields plus their `id`, and on an update only what changed since
 * the record was read, so a save never overwrites a field the reader did not touch.
 */
import type { Entity, Field } from '@pipewright/metadata';
import type { AppModel } from '../app/app-model.ts';

const computedTypes = new Set<Field['type']>(['formula', 'autoNumber']);

function writableField(field: Field): boolean {
  return !computedTypes.has(field.type) && !field.readOnly && !(field.type === 'relation' && field.kind === 'oneToMany');
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** A related record read expanded (`{ id, name, … }`) is written as its id. */
function asWritten(field: Field, value: unknown): unknown {
  if (field.type === 'relation' && field.kind === 'manyToOne' && typeof value === 'object' && value !== null && 'id' in value) return (value as { id: unknown }).id;
  if (field.type === 'lineItems' && Array.isArray(value)) {
    const keys = field.fields.filter(writableField).map((f) => f.key);
    return value.map((line: Record<string, unknown>) => {
      const written: Record<string, unknown> = {};
      if (typeof line.id === 'number') written.id = line.id;
      for (const key of keys) {
        const sub = field.fields.find((f) => f.key === key)!;
        if (line[key] !== undefined && line[key] !== null) written[key] = asWritten(sub, line[key]);
      }
      return written;
    });
  }
  return value;
}

export function recordBody(app: AppModel, entity: Entity, draft: Readonly<Record<string, unknown>>, base: Readonly<Record<string, unknown>> | undefined, skip: ReadonlySet<string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const candidates: Field[] = [...entity.fields.filter(writableField)];
  for (const field of candidates) {
    if (skip.has(field.key) || app.fieldAccess(entity.key, field.key) !== 'editable') continue;
    if (!(field.key in draft)) continue;
    const value = asWritten(field, draft[field.key]);
    if (base) {
      if (!same(value, asWritten(field, base[field.key]))) body[field.key] = value ?? null;
    } else if (value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0 && field.type !== 'lineItems')) {
      body[field.key] = value;
    }
  }
  if ('owner_id' in draft && app.fieldAccess(entity.key, 'owner_id') === 'editable' && !skip.has('owner_id')) {
    if (base ? !same(draft.owner_id, base.owner_id) : draft.owner_id !== undefined && draft.owner_id !== null) body.owner_id = draft.owner_id;
  }
  return body;
}
