/**
 * The sample reports computed the plain way, for tests: fetch the raw rows with simple SELECTs,
 * decide in TypeScript which of them the viewer may see (reading the roles as a person would:
 * own, department tree, finance's won-or-pending filter), then group and aggregate in loops.
 * Nothing here uses the planner or the report compiler.
 */
import { resolvePeriod } from '@pipewright/engines';
import { sql } from 'kysely';
import type { Runtime } from '../runtime.ts';
import { appSchemaName } from '../schema/layout.ts';
import { appKey, departmentOf, departmentTree, timeZone } from './sales-data.fixture.ts';

export interface Deal {
  id: number;
  owner_id: number;
  stage: string;
  final_amount: number | null;
  weighted_amount: number | null;
  expected_close_date: string;
  closed_on: string | null;
  loss_reason: string | null;
  approval_status: string | null;
  account: number;
  created: string;
}
export interface Line { parent_id: number; product: number; quantity: number; unit_price: number; subtotal: number | null }
export interface Lead { id: number; owner_id: number; source: string; status: string; score: number | null; created: string }
export interface Change { record_id: number; id: number; from: string; to: string }
export interface SalesRows { deals: Deal[]; lines: Line[]; leads: Lead[]; changes: Change[]; industry: Map<number, string | null>; activeProducts: Set<number> }

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The day of an instant in the app's time zone. */
function localDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

export async function fetchSalesRows(runtime: Runtime): Promise<SalesRows> {
  const db = runtime.database.db;
  const s = appSchemaName(appKey);
  const t = (name: string) => sql.table(`${s}.${name}`);
  const deals = (await sql<Record<string, unknown>>`SELECT id, owner_id, stage, final_amount, weighted_amount, expected_close_date, closed_on, loss_reason, approval_status, account, created_at FROM ${t('opportunity')} WHERE deleted_at IS NULL`.execute(db)).rows;
  const lines = (await sql<Record<string, unknown>>`SELECT l.parent_id, l.product, l.quantity, l.unit_price, l.subtotal FROM ${t('opportunity__products')} l`.execute(db)).rows;
  const leads = (await sql<Record<string, unknown>>`SELECT id, owner_id, source, status, score, created_at FROM ${t('lead')} WHERE deleted_at IS NULL`.execute(db)).rows;
  const audit = (await sql<Record<string, unknown>>`SELECT id, record_id, changes FROM ${t('_audit')} WHERE entity = 'opportunity' AND action = 'update' ORDER BY id`.execute(db)).rows;
  const accounts = (await sql<Record<string, unknown>>`SELECT id, industry FROM ${t('account')} WHERE deleted_at IS NULL`.execute(db)).rows;
  const products = (await sql<Record<string, unknown>>`SELECT id, active FROM ${t('product')} WHERE deleted_at IS NULL`.execute(db)).rows;
  return {
    deals: deals.map((r) => ({
      id: Number(r.id), owner_id: Number(r.owner_id), stage: String(r.stage), final_amount: num(r.final_amount), weighted_amount: num(r.weighted_amount),
      expected_close_date: String(r.expected_close_date), closed_on: (r.closed_on as string | null) ?? null, loss_reason: (r.loss_reason as string | null) ?? null,
      approval_status: (r.approval_status as string | null) ?? null, account: Number(r.account), created: localDate(r.created_at as Date),
    })),
    lines: lines.map((r) => ({ parent_id: Number(r.parent_id), product: Number(r.product), quantity: Number(r.quantity), unit_price: Number(r.unit_price), subtotal: num(r.subtotal) })),
    leads: leads.map((r) => ({ id: Number(r.id), owner_id: Number(r.owner_id), source: String(r.source), status: String(r.status), score: num(r.score), created: localDate(r.created_at as Date) })),
    changes: audit.flatMap((r) => {
      const stage = (r.changes as Record<string, { from?: string; to?: string }>).stage;
      return stage ? [{ record_id: Number(r.record_id), id: Number(r.id), from: String(stage.from), to: String(stage.to) }] : [];
    }),
    industry: new Map(accounts.map((r) => [Number(r.id), (r.industry as string | null) ?? null])),
    activeProducts: new Set(products.filter((r) => r.active === true).map((r) => Number(r.id))),
  };
}

/** Who looks: the platform admin, a rep (own), the sales manager (department tree), finance (won or pending). */
export type Viewer = { kind: 'admin' } | { kind: 'rep'; userId: number } | { kind: 'manager'; userId: number } | { kind: 'finance' };

function sees(viewer: Viewer, deal: Deal): boolean {
  switch (viewer.kind) {
    case 'admin':
      return true;
    case 'rep':
      return deal.owner_id === viewer.userId;
    case 'manager': {
      const tree = departmentTree(departmentOf.get(viewer.userId)!);
      return tree.includes(departmentOf.get(deal.owner_id) ?? -1);
    }
    case 'finance':
      return deal.stage === 'won' || deal.approval_status === 'pending';
  }
}

