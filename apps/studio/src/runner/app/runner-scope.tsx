/**
 * Every runner page sits in this: the app of the `/apps/:app` route loaded through the
 * role-filtered endpoint, the signed-in user and the shell's locale, handed to the pages and
 * widgets as the runner context. Loading shows a spinner; a failure says why, with a retry.
 */
import { Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { useAppModel } from '../../api/apps.ts';
import { ApiProblem } from '../../api/problem.ts';
import { useMe } from '../../api/session.ts';
import { useLocale } from '../../i18n/locale.tsx';
import { Notice } from '../../shell/Notice.tsx';
import { QueryFailure } from '../../shell/QueryFailure.tsx';
import { hasRunnerText, loadRunnerText, translator } from '../messages.ts';
import { appModel } from './app-model.ts';
import { RunnerProvider } from './runner-context.tsx';

export function RunnerScope({ children }: { children: ReactNode }) {
  const { app = '' } = useParams();
  const { locale } = useLocale();
  const me = useMe();
  const answer = useAppModel(app);
  const model = useMemo(() => (answer.data ? appModel(answer.data) : undefined), [answer.data]);
  const words = useQuery({ queryKey: ['runner-text', locale], queryFn: () => loadRunnerText(locale), enabled: !hasRunnerText(locale), staleTime: Infinity, gcTime: Infinity });
  const t = translator(locale);
  // Read both results on every render: TanStack Query re-renders only for the result fields a
  // render read, and a condition that skipped them (the app still loading) left the page
  // spinning when the words arrived after the app (English, opened straight on a runner page).
  const wordsFailed = words.isError;
  const wordsReady = words.data === true || hasRunnerText(locale);
  if (answer.isPending || (!wordsReady && !wordsFailed)) return <Spin className="pw-center" />;
  // A failed refetch keeps the app it had: only a first load that failed stops the page.
  if (!model) {
    if (answer.error instanceof ApiProblem && answer.error.status === 404) return <Notice kind="notFound" title={t('views.notFound')} />;
    return <QueryFailure error={answer.error} onRetry={() => void answer.refetch()} />;
  }
  return <RunnerProvider value={{ app: model, locale, userId: me.data?.user.userId }}>{children}</RunnerProvider>;
}
