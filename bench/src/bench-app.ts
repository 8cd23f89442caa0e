/** The app the benchmarks run on: opportunities with a saved pipeline view. */
import type { AppBundle } from '@pipewright/metadata';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export const stages = ['initial', 'analysis', 'proposal', 'negotiation', 'won', 'lost'] as const;

export const benchBundle: AppBundle = {
  formatVersion: 1,
  app: { key: 'bench', name: l('基准', 'Benchmark'), version: '1.0.0' },
  entities: [
    {
      key: 'opportunity',
      label: l('商机', 'Opportunity'),
      version: 1,
      titleField: 'name',
      fields: [
        { key: 'name', label: l('名称', 'Name'), type: 'text', required: true },
        { key: 'stage', label: l('阶段', 'Stage'), type: 'singleSelect', default: 'initial', options: stages.map((s) => ({ value: s, label: l(s, s) })) },
        { key: 'amount', label: l('金额', 'Amount'), type: 'currency' },
        { key: 'probability', label: l('赢率', 'Probability'), type: 'percent' },
        { key: 'close_date', label: l('预计成交', 'Close date'), type: 'date' },
        { key: 'email', label: l('邮箱', 'E-mail'), type: 'email' },
      ],
    },
  ],
  roles: [
    {
      key: 'integration',
      label: l('系统集成', 'Integration'),
      version: 1,
      permissions: [{ entity: 'opportunity', actions: { read: 'all', create: 'all', update: 'all' } }],
    },
    {
      key: 'sales_rep',
      label: l('销售代表', 'Sales rep'),
      version: 1,
      permissions: [{ entity: 'opportunity', actions: { read: 'departmentTree', create: 'own', update: 'own' } }],
    },
    {
      key: 'own_rep',
      label: l('个人销售', 'Own-records rep'),
      version: 1,
      permissions: [{ entity: 'opportunity', actions: { read: 'own', update: 'own' } }],
    },
  ],
  views: [
    {
      key: 'pipeline',
      label: l('销售管道', 'Pipeline'),
      version: 1,
      entity: 'opportunity',
      type: 'table',
      filter: { and: [{ field: 'stage', op: 'eq', value: 'negotiation' }, { field: 'owner_id', op: 'eq', value: { var: 'currentUser' } }] },
      sort: [{ field: 'amount', direction: 'desc' }],
    },
  ],
};

/** How many owners the seeded opportunities are spread over. */
export const owners = 2000;

/**
 * The list question of request `n` in every list benchmark: which owner and which stage. Both
 * come from a fixed pseudo-random sequence, so the requests spread over all owners and all stages
 * independently (the seed gives every owner every stage, so each answers a full page).
 */
export function listRequest(n: number, ownerIds?: readonly number[]): { owner: number; stage: (typeof stages)[number] } {
  const a = mix(2 * n);
  const b = mix(2 * n + 1);
  const owner = ownerIds ? ownerIds[a % ownerIds.length]! : 1 + (a % owners);
  return { owner, stage: stages[b % stages.length]! };
}

/** A 32-bit integer hash (lowbias32): a cheap, well-spread pseudo-random number from a counter. */
function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Rows per response, as printed beside every list benchmark. */
export interface PageSizes {
  responses: number;
  min: number;
  mean: number;
  max: number;
}

/** Counts what each response held. */
export class PageTally {
  private responses = 0;
  private total = 0;
  private min = Infinity;
  private max = 0;

  add(rows: number): void {
    this.responses++;
    this.total += rows;
    if (rows < this.min) this.min = rows;
    if (rows > this.max) this.max = rows;
  }

  figures(): PageSizes {
    return { responses: this.responses, min: this.responses ? this.min : 0, mean: this.responses ? this.total / this.responses : 0, max: this.max };
  }
}

/** The i-th generated opportunity, the same for the runtime and for the hand-written baseline. */
export function opportunity(i: number): Record<string, unknown> {
  return {
    name: `Opportunity ${i}`,
    stage: stages[i % stages.length],
    amount: ((i * 104729) % 10_000_000) / 100,
    probability: (i * 37) % 100,
    close_date: `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    email: `buyer${i}@example.com`,
  };
}
