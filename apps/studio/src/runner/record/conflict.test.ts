import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../data/records-api.ts';
import { explainConflict } from './conflict.ts';

describe('a stale save explained', () => {
  const base = { id: 1, version: 3, updated_at: '2026-12-01T02:00:00.000Z', name: 'Deal', amount: 1000, stage: 'open', account: { id: 4, name: 'ACME' } };
  const history: HistoryEntry[] = [
    { id: 9, action: 'update', actor: 12, at: '2026-12-01T02:32:00.000Z', changes: { amount: { from: 1000, to: 1500 } } },
    { id: 8, action: 'update', actor: 7, at: '2026-12-01T02:00:00.000Z', changes: {} },
  ];

  it('names who changed the record last and the fields both sides changed differently', () => {
    const theirs = { ...base, version: 4, updated_at: '2026-12-01T02:32:00.000Z', amount: 1500, stage: 'won', account: 4 };
    const conflict = explainConflict(base, { amount: 1200, name: 'Deal', account: 4 }, theirs, history);
    expect(conflict.changedBy).toBe(12);
    expect(conflict.changedAt).toBe('2026-12-01T02:32:00.000Z');
    expect(conflict.fields).toEqual([{ key: 'amount', base: 1000, mine: 1200, theirs: 1500 }]);
    expect(conflict.theirsOnly).toEqual(['stage']);
  });

  it('finds no overlap when both changed the same field to the same value', () => {
    const theirs = { ...base, version: 4, amount: 1200 };
    expect(explainConflict(base, { amount: 1200 }, theirs, history).fields).toEqual([]);
  });
});
