/**
 * A small sales app and org chart for the permission tests.
 *
 *   1 HQ ── 2 East ── 3 Shanghai
 *        └─ 4 West
 * Users: 10 (HQ), 20 (East), 30 and 31 (Shanghai), 40 (West), 50 (no department).
 */
import { Catalog, type AppBundle, type Role } from '@pipewright/metadata';
import type { BoundFilter } from '../filter/bind.ts';
import { matchesFilter } from '../filter/evaluate.ts';
import { directoryFromAssignments, type AccessContext, type Subject } from './subject.ts';

const l = (en: string) => ({ 'zh-CN': en, en });

export const bundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'perm', name: l('Permissions'), version: '1.0.0' },
  entities: [
    {
      key: 'account',
      label: l('Account'),
      version: 1,
      fields: [
        { key: 'name', label: l('Name'), type: 'text' },
        { key: 'industry', label: l('Industry'), type: 'text' },
        { key: 'credit_limit', label: l('Credit limit'), type: 'currency' },
      ],
    },
    {
      key: 'opportunity',
      label: l('Opportunity'),
      version: 1,
      fields: [
        { key: 'name', label: l('Name'), type: 'text' },
        { key: 'stage', label: l('Stage'), type: 'singleSelect', options: ['open', 'won', 'lost'].map((v) => ({ value: v, label: l(v) })) },
        { key: 'amount', label: l('Amount'), type: 'currency' },
        { key: 'margin', label: l('Margin'), type: 'percent' },
        { key: 'close_date', label: l('Close date'), type: 'date' },
        { key: 'team', label: l('Team'), type: 'department' },
        { key: 'account', label: l('Account'), type: 'relation', kind: 'manyToOne', target: 'account' },
        { key: 'weighted', label: l('Weighted'), type: 'formula', expression: 'amount * margin', resultType: 'currency' },
      ],
    },
  ],
};

export const catalog = new Catalog(bundle);

export const departmentOf = new Map<number, number>([
  [10, 1],
  [20, 2],
  [30, 3],
  [31, 3],
  [40, 4],
]);

const trees: Record<number, number[]> = { 1: [1, 2, 3, 4], 2: [2, 3], 3: [3], 4: [4] };

export const context: AccessContext = { now: new Date('2024-03-15T04:00:00Z'), directory: directoryFromAssignments(departmentOf) };

/** The subject for a user of the org chart above, holding the given roles. */
export function user(userId: number, ...roleKeys: string[]): Subject {
  const departmentId = departmentOf.get(userId);
  return { userId, departmentId, departmentTree: departmentId === undefined ? [] : (trees[departmentId] ?? []), roleKeys };
}

/** A role with one entity permission. */
export function role(key: string, entity: string, actions: Role['permissions'][number]['actions'], fields?: Role['permissions'][number]['fields']): Role {
  return { key, label: l(key), version: 1, permissions: [{ entity, actions, ...(fields ? { fields } : {}) }] };
}

/** One opportunity per owner (and one without owner), id = owner id (0 for none). */
export const opportunities = [10, 20, 30, 31, 40, 50, null].map((owner) => ({
  id: owner ?? 0,
  owner_id: owner,
  name: `deal of ${String(owner)}`,
  stage: owner === 40 ? 'won' : 'open',
  amount: owner === null ? null : owner * 100,
  team: owner === null ? null : (departmentOf.get(owner) ?? null),
}));

/** Ids of the fixture opportunities a scope matches. */
export function visible(scope: BoundFilter): number[] {
  return opportunities.filter((r) => matchesFilter(scope, r)).map((r) => r.id);
}
