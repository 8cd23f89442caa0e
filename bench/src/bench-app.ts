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
