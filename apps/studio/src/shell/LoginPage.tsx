/**
 * Log in with login name and password. Shows what the API answers: wrong credentials, a login
 * slowed down after failures (429 `auth.rateLimited`, with a countdown from `Retry-After`), no
 * network. Afterwards goes to `?next=` (a path of this site only), else home.
 */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiProblem, NetworkFailure } from '../api/problem.ts';
import { useLogin, useMe } from '../api/session.ts';
import { useLocale, type Translate } from '../i18n/locale.tsx';
import { Brand } from './Brand.tsx';
import { LocaleSwitch } from './LocaleSwitch.tsx';

/** `next` when it is a path of this site (`/apps/x`), never another origin (`//evil`, `https:`). */
export function safeNext(next: string | null): string {
  if (
    !next ||
    !next.startsWith('/') ||
    next.startsWith('//') ||
    next.startsWith('/\\') ||
    next.startsWith('/login')
  )
    return '/';
  return next;
}

function loginError(error: unknown, t: Translate, secondsLeft: number): string {
  if (error instanceof NetworkFailure) return t('failure.network.title');
  if (!(error instanceof ApiProblem)) return t('failure.unknown.title');
  if (error.code === 'auth.invalidCredentials') return t('login.invalidCredentials');
  if (error.code === 'auth.rateLimited')
    return secondsLeft > 0
      ? t('login.rateLimited', { seconds: secondsLeft })
      : t('login.rateLimitedOver');
  if (error.status === 400) return t('login.incomplete');
  return error.detail ?? error.code;
}

export function LoginPage() {
  const { t } = useLocale();
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (waitUntil <= now) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waitUntil, now]);

  if (me.data && !login.isPending) return <Navigate to={next} replace />;

  const secondsLeft = Math.max(0, Math.ceil((waitUntil - now) / 1000));
  const submit = (values: { login: string; password: string }) => {
    login.mutate(values, {
      onSuccess: () => navigate(next, { replace: true }),
      onError: (error) => {
        if (error instanceof ApiProblem && error.code === 'auth.rateLimited') {
          setNow(Date.now());
          setWaitUntil(Date.now() + (error.retryAfterSeconds ?? 1) * 1000);
        }
      },
    });
  };

  return (
    <main className="pw-login">
      <div className="pw-login-locale">
        <LocaleSwitch />
      </div>
      <section className="pw-login-card" aria-labelledby="pw-login-title">
        <Brand size="large" />
        <h1 id="pw-login-title" className="pw-login-title">
          {t('login.title')}
        </h1>
        <p className="pw-login-subtitle">{t('login.subtitle')}</p>
        {login.isError && (
          <Alert
            className="pw-login-error"
            type="error"
            showIcon
            message={loginError(login.error, t, secondsLeft)}
            role="alert"
          />
        )}
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={submit}
          autoComplete="on"
          size="large"
        >
          <Form.Item
            label={t('login.login')}
            name="login"
            rules={[{ required: true, whitespace: true, message: t('login.loginRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={login.isPending}
            disabled={secondsLeft > 0}
          >
            {secondsLeft > 0 ? t('login.waitSeconds', { seconds: secondsLeft }) : t('login.submit')}
          </Button>
        </Form>
      </section>
      <p className="pw-login-footer">{t('login.footer')}</p>
    </main>
  );
}