type Row = Record<string, unknown>;
const stageOrder = ['initial_contact', 'needs_analysis', 'proposal', 'negotiation', 'won', 'lost'];
const sum = (values: (number | null)[]) => (values.some((v) => v !== null) ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : null);
const avg = (values: (number | null)[]) => {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((a, v) => a + v, 0) / present.length;
};
const max = (values: (number | null)[]) => {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : Math.max(...present);
};
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
const month = (date: string) => `${date.slice(0, 7)}-01`;
const quarter = (date: string) => `${date.slice(0, 4)}-${String(Math.floor((Number(date.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
const within = (date: string | null, range: { from: string; to: string }) => date !== null && date >= range.from && date <= range.to;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

export interface Expected {
  rows: Row[];
  totals: Row;
  rowTotals?: Row[];
  columnTotals?: Row[];
}

/** Every sample report's expected result for a viewer; undefined: the viewer may not run it. */
export function expectedResults(data: SalesRows, viewer: Viewer, today: string): Record<string, Expected | 'forbidden'> {
  const deals = data.deals.filter((d) => sees(viewer, d));
  const out: Record<string, Expected | 'forbidden'> = {};
  const dealMeasures = (items: Deal[]) => ({ deals: items.length, amount: sum(items.map((d) => d.final_amount)) });

  const open = deals.filter((d) => d.stage !== 'lost');
  out.opportunity_funnel = { rows: [...groupBy(open, (d) => d.stage)].map(([stage, items]) => ({ stage, ...dealMeasures(items) })), totals: dealMeasures(open) };

  const thisYear = resolvePeriod({ period: 'thisYear' }, today);
  const wonThisYear = deals.filter((d) => d.stage === 'won' && within(d.closed_on, thisYear));
  const wonMeasures = (items: Deal[]) => ({ won_amount: sum(items.map((d) => d.final_amount)), won_deals: items.length });
  out.won_amount_by_month = { rows: [...groupBy(wonThisYear, (d) => month(d.closed_on!))].map(([m, items]) => ({ month: m, ...wonMeasures(items) })), totals: wonMeasures(wonThisYear) };

  const quarterRange = resolvePeriod({ period: 'thisQuarter' }, today);
  const inQuarter = deals.filter((d) => within(d.expected_close_date, quarterRange));
  const totalWon = sum(inQuarter.filter((d) => d.stage === 'won').map((d) => d.final_amount));
  const leaderMeasures = (items: Deal[]) => {
    const won = items.filter((d) => d.stage === 'won');
    const closed = items.filter((d) => d.stage === 'won' || d.stage === 'lost');
    const wonAmount = sum(won.map((d) => d.final_amount));
    return {
      won_amount: wonAmount, won_deals: won.length, closed_deals: closed.length, win_rate: ratio(won.length, closed.length),
      pipeline: sum(items.filter((d) => d.stage !== 'won' && d.stage !== 'lost').map((d) => d.weighted_amount)), avg_deal: avg(items.map((d) => d.final_amount)),
      won_share: ratio(wonAmount, totalWon),
    };
  };
  out.rep_leaderboard = { rows: [...groupBy(inQuarter, (d) => String(d.owner_id))].map(([owner, items]) => ({ owner: Number(owner), ...leaderMeasures(items) })), totals: leaderMeasures(inQuarter) };

  const wonIds = new Set(deals.filter((d) => d.stage === 'won').map((d) => d.id));
  const wonLines = data.lines.filter((l) => wonIds.has(l.parent_id));
  const lineMeasures = (items: Line[]) => ({ revenue: sum(items.map((l) => l.subtotal)), units: sum(items.map((l) => l.quantity)), top_price: max(items.map((l) => l.unit_price)) });
  out.sales_by_product = { rows: [...groupBy(wonLines, (l) => String(l.product))].map(([product, items]) => ({ product: Number(product), category: null, ...lineMeasures(items) })), totals: lineMeasures(wonLines) };

  const openDeals = deals.filter((d) => d.stage !== 'won' && d.stage !== 'lost');
  out.weighted_pipeline = { rows: [{ forecast: sum(openDeals.map((d) => d.weighted_amount)), open_deals: openDeals.length }], totals: { forecast: sum(openDeals.map((d) => d.weighted_amount)), open_deals: openDeals.length } };

  const industryMeasures = (items: Deal[]) => ({ amount: sum(items.map((d) => d.final_amount)), accounts: new Set(items.map((d) => d.account)).size });
  out.amount_by_industry = { rows: [...groupBy(deals, (d) => String(data.industry.get(d.account)))].map(([industry, items]) => ({ industry: industry === 'null' ? null : industry, ...industryMeasures(items) })), totals: industryMeasures(deals) };

  if (viewer.kind === 'rep' || viewer.kind === 'finance') out.lead_conversion_by_source = 'forbidden';
  else {
    const leadScope = (lead: Lead) => viewer.kind === 'admin' || departmentTree(departmentOf.get(viewer.userId)!).includes(departmentOf.get(lead.owner_id) ?? -1);
    const lastYear = resolvePeriod({ last: 12, unit: 'month' }, today);
    const leads = data.leads.filter((l) => leadScope(l) && within(l.created, lastYear));
    const leadMeasures = (items: Lead[]) => {
      const converted = items.filter((l) => l.status === 'converted').length;
      return { leads: items.length, converted, conversion_rate: ratio(converted, items.length), avg_score: avg(items.map((l) => l.score)) };
    };
    out.lead_conversion_by_source = {
      rows: [...groupBy(leads, (l) => `${l.source}|${quarter(l.created)}`)].map(([key, items]) => ({ source: key.split('|')[0], created: key.split('|')[1], ...leadMeasures(items) })),
      totals: leadMeasures(leads),
      rowTotals: [...groupBy(leads, (l) => l.source)].map(([source, items]) => ({ source, ...leadMeasures(items) })),
      columnTotals: [...groupBy(leads, (l) => quarter(l.created))].map(([created, items]) => ({ created, ...leadMeasures(items) })),
    };
  }

  // Stage history: the first stage (the first change's from, else the current), then every change's to.
  const visibleIds = new Set(deals.map((d) => d.id));
  const entries: { deal: Deal; stage: string }[] = [];
  for (const deal of deals) {
    const changes = data.changes.filter((c) => c.record_id === deal.id).sort((a, b) => a.id - b.id);
    entries.push({ deal, stage: changes[0]?.from ?? deal.stage });
    for (const c of changes) entries.push({ deal, stage: c.to });
  }
  const funnelMeasures = (items: typeof entries) => ({ reached: new Set(items.map((e) => e.deal.id)).size, amount: sum(items.map((e) => e.deal.final_amount)) });
  const funnelRows = [...groupBy(entries, (e) => e.stage)].map(([stage, items]) => ({ stage, ...funnelMeasures(items) })).sort((a, b) => stageOrder.indexOf(a.stage) - stageOrder.indexOf(b.stage));
  out.stage_funnel = {
    rows: funnelRows.map((row, i) => ({ ...row, conversion: i === 0 ? null : ratio(row.reached, funnelRows[i - 1]!.reached) })),
    totals: { ...funnelMeasures(entries.filter((e) => visibleIds.has(e.deal.id))), conversion: null },
  };

  const nextSix = resolvePeriod({ next: 6, unit: 'month' }, today);
  const forecast = openDeals.filter((d) => within(d.expected_close_date, nextSix));
  const forecastMeasures = (items: Deal[]) => ({ weighted: sum(items.map((d) => d.weighted_amount)), pipeline: sum(items.map((d) => d.final_amount)), deals: items.length });
  const forecastRows = [...groupBy(forecast, (d) => month(d.expected_close_date))].map(([m, items]) => ({ month: m, ...forecastMeasures(items) })).sort((a, b) => a.month.localeCompare(b.month));
  // A running total, as SQL's: empty values add nothing, and it is empty until the first value.
  let running: number | null = null;
  out.weighted_forecast = { rows: forecastRows.map((r) => ({ ...r, cumulative: (running = r.weighted === null ? running : (running ?? 0) + r.weighted) })), totals: { ...forecastMeasures(forecast), cumulative: null } };

  const closed = deals.filter((d) => d.stage === 'won' || d.stage === 'lost');
  out.win_loss_reasons = {
    rows: [...groupBy(closed, (d) => `${d.stage}|${d.loss_reason}`)].map(([key, items]) => ({ outcome: key.split('|')[0], reason: key.split('|')[1] === 'null' ? null : key.split('|')[1], ...dealMeasures(items), share: ratio(items.length, closed.length) })),
    totals: { ...dealMeasures(closed), share: closed.length === 0 ? null : 1 },
  };

  const lastTwoYears = resolvePeriod({ last: 24, unit: 'month' }, today);
  const won = deals.filter((d) => d.stage === 'won' && d.closed_on !== null && within(d.closed_on, lastTwoYears));
  const cycleMeasures = (items: Deal[]) => ({
    avg_days: avg(items.map((d) => daysBetween(d.created, d.closed_on!))), max_days: max(items.map((d) => daysBetween(d.created, d.closed_on!))),
    won_deals: items.length, won_amount: sum(items.map((d) => d.final_amount)),
  });
  const cycleRows = [...groupBy(won, (d) => month(d.closed_on!))].map(([m, items]) => ({ month: m, ...cycleMeasures(items) }));
  out.sales_cycle = {
    rows: cycleRows.map((r) => {
      const before = cycleRows.find((p) => p.month === `${Number(r.month.slice(0, 4)) - 1}${r.month.slice(4)}`);
      const previous = before?.won_amount ?? null;
      return { ...r, won_yoy: r.won_amount === null || previous === null || previous === 0 ? null : (r.won_amount - previous) / Math.abs(previous) };
    }),
    totals: { ...cycleMeasures(won), won_yoy: null },
  };
  return out;
}
