import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { planningApi } from '../api.ts';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { FormField } from '../components/FormField.tsx';
import { PageHeading } from '../components/PageHeading.tsx';

/** The password rule of the server (MIN_PASSWORD_LENGTH in src/server/auth/passwords.ts). */
const MIN_PASSWORD_LENGTH = 12;

type Outcome = 'form' | 'done' | 'linkInvalid';

/**
 * `/planung/passwort-neu#<token>`: a staff member sets a new password with the one-time link an admin sent.
 * The token comes from the URL fragment (never sent to a server log) and is removed from the address bar.
 */
export function PasswordResetPage() {
  const { t } = useTranslation();
  const [token] = useState(() => window.location.hash.replace(/^#/, ''));
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(token ? 'form' : 'linkInvalid');
  const result = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (window.location.hash) window.history.replaceState(null, '', window.location.pathname);
  }, []);
  useEffect(() => {
    if (outcome !== 'form') result.current?.focus();
  }, [outcome]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!password) found.push({ fieldId: 'reset-password', message: t('passwordReset.passwordMissing') });
    else if (password.length < MIN_PASSWORD_LENGTH) {
      found.push({
        fieldId: 'reset-password',
        message: t('passwordReset.passwordTooShort', { count: MIN_PASSWORD_LENGTH }),
      });
    }
    if (password && repeat !== password) {
      found.push({ fieldId: 'reset-repeat', message: t('passwordReset.repeatMismatch') });
    }
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    setBusy(true);
    try {
      await planningApi.resetPassword(token, password);
      setOutcome('done');
    } catch (error) {
      if (error instanceof ApiProblem && (error.status === 410 || error.field === 'token')) {
        setOutcome('linkInvalid');
      } else {
        const detail = problemText(t, error);
        setErrors([{ fieldId: 'reset-password', message: t('passwordReset.failed', { detail }) }]);
        setSubmission((n) => n + 1);
      }
    } finally {
      setBusy(false);
    }
  };
  const errorFor = (id: string) => errors.find((error) => error.fieldId === id)?.message;

  const signInLinks = (
    <ul className="kern-list">
      <li>
        <a className="kern-link" href="/planung">
          {t('passwordReset.toPlanning')}
        </a>
      </li>
      <li>
        <a className="kern-link" href="/station">
          {t('passwordReset.toStation')}
        </a>
      </li>
    </ul>
  );

  return (
    <>
      <PageHeading title={t('passwordReset.heading')}>{t('passwordReset.heading')}</PageHeading>
      {outcome === 'done' && (
        <>
          <div ref={result} tabIndex={-1} className="kern-alert kern-alert--success password-reset-result">
            <div className="kern-alert__body" role="status">
              <p className="kern-body">{t('passwordReset.done')}</p>
            </div>
          </div>
          {signInLinks}
        </>
      )}
      {outcome === 'linkInvalid' && (
        <>
          <div ref={result} tabIndex={-1} className="kern-alert kern-alert--warning password-reset-result">
            <div className="kern-alert__body" role="alert">
              <p className="kern-body">
                {token ? t('passwordReset.linkInvalid') : t('passwordReset.noToken')}
              </p>
            </div>
          </div>
          {signInLinks}
        </>
      )}
      {outcome === 'form' && (
        <>
          <ErrorSummary errors={errors} submission={submission} />
          <p>{t('passwordReset.intro')}</p>
          <form noValidate onSubmit={(event) => void submit(event)} className="planning-form">
            <FormField
              id="reset-password"
              label={t('passwordReset.newPassword')}
              hint={t('passwordReset.newPasswordHint', { count: MIN_PASSWORD_LENGTH })}
              error={errorFor('reset-password')}
            >
              {(describedBy) => (
                <input
                  id="reset-password"
                  className={`kern-form-input__input${errorFor('reset-password') ? ' kern-form-input__input--error' : ''}`}
                  type="password"
                  autoComplete="new-password"
                  value={password}
                  onChange={(event) => setPassword(event.target.value)}
                  aria-invalid={errorFor('reset-password') ? true : undefined}
                  aria-describedby={describedBy}
                  required
                />
              )}
            </FormField>
            <FormField id="reset-repeat" label={t('passwordReset.repeat')} error={errorFor('reset-repeat')}>
              {(describedBy) => (
                <input
                  id="reset-repeat"
                  className={`kern-form-input__input${errorFor('reset-repeat') ? ' kern-form-input__input--error' : ''}`}
                  type="password"
                  autoComplete="new-password"
                  value={repeat}
                  onChange={(event) => setRepeat(event.target.value)}
                  aria-invalid={errorFor('reset-repeat') ? true : undefined}
                  aria-describedby={describedBy}
                  required
                />
              )}
            </FormField>
            <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
              <span className="kern-label">{t('passwordReset.submit')}</span>
            </button>
          </form>
        </>
      )}
    </>
  );
}
