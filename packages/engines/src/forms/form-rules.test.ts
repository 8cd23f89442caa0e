import type { Entity, Form } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { checkFormRules, enforcedForm } from './form-rules.ts';

const l = (en: string) => ({ 'zh-CN': en, en });
const ticket: Entity = {
  key: 'ticket', label: l('Ticket'), version: 1,
  fields: [
    { key: 'status', label: l('Status'), type: 'singleSelect', options: [{ value: 'open', label: l('Open') }, { value: 'resolved', label: l('Resolved') }] },
    { key: 'resolution', label: l('Resolution'), type: 'text' },
    { key: 'hours', label: l('Hours'), type: 'number' },
    { key: 'note', label: l('Note'), type: 'text' },
  ],
};
const form: Form = {
  key: 'f', label: l('F'), version: 1, entity: 'ticket',
  sections: [
    { key: 'a', items: [{ field: 'status' }, { field: 'resolution' }, { field: 'hours', requiredWhen: "status == 'resolved'", readOnlyWhen: 'hours > 8' }] },
    { key: 'b', visibleWhen: 'hours > 100', items: [{ field: 'note', required: true }] },
  ],
  stageRules: [{ field: 'status', value: 'resolved', required: ['resolution'] }],
};
const now = new Date('2026-12-01T00:00:00Z');

describe('checkFormRules', () => {
  it('requires the fields of the stage the record is at, and requiredWhen fields', () => {
    expect(checkFormRules(form, ticket, { record: { status: 'resolved', resolution: '  ' }, now })).toEqual([
      { path: '/resolution', code: 'record.requiredAtStage', message: 'is required while status is "resolved"' },
      { path: '/hours', code: 'record.required', message: "is required when status == 'resolved'" },
    ]);
    expect(checkFormRules(form, ticket, { record: { status: 'open' }, now })).toEqual([]);
  });

  it('does not require a field of a hidden section', () => {
    expect(checkFormRules(form, ticket, { record: { status: 'open', hours: 5 }, now })).toEqual([]);
    expect(checkFormRules(form, ticket, { record: { status: 'open', hours: 120 }, now })).toEqual([expect.objectContaining({ path: '/note', code: 'record.required' })]);
  });

  it('refuses a change while readOnlyWhen holds on the record as it was', () => {
    const before = { status: 'open', hours: 9 };
    expect(checkFormRules(form, ticket, { record: { status: 'open', hours: 3 }, before, changed: new Set(['hours']), now })).toEqual([expect.objectContaining({ path: '/hours', code: 'record.readOnly' })]);
    expect(checkFormRules(form, ticket, { record: { status: 'open', hours: 9 }, before: { status: 'open', hours: 2 }, changed: new Set(['hours']), now })).toEqual([]);
  });
});

describe('enforcedForm', () => {
  it('is the default form, else the first form of the entity', () => {
    const quick: Form = { ...form, key: 'quick' };
    expect(enforcedForm({ forms: [quick, { ...form, default: true }] }, 'ticket')?.default).toBe(true);
    expect(enforcedForm({ forms: [quick, form] }, 'ticket')?.key).toBe('quick');
    expect(enforcedForm({ forms: [quick] }, 'lead')).toBeUndefined();
  });
});
