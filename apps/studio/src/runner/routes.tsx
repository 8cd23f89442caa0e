/**
 * The runner's routes, mounted by app/router.tsx under `/apps/:app`, and the paths other parts
 * of the studio link to (menu entries, search hits). Each page is loaded when first opened.
 *
 * | path                                   | page                                         |
 * | -------------------------------------- | -------------------------------------------- |
 * | `/apps/:app`                           | the app's first view                         |
 * | `/apps/:app/views/:view`               | a view: table, kanban or calendar            |
 * | `/apps/:app/records/:entity`           | the entity's default view                    |
 * | `/apps/:app/records/:entity/new?form=` | create a record (with the form given)        |
 * | `/apps/:app/records/:entity/:id`       | one record                                   |
 * | `/apps/:app/recycle-bin/:entity`       | deleted records of an entity                 |
 * | `/apps/:app/dashboards[/:dashboard]`   | a dashboard (without a key: the default one) |
 * | `/apps/:app/tasks[?box=cc\|done]`       | the caller's approval tasks (the inbox)      |
 */
import type { NavigationTarget } from '@pipewright/metadata';
import type { RouteObject } from 'react-router';
import type { AppAnswer } from '../api/types.ts';
import { runnerPaths } from './paths.ts';

export const runnerRoutes: RouteObject[] = [
  { index: true, lazy: async () => ({ Component: (await import('./pages/app-index-route.tsx')).default }) },
  { path: 'views/:view', lazy: async () => ({ Component: (await import('./pages/view-route.tsx')).default }) },
  { path: 'records/:entity', lazy: async () => ({ Component: (await import('./pages/view-route.tsx')).default }) },
  { path: 'records/:entity/new', lazy: async () => ({ Component: (await import('./pages/record-route.tsx')).default }) },
  { path: 'records/:entity/:id', lazy: async () => ({ Component: (await import('./pages/record-route.tsx')).default }) },
  { path: 'dashboards/:dashboard?', lazy: async () => ({ Component: (await import('./pages/dashboard-route.tsx')).default }) },
  { path: 'reports/:report', lazy: async () => ({ Component: (await import('./pages/report-route.tsx')).default }) },
  { path: 'tasks', lazy: async () => ({ Component: (await import('./pages/tasks-route.tsx')).default }) },
  { path: 'recycle-bin/:entity', lazy: async () => ({ Component: (await import('./pages/recycle-bin-route.tsx')).default }) },
];

export const viewPath = runnerPaths.view;
export const recordPath = runnerPaths.record;

/**
 * The page a navigation target opens, or null when the runner has no page for it or the user may
 * not open it: menus leave such entries out. Outside addresses are the shell's.
 */
export function targetPath(app: string, target: NavigationTarget, model: AppAnswer): string | null {
  if (target.type === 'view') {
    const view = model.bundle.views?.find((v) => v.key === target.view);
    return view && model.access[view.entity]?.actions.read ? runnerPaths.view(app, view.key) : null;
  }
  if (target.type === 'form') {
    const form = model.bundle.forms?.find((f) => f.key === target.form);
    return form && model.access[form.entity]?.actions.create ? runnerPaths.newRecord(app, form.entity, form.key) : null;
  }
  if (target.type === 'report') {
    const report = model.bundle.reports?.find((r) => r.key === target.report);
    return report && model.access[report.entity]?.actions.runReport ? runnerPaths.report(app, report.key) : null;
  }
  if (target.type === 'dashboard') return model.bundle.dashboards?.some((d) => d.key === target.dashboard) ? runnerPaths.dashboard(app, target.dashboard) : null;
  return null;
}
