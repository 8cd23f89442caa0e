/**
 * A server problem about one field, said in the reader's language: the stable `code` of the
 * problem (and the field's type, for a value the server refused) picks the sentence; the server's
 * own English message is the fallback for codes the runner does not know.
 */
import type { Entity, Field } from '@pipewright/metadata';
import type { ProblemItem } from '../../api/problem.ts';
import type { MessageKey, Translate } from '../messages.ts';

const byCode: Record<string, MessageKey> = {
  'record.required': 'problem.required',
  'record.requiredAtStage': 'problem.requiredAtStage',
  'record.duplicate': 'problem.duplicate',
  'record.outOfRange': 'problem.outOfRange',
  'record.unknownReference': 'problem.unknownReference',
  'record.unknownUser': 'problem.unknownUser',
  'record.inactiveUser': 'problem.inactiveUser',
  'record.unknownDepartment': 'problem.unknownDepartment',
  'record.readOnly': 'problem.readOnly',
  'permission.fieldReadOnly': 'problem.readOnly',
  'permission.fieldHidden': 'problem.readOnly',
};

const invalidByType: Partial<Record<Field['type'], MessageKey>> = {
  email: 'problem.email',
  url: 'problem.url',
  phone: 'problem.phone',
  number: 'problem.number',
  currency: 'problem.number',
  percent: 'problem.number',
  rating: 'problem.number',
  date: 'problem.date',
  datetime: 'problem.date',
  text: 'problem.text',
};

export function problemText(item: ProblemItem, field: Field | undefined, t: Translate): string {
  const known = byCode[item.code];
  if (known) return t(known);
  if (item.code === 'record.invalidValue' && field) {
    const key = invalidByType[field.type];
    if (key) return t(key);
  }
  return item.message;
}

/** The field a JSON pointer of a record body names: `/email`, or a line item's `/products/2/quantity`. */
export function fieldAtPointer(entity: Entity, pointer: string): Field | undefined {
  const [key, row, sub] = pointer.split('/').slice(1);
  const field = entity.fields.find((f) => f.key === key);
  if (field?.type === 'lineItems' && row !== undefined && sub !== undefined) return field.fields.find((f) => f.key === sub);
  return field;
}
