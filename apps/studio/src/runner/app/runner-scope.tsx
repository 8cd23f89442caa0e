/**
 * Every runner page sits in this: the app of the `/apps/:app` route loaded through the
 * role-filtered endpoint, the signed-in user and the shell's locale, handed to the pages and
 * widgets as the runner context. Loading shows a spinner; a failure a retry.
 */
import { Button, Result, Spin } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { useAppModel } from '../../api/apps.ts';
import { ApiProblem } from '../../api/problem.ts';
import { useMe } from '../../api/session.ts';
import { useLocale } from '../../i18n/locale.tsx';
import { translator } from '../messages.ts';
import { appModel } from './app-model.ts';
import { RunnerProvider } from './runner-context.tsx';

export function RunnerScope({ children }: { children: ReactNode }) {
  const { app = '' } = useParams();
  const { locale } = useLocale();
  const me = useMe();
  const answer = useAppModel(app);
  const model = useMemo(() => (answer.data ? appModel(answer.data) : undefined), [answer.data]);
  const t = translator(locale);
  if (answer.isPending) return <Spin className="pw-center" />;
  if (answer.isError || !model) {
    const notFound = answer.error instanceof ApiProblem && answer.error.status === 404;
    return <Result status={notFound ? '404' : 'warning'} title={notFound ? t('views.notFound') : t('common.loadFailed', { message: answer.error?.message ?? '' })} extra={!notFound && <Button onClick={() => void answer.refetch()}>{t('common.retry')}</Button>} />;
  }
  return <RunnerProvider value={{ app: model, locale, userId: me.data?.user.userId }}>{children}</RunnerProvider>;
}
