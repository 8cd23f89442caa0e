/** `/apps/:app/recycle-bin/:entity`: deleted records of one entity. */
import '../runner.css';
import { Result } from 'antd';
import { useParams } from 'react-router';
import { useRunner } from '../app/runner-context.tsx';
import { RunnerScope } from '../app/runner-scope.tsx';
import { useText } from '../messages.ts';
import { RecycleBinPage } from '../recycle/recycle-bin-page.tsx';

function RecycleBinRoute() {
  const { entity: entityKey = '' } = useParams();
  const { app } = useRunner();
  const t = useText();
  const entity = app.entity(entityKey);
  if (!entity) return <Result status="404" title={t('views.notFound')} />;
  return <RecycleBinPage entity={entity} />;
}

export default function RecycleBinRoutePage() {
  return (
    <RunnerScope>
      <RecycleBinRoute />
    </RunnerScope>
  );
}
