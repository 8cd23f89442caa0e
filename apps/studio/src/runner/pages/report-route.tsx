/** `/apps/:app/reports/:report`: one report the reader may run, on its own page. */
import '../runner.css';
import '../dashboard/dashboard.css';
import { Result } from 'antd';
import { useParams } from 'react-router';
import { useRunner } from '../app/runner-context.tsx';
import { RunnerScope } from '../app/runner-scope.tsx';
import { useDashboardText } from '../dashboard/dashboard-messages.ts';
import { ReportPage } from '../reports/report-page.tsx';

function ReportRoute() {
  const { report: key } = useParams();
  const { app } = useRunner();
  const t = useDashboardText();
  const report = app.bundle.reports?.find((r) => r.key === key);
  const runnable = report && app.can(report.entity, 'runReport');
  return runnable ? <ReportPage key={report.key} report={report} /> : <Result status="404" title={t('report.notFound')} />;
}

export default function ReportRoutePage() {
  return (
    <RunnerScope>
      <ReportRoute />
    </RunnerScope>
  );
}
