/** Reference checks of dashboards: widget reports, chart overrides, and the 12-column grid. */
import { pointer, type MetadataError } from '../errors.ts';
import type { AppBundle, WidgetLayout } from '../generated/types.ts';
import type { Catalog } from './catalog.ts';
import { duplicateKeys } from './entities.ts';
import { checkChart } from './reports.ts';

/** Columns of the dashboard grid. */
export const dashboardColumns = 12;

export function checkDashboards(bundle: AppBundle, _catalog: Catalog): MetadataError[] {
  const dashboards = bundle.dashboards ?? [];
  const errors = duplicateKeys(dashboards, pointer('dashboards'), 'dashboard');
  dashboards.forEach((dashboard, d) => {
    const at = pointer('dashboards', d);
    errors.push(...duplicateKeys(dashboard.widgets, `${at}/widgets`, 'widget'));
    errors.push(...duplicateKeys(dashboard.filters ?? [], `${at}/filters`, 'filter'));
    dashboard.roles?.forEach((role, r) => {
      if (!(bundle.roles ?? []).some((x) => x.key === role)) errors.push({ path: `${at}/roles/${r}`, code: 'reference.unknownRole', message: `role "${role}" does not exist` });
    });
    dashboard.widgets.forEach((widget, w) => {
      const here = `${at}${pointer('widgets', w)}`;
      const report = (bundle.reports ?? []).find((r) => r.key === widget.report);
      if (!report) {
        errors.push({ path: `${here}/report`, code: 'reference.unknownReport', message: `report "${widget.report}" does not exist` });
      } else {
        if (widget.chart) errors.push(...checkChart(report, widget.chart, `${here}/chart`));
        for (const key of Object.keys(widget.parameters ?? {})) {
          if (!report.parameters?.some((p) => p.key === key)) errors.push({ path: `${here}/parameters/${key}`, code: 'reference.unknownParameter', message: `report "${report.key}" has no parameter "${key}"` });
        }
      }
      const { x, w: width } = widget.layout;
      if (x + width > dashboardColumns) {
        errors.push({ path: `${here}/layout/w`, code: 'dashboard.outsideGrid', message: `the widget reaches column ${x + width}, past the ${dashboardColumns}-column grid` });
      }
      const other = dashboard.widgets.slice(0, w).find((earlier) => overlap(earlier.layout, widget.layout));
      if (other) {
        errors.push({ path: `${here}/layout`, code: 'dashboard.overlap', message: `the widget overlaps widget "${other.key}"` });
      }
    });
  });
  return errors;
}

function overlap(a: WidgetLayout, b: WidgetLayout): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
