import { describe, expect, it } from 'vitest';
import type { Report } from '@pipewright/metadata';
import type { ReportResult } from './dashboard-api.ts';
import { echartOption } from './echart-option.ts';
import { widgetModel, type NameLookup } from './widget-model.ts';

const names: NameLookup = { person: (id) => ({ 7: '赵敏' })[id], department: () => undefined };
const stage = { key: 'stage', kind: 'dimension' as const, type: 'select', options: [{ value: 'proposal', label: { 'zh-CN': '方案报价', en: 'Proposal' } }, { value: 'won', label: { 'zh-CN': '赢单', en: 'Won' } }] };

describe('widgetModel', () => {
  it('labels funnel stages by their option, keeps the run order, and names the cell behind each stage', () => {
    const result: ReportResult = { report: 'f', columns: [stage, { key: 'reached', kind: 'measure', type: 'integer' }], rows: [{ stage: 'proposal', reached: 4 }, { stage: 'won', reached: 1 }], totals: { reached: 5 }, truncated: false, parameters: {} };
    const model = widgetModel({ result, chart: { type: 'funnel', dimension: 'stage', measures: ['reached'] }, report: undefined, locale: 'zh-CN', names });
    expect(model.points.map((p) => [p.label, p.value, p.cell])).toEqual([['方案报价', 4, { stage: 'proposal' }], ['赢单', 1, { stage: 'won' }]]);
    const option = echartOption(model, { phone: false, report: undefined, locale: 'zh-CN' }) as { series: { data: { pointIndex: number }[] }[] };
    expect(option.series[0]!.data.map((d) => d.pointIndex)).toEqual([0, 1]);
  });

  it('names people, gathers the others row without a dimension value, and splits series by the second dimension', () => {
    const report = { measures: [{ key: 'rate', aggregate: 'ratio' }, { key: 'deals', aggregate: 'count' }] } as unknown as Report;
    const result: ReportResult = {
      report: 'r',
      columns: [{ key: 'owner', kind: 'dimension', type: 'user' }, stage, { key: 'deals', kind: 'measure', type: 'integer' }, { key: 'rate', kind: 'measure', type: 'number' }],
      rows: [{ owner: 7, stage: 'won', deals: 2, rate: 0.5 }, { owner: 7, stage: 'proposal', deals: 1, rate: 0.25 }, { owner: null, stage: 'won', deals: 3, rate: 0.1, others: true }],
      totals: {},
      truncated: false,
      parameters: {},
    };
    const model = widgetModel({ result, chart: { type: 'bar', dimension: 'owner', series: 'stage', measures: ['deals'] }, report, locale: 'zh-CN', names });
    expect(model.categories).toEqual(['赵敏', '其他']);
    expect(model.series.map((s) => s.name)).toEqual(['赢单', '方案报价']);
    expect(model.series[1]!.points.map((p) => [p.value, p.cell, p.others])).toEqual([[1, { owner: 7, stage: 'proposal' }, false], [null, { stage: 'proposal' }, true]]);
    expect(model.format(result.columns[3]!, 0.25)).toBe('25%');
  });

  it('is empty with no rows, and a KPI is empty when its total is null', () => {
    const base = { report: 'k', columns: [{ key: 'sum', kind: 'measure' as const, type: 'number' }], rows: [], truncated: false, parameters: {} };
    expect(widgetModel({ result: { ...base, totals: { sum: null } }, chart: { type: 'kpi', measures: ['sum'] }, report: undefined, locale: 'en', names }).empty).toBe(true);
    expect(widgetModel({ result: { ...base, totals: { sum: 0 } }, chart: { type: 'kpi', measures: ['sum'] }, report: undefined, locale: 'en', names }).empty).toBe(false);
  });
});
