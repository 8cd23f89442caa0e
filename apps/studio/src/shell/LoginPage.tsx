/**
 * Log in with login name and password. Shows what the API answers: wrong credentials, a login
 * slowed down after failures (429 `auth.rateLimited`, with a countdown from `Retry-After`), no
 * network. Afterwards goes to `?next=` (a path of this site only), else home. A plain form (not
 * antd's Form) keeps the first page's script small.
 */
import { CloseCircleFilled, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Input } from 'antd';
import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiProblem, NetworkFailure } from '../api/problem.ts';
import { useLogin, useMe } from '../api/session.ts';
import { useLocale, type Translate } from '../i18n/locale.tsx';
import { Brand } from './Brand.tsx';
import { LocaleSwitch } from './LocaleSwitch.tsx';

/** `next` when it is a path of this site (`/apps/x`), never another origin (`//evil`, `https:`). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return '/';
  return next;
}

function loginError(error: unknown, t: Translate, secondsLeft: number): string {
  if (error instanceof NetworkFailure) return t('failure.network.title');
  if (!(error instanceof ApiProblem)) return t('failure.unknown.title');
  if (error.code === 'auth.invalidCredentials') return t('login.invalidCredentials');
  if (error.code === 'auth.rateLimited') return secondsLeft > 0 ? t('login.rateLimited', { seconds: secondsLeft }) : t('login.rateLimitedOver');
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
  const [values, setValues] = useState({ login: '', password: '' });
  const [missing, setMissing] = useState({ login: false, password: false });

  useEffect(() => {
    if (waitUntil <= now) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waitUntil, now]);

  if (me.data && !login.isPending) return <Navigate to={next} replace />;

  const secondsLeft = Math.max(0, Math.ceil((waitUntil - now) / 1000));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = { login: !values.login.trim(), password: !values.password };
    setMissing(empty);
    if (empty.login || empty.password) return;
    login.mutate(
      { login: values.login.trim(), password: values.password },
      {
        onSuccess: () => navigate(next, { replace: true }),
        onError: (error) => {
          if (error instanceof ApiProblem && error.code === 'auth.rateLimited') {
            setNow(Date.now());
            setWaitUntil(Date.now() + (error.retryAfterSeconds ?? 1) * 1000);
          }
        },
      },
    );
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
          <div className="pw-login-error" role="alert">
            <CloseCircleFilled className="pw-login-error-icon" aria-hidden="true" />
            <span>{loginError(login.error, t, secondsLeft)}</span>
          </div>
        )}
        <form onSubmit={submit} noValidate className="pw-login-form">
          <div className="pw-field">
            <label htmlFor="login">{t('login.login')}</label>
            <Input id="login" name="username" size="large" prefix={<UserOutlined />} autoComplete="username" autoFocus value={values.login} status={missing.login ? 'error' : undefined} aria-invalid={missing.login} aria-describedby={missing.login ? 'login-missing' : undefined} onChange={(e) => setValues((v) => ({ ...v, login: e.target.value }))} />
            {missing.login && (
              <div id="login-missing" className="pw-field-error">
                {t('login.loginRequired')}
              </div>
            )}
          </div>
          <div className="pw-field">
            <label htmlFor="password">{t('login.password')}</label>
            <Input.Password id="password" name="password" size="large" prefix={<LockOutlined />} autoComplete="current-password" value={values.password} status={missing.password ? 'error' : undefined} aria-invalid={missing.password} aria-describedby={missing.password ? 'password-missing' : undefined} onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))} />
            {missing.password && (
              <div id="password-missing" className="pw-field-error">
                {t('login.passwordRequired')}
              </div>
            )}
          </div>
          <Button type="primary" htmlType="submit" size="large" block loading={login.isPending} disabled={secondsLeft > 0}>
            {secondsLeft > 0 ? t('login.waitSeconds', { seconds: secondsLeft }) : t('login.submit')}
          </Button>
        </form>
      </section>
      <p className="pw-login-footer">{t('login.footer')}</p>
    </main>
  );
}
