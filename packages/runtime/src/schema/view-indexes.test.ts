/**
 * The indexes a view's filter and sort ask for: a view that filters on a column without sorting
 * (the field-visits app's calendar) gets an index on the filter column and `id`, and its app
 * publishes (it crashed the layout before: "reading 'length'" of an absent sort, a 500).
 */
import { readFileSync } from 'node:fs';
import type { AppBundle } from '@pipewright/metadata';
import { describe, expect, it } from 'vitest';
import { appLayout } from './layout.ts';

const fieldVisits = JSON.parse(readFileSync(new URL('../../../metadata/fixtures/field-visits.bundle.json', import.meta.url), 'utf8')) as AppBundle;

describe('view indexes', () => {
  it('index a filtered view without a sort by its filter column and id', () => {
    const calendar = fieldVisits.views!.find((v) => v.key === 'visit_calendar')!;
    expect(calendar.sort).toBeUndefined();
    const visit = appLayout(fieldVisits).tables.find((t) => t.name === 'visit')!;
    const columns = visit.indexes.map((i) => i.columns.map((c) => c.column));
    expect(columns.some((c) => c[c.length - 1] === 'id' && c.length > 1)).toBe(true);
  });
});
