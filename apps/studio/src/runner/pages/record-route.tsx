/** `/apps/:app/records/:entity/:id` and `…/new?form=`: one record's page. */
import '../runner.css';
import { Result } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { useRunner } from '../app/runner-context.tsx';
import { RunnerScope } from '../app/runner-scope.tsx';
import { useText } from '../messages.ts';
import { RecordPage } from '../record/record-page.tsx';

function RecordRoute() {
  const { entity: entityKey = '', id } = useParams();
  const [query] = useSearchParams();
  const { app } = useRunner();
  const t = useText();
  const entity = app.entity(entityKey);
  const recordId = id === undefined ? undefined : Number(id);
  if (!entity || (recordId !== undefined && !(Number.isSafeInteger(recordId) && recordId > 0))) return <Result status="404" title={t('record.notFound')} />;
  return <RecordPage key={`${entityKey}/${id ?? 'new'}`} entity={entity} id={recordId} form={query.get('form') ?? undefined} />;
}

export default function RecordRoutePage() {
  return (
    <RunnerScope>
      <RecordRoute />
    </RunnerScope>
  );
}
