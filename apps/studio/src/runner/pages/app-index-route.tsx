/** `/apps/:app`: the first view the reader may open (the navigation's first, else any), or why there is none. */
import '../runner.css';
import { Navigate } from 'react-router';
import { Notice } from '../../shell/Notice.tsx';
import { useRunner } from '../app/runner-context.tsx';
import { RunnerScope } from '../app/runner-scope.tsx';
import { useText } from '../messages.ts';
import { runnerPaths } from '../paths.ts';

function AppIndex() {
  const { app } = useRunner();
  const t = useText();
  const view = (app.bundle.views ?? []).find((v) => app.can(v.entity, 'read'));
  if (view) return <Navigate to={runnerPaths.view(app.key, view.key)} replace />;
  return <Notice kind="empty" title={t('views.notFound')} />;
}

export default function AppIndexPage() {
  return (
    <RunnerScope>
      <AppIndex />
    </RunnerScope>
  );
}
