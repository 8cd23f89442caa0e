/** `/apps/:app/tasks[?box=pending|cc|done]`: the caller's approval tasks. */
import '../runner.css';
import { RunnerScope } from '../app/runner-scope.tsx';
import { InboxPage } from '../approvals/inbox-page.tsx';

export default function TasksRoutePage() {
  return (
    <RunnerScope>
      <InboxPage />
    </RunnerScope>
  );
}
