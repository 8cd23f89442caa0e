/**
 * The studio's routes. The login page comes with the first script; the shell and every page
 * inside it are loaded when first opened (the runner's from runner/routes.tsx, the
 * administration's and the studio's below).
 *
 * | path                     | page                                                     |
 * | ------------------------ | -------------------------------------------------------- |
 * | `/login?next=/…`         | log in, then back to `next`                              |
 * | `/`                      | the current app's runner, or why there is none           |
 * | `/apps/:app/…`           | the runner (runner/routes.tsx)                           |
 * | `/admin/…`               | users, departments, teams, API keys, installed apps (admins) |
 * | `/studio`                | installed apps and their entities (admins)               |
 */
import type { ComponentType } from 'react';
import { createBrowserRouter, Outlet, RouterProvider, type RouteObject } from 'react-router';
import { runnerRoutes } from '../runner/routes.tsx';
import { AdminOnly } from '../shell/AdminOnly.tsx';
import { FullPageSpin } from '../shell/FullPageSpin.tsx';
import { LoginPage } from '../shell/LoginPage.tsx';
import { RequireSession } from '../shell/RequireSession.tsx';
import { RouteError } from '../shell/RouteError.tsx';
import { SessionWatcher } from '../shell/SessionWatcher.tsx';

/** A route whose page module is loaded when the route is first opened. */
const lazyPage = (load: () => Promise<{ default: ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

export const routes: RouteObject[] = [
  {
    element: (
      <>
        <SessionWatcher />
        <Outlet />
      </>
    ),
    errorElement: <RouteError />,
    hydrateFallbackElement: <FullPageSpin />,
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        element: (
          <RequireSession>
            <Outlet />
          </RequireSession>
        ),
        errorElement: <RouteError />,
        children: [
          {
            lazy: async () => ({ Component: (await import('../shell/ShellLayout.tsx')).ShellLayout }),
            errorElement: <RouteError />,
            children: [
              { index: true, lazy: async () => ({ Component: (await import('../shell/HomePage.tsx')).HomePage }) },
              { path: 'apps/:app', children: runnerRoutes, errorElement: <RouteError /> },
              {
                path: 'admin',
                element: <AdminOnly />,
                errorElement: <RouteError />,
                children: [
                  { path: 'users', ...lazyPage(() => import('../admin/UsersPage.tsx')) },
                  { path: 'departments', ...lazyPage(() => import('../admin/DepartmentsPage.tsx')) },
                  { path: 'teams', ...lazyPage(() => import('../admin/TeamsPage.tsx')) },
                  { path: 'api-keys', ...lazyPage(() => import('../admin/ApiKeysPage.tsx')) },
                  { path: 'apps', ...lazyPage(() => import('../admin/InstalledAppsPage.tsx')) },
                ],
              },
              { path: 'studio', element: <AdminOnly />, errorElement: <RouteError />, children: [{ index: true, ...lazyPage(() => import('../studio/StudioHome.tsx')) }] },
              { path: '*', lazy: async () => ({ Component: (await import('../shell/NotFoundPage.tsx')).NotFoundPage }) },
            ],
          },
        ],
      },
    ],
  },
];

const router = createBrowserRouter(routes);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
