/** `/apps/:app/views/:view` and `/apps/:app/records/:entity`: a view's list, board or calendar. */
import '../runner.css';
import { useParams } from 'react-router';
import { Notice } from '../../shell/Notice.tsx';
import { useRunner } from '../app/runner-context.tsx';
import { RunnerScope } from '../app/runner-scope.tsx';
import { ListPage } from '../list/list-page.tsx';
import { useText } from '../messages.ts';

function ViewRoute() {
  const { view: viewKey, entity } = useParams();
  const { app } = useRunner();
  const t = useText();
  const view = viewKey ? app.view(viewKey) : entity ? app.defaultView(entity) : undefined;
  if (!view || !app.entity(view.entity)) return <Notice kind="notFound" title={t('views.notFound')} />;
  return <ListPage key={view.key} view={view} />;
}

export default function ViewPage() {
  return (
    <RunnerScope>
      <ViewRoute />
    </RunnerScope>
  );
}
