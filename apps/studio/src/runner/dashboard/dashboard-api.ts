/**
 * The dashboards API as typed calls and TanStack Query hooks: a dashboard with every widget's
 * result for the filter values given (one request, the widgets run in parallel on the server),
 * and the records behind one number (the drill route, the lists' permission path). No layout.
 *
 * @example
 * const loaded = useDashboard('crm', 'manager_dashboard', { period: { period: 'thisMonth' } });
 * const page = await drillReport('crm', 'stage_funnel', { parameters, cell: { stage: 'proposal' } });
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Dashboard, Label } from '@pipewright/metadata';
import { api } from '../../api/client.ts';
import type { RecordData } from '../data/records-api.ts';

export interface ResultColumn {
  key: string;
  kind: 'dimension' | 'measure';
  type: string;
  label?: Label;
  options?: { value: string; label: Label; color?: string }[];
}

export type ResultRow = Record<string, unknown> & { others?: boolean };

export interface ReportResult {
  report: string;
  columns: ResultColumn[];
  rows: ResultRow[];
  totals: ResultRow;
  truncated: boolean;
  /** The parameter values the report ran with (defaults and relative periods included). */
  parameters: Record<string, unknown>;
}

export interface WidgetData {
  key: string;
  report: string;
  result?: ReportResult;
  error?: { code: string; message: string };
}

export interface DashboardAnswer {
  dashboard: Dashboard;
  widgets: WidgetData[];
}

export interface DrillInput {
  parameters: Record<string, unknown>;
  cell: Record<string, unknown>;
  others?: boolean;
  cursor?: string;
  pageSize?: number;
}

export interface DrillPage {
  entity: string;
  items: RecordData[];
  nextCursor?: string;
  total?: number;
  totalKind?: string;
}

/** Filter values by the dashboard filter's key; an absent key leaves each report's own default. */
export type DashboardFilters = Record<string, unknown>;

/** Filter values kept in the address (`?filters=`); anything but a JSON object reads as none. */
export function readFilters(text: string | null): DashboardFilters {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as DashboardFilters) : {};
  } catch {
    return {};
  }
}

/** The dashboard's data; `refreshMinutes` loads it again that often while it is open. */
export function useDashboard(app: string, dashboard: string, filters: DashboardFilters, refreshMinutes?: number) {
  const set = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null));
  return useQuery({
    queryKey: ['dashboards', app, dashboard, set],
    queryFn: ({ signal }) =>
      api.get<DashboardAnswer>(`/api/apps/${app}/dashboards/${dashboard}`, Object.keys(set).length ? { filters: JSON.stringify(set) } : undefined, { signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    refetchInterval: refreshMinutes ? refreshMinutes * 60_000 : false,
  });
}

/** The records behind one cell of a report's result, a page at a time. */
export function drillReport(app: string, report: string, input: DrillInput): Promise<DrillPage> {
  return api.post<DrillPage>(`/api/apps/${app}/reports/${report}/drill`, { pageSize: 50, ...input });
}

/** The parameters a drill repeats: what the run answered it ran with, without the empty ones. */
export function drillParameters(result: ReportResult): Record<string, unknown> {
  return Object.fromEntries(Object.entries(result.parameters).filter(([, v]) => v !== null && v !== undefined));
}
