import { ApiProblem } from '../../api/client.ts';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { useSearchParams } from 'react-router';
import { stationApi } from '../api/client.ts';
import { ErrorSummary, Notice, TextField, type FieldError } from '../components/Form.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useStation } from '../StationContext.tsx';

export function SignInPage() {
  const { t } = useTranslation();
  const { signIn, online } = useStation();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [busy, setBusy] = useState(false);
  const [sso, setSso] = useState(false);
  const ssoError = params.get('signInError');

  useEffect(() => {
    let cancelled = false;
    void stationApi.hasSingleSignOn().then((available) => {
      if (!cancelled) setSso(available);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmission((n) => n + 1);
    const found: FieldError[] = [];
    if (!email.trim()) found.push({ fieldId: 'signin-email', message: t('signIn.emailMissing') });
    if (!password) found.push({ fieldId: 'signin-password', message: t('signIn.passwordMissing') });
    setErrors(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      await signIn(email.trim(), password);
    } catch (error) {
      const status = error instanceof ApiProblem ? error.status : -1;
      const message =
        status === 401
          ? t('signIn.wrong')
          : status === 429
            ? t('signIn.tooMany')
            : status === 0
              ? t('signIn.offline')
              : t('signIn.failed');
      setErrors([{ fieldId: 'signin-email', message }]);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (id: string) => errors.find((e) => e.fieldId === id)?.message;

  return (
    <>
      <PageHeading>{t('signIn.heading')}</PageHeading>
      {ssoError && (
        <div className="kern-alert kern-alert--danger" role="alert">
          <div className="kern-alert__body">
            <p className="kern-body">{t('signIn.ssoFailed')}</p>
          </div>
        </div>
      )}
      {!online && <Notice tone="warning">{t('signIn.offlineHint')}</Notice>}
      <form className="station-form" noValidate onSubmit={(event) => void submit(event)}>
        <ErrorSummary errors={errors} submission={submission} />
        <TextField
          id="signin-email"
          label={t('signIn.email')}
          type="email"
          autoComplete="username"
          value={email}
          onValueChange={setEmail}
          error={fieldError('signin-email')}
        />
        <TextField
          id="signin-password"
          label={t('signIn.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onValueChange={setPassword}
          error={fieldError('signin-password')}
        />
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
          <span className="kern-label">{busy ? t('signIn.busy') : t('signIn.submit')}</span>
        </button>
      </form>
      {sso && (
        <p className="kern-body sso-link">
          <a className="kern-link" href="/api/v1/staff/oidc/login">
            {t('signIn.sso')}
          </a>
        </p>
      )}
      <p className="kern-body kern-body--small">{t('signIn.privacy')}</p>
    </>
  );
}
