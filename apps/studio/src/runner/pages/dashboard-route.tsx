/** `/apps/:app/dashboards/:dashboard` (and `/apps/:app/dashboards`: the reader's default one). */
import '../runner.css';
import '../dashboard/dashboard.css';
import { Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useRunner } from '../app/runner-context.tsx';
import { RunnerScope } from '../app/runner-scope.tsx';
import { DashboardPage, NoDashboard } from '../dashboard/dashboard-page.tsx';
import { runnerPaths } from '../paths.ts';

function DefaultDashboard() {
  const { app } = useRunner();
  const list = useQuery({ queryKey: ['dashboards', app.key, 'list'], queryFn: () => api.get<{ items: { key: string; default: boolean }[] }>(`/api/apps/${app.key}/dashboards`) });
  if (list.isPending) return <Spin className="pw-center" />;
  const visible = new Set((app.bundle.dashboards ?? []).map((d) => d.key));
  const items = (list.data?.items ?? []).filter((d) => visible.has(d.key));
  const chosen = items.find((d) => d.default) ?? items[0];
  return chosen ? <Navigate to={runnerPaths.dashboard(app.key, chosen.key)} replace /> : <NoDashboard none />;
}

function DashboardRoute() {
  const { dashboard: key } = useParams();
  const { app } = useRunner();
  if (!key) return <DefaultDashboard />;
  const dashboard = app.bundle.dashboards?.find((d) => d.key === key);
  return dashboard ? <DashboardPage key={dashboard.key} dashboard={dashboard} /> : <NoDashboard />;
}

export default function DashboardRoutePage() {
  return (
    <RunnerScope>
      <DashboardRoute />
    </RunnerScope>
  );
}
