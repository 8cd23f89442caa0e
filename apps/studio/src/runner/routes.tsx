/**
 * The runner's routes, mounted by app/router.tsx under `/apps/:app`, and the paths other parts
 * of the studio link to (menu entries, search hits). The pages behind them are loaded when first
 * opened.
 *
 * | path                               | page                                     |
 * | ---------------------------------- | ---------------------------------------- |
 * | `/apps/:app`                       | the app's first view                     |
 * | `/apps/:app/views/:view`           | a view's records                         |
 * | `/apps/:app/records/:entity/:id`   | one record                               |
 */
import type { NavigationTarget } from '@pipewright/metadata';
import type { RouteObject } from 'react-router';
import type { AppAnswer } from '../api/types.ts';

export const runnerRoutes: RouteObject[] = [
  { index: true, lazy: async () => ({ Component: (await import('./AppIndex.tsx')).default }) },
  {
    path: 'views/:view',
    lazy: async () => ({ Component: (await import('./ViewPage.tsx')).default }),
  },
  {
    path: 'records/:entity/:id',
    lazy: async () => ({ Component: (await import('./RecordPage.tsx')).default }),
  },
];

export function viewPath(app: string, view: string): string {
  return `/apps/${app}/views/${view}`;
}

export function recordPath(app: string, entity: string, id: number): string {
  return `/apps/${app}/records/${entity}/${id}`;
}

/**
 * The page a navigation target opens, or null when the runner has no page for it (yet) or the
 * user may not open it: menus leave such entries out. Outside addresses are the shell's.
 */
export function targetPath(app: string, target: NavigationTarget, model: AppAnswer): string | null {
  if (target.type === 'view') {
    const view = model.bundle.views?.find((v) => v.key === target.view);
    return view && model.access[view.entity]?.actions.read ? viewPath(app, view.key) : null;
  }
  return null;
}
