import { describe, expect, it } from 'vitest';
import type { Entity, Form } from '@pipewright/metadata';
import { liveRecord } from './live-record.ts';

const label = (en: string) => ({ 'zh-CN': en, en });

const deal: Entity = {
  key: 'deal',
  label: label('Deal'),
  version: 1,
  fields: [
    { key: 'name', label: label('Name'), type: 'text', required: true },
    { key: 'stage', label: label('Stage'), type: 'singleSelect', options: [{ value: 'open', label: label('Open') }, { value: 'lost', label: label('Lost') }] },
    { key: 'discount', label: label('Discount'), type: 'percent', scale: 1 },
    { key: 'lines', label: label('Lines'), type: 'lineItems', fields: [
      { key: 'qty', label: label('Qty'), type: 'number', scale: 2 },
      { key: 'price', label: label('Price'), type: 'currency', scale: 2 },
      { key: 'total', label: label('Total'), type: 'formula', expression: 'qty * price', resultType: 'currency', scale: 2 },
    ] },
    { key: 'amount', label: label('Amount'), type: 'formula', expression: 'sum(lines.total) * (1 - discount / 100)', resultType: 'currency', scale: 2 },
    { key: 'loss_reason', label: label('Loss reason'), type: 'text' },
    { key: 'budget', label: label('Budget'), type: 'currency' },
  ],
};

const form: Form = {
  key: 'deal_form',
  label: label('Deal'),
  version: 1,
  entity: 'deal',
  sections: [
    { key: 'main', items: [{ field: 'name' }, { field: 'stage' }, { field: 'discount', readOnlyWhen: 'amount > 1000' }, { field: 'lines' }, { field: 'amount' }] },
    { key: 'outcome', visibleWhen: "stage == 'lost'", items: [{ field: 'loss_reason', requiredWhen: "stage == 'lost'" }] },
  ],
  stageRules: [{ field: 'stage', value: 'open', required: ['budget'] }],
};

const now = new Date('2026-12-01T08:00:00Z');

describe('the record as the form sees it while typing', () => {
  it('computes line and record formulas with the engines code', () => {
    const live = liveRecord(deal, form, { discount: 10, lines: [{ qty: 2, price: 300 }, { qty: 1, price: 450.5 }] }, { now });
    expect(live.record.lines).toEqual([{ qty: 2, price: 300, total: 600 }, { qty: 1, price: 450.5, total: 450.5 }]);
    expect(live.record.amount).toBe(945.45);
    expect(live.formulaProblem).toBeUndefined();
  });

  it('applies visibleWhen, requiredWhen, readOnlyWhen and stage rules to the live values', () => {
    const open = liveRecord(deal, form, { stage: 'open', discount: 0, lines: [{ qty: 10, price: 200 }] }, { now });
    expect(open.hiddenSections.has('outcome')).toBe(true);
    expect(open.hidden.has('loss_reason')).toBe(true);
    expect(open.required.has('loss_reason')).toBe(false);
    expect(open.required.has('budget')).toBe(true);
    expect(open.required.has('name')).toBe(true);
    expect(open.readOnly.has('discount')).toBe(true);

    const lost = liveRecord(deal, form, { stage: 'lost', lines: [] }, { now });
    expect(lost.hidden.has('loss_reason')).toBe(false);
    expect(lost.required.has('loss_reason')).toBe(true);
    expect(lost.required.has('budget')).toBe(false);
    expect(lost.readOnly.has('discount')).toBe(false);
  });

  it('keeps the draft when a formula cannot run, and shows every item when a condition cannot', () => {
    const broken: Form = { ...form, sections: [{ key: 'main', visibleWhen: 'nonsense ==', items: [{ field: 'name' }] }] };
    const live = liveRecord(deal, broken, { lines: 'not lines' as unknown as [] }, { now });
    expect(live.hidden.size).toBe(0);
  });
});

describe('conditions over a related record', () => {
  const ticket: Entity = {
    key: 'ticket',
    label: label('Ticket'),
    version: 1,
    fields: [
      { key: 'asset', label: label('Asset'), type: 'relation', kind: 'manyToOne', target: 'asset' },
      { key: 'claim', label: label('Claim'), type: 'text' },
    ],
  };
  const ticketForm: Form = { key: 't', label: label('T'), version: 1, entity: 'ticket', sections: [{ key: 'main', items: [{ field: 'asset' }, { field: 'claim', requiredWhen: 'asset.covered == TRUE' }] }] };

  it('decide on the related record the draft holds, as read or picked (the server decides the same)', () => {
    expect(liveRecord(ticket, ticketForm, { asset: { id: 4, covered: true } }, { now }).required.has('claim')).toBe(true);
    expect(liveRecord(ticket, ticketForm, { asset: { id: 5, covered: false } }, { now }).required.has('claim')).toBe(false);
    // A field the reader may not read is absent from the record they read: not required, as on the server.
    expect(liveRecord(ticket, ticketForm, { asset: { id: 4 } }, { now }).required.has('claim')).toBe(false);
  });
});
