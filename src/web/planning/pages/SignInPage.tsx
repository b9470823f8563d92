import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { planningApi, type StaffSession } from '../api.ts';
import { problemText } from '../../api/problemMessages.ts';
import { FormField } from '../components/FormField.tsx';
import { PageHeading } from '../components/PageHeading.tsx';

export function SignInPage({
  onSignedIn,
  backOffice = false,
}: {
  onSignedIn: (session: StaffSession) => void;
  backOffice?: boolean;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!email.trim()) found.push({ fieldId: 'signin-email', message: t('signIn.emailMissing') });
    if (!password) found.push({ fieldId: 'signin-password', message: t('signIn.passwordMissing') });
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    setBusy(true);
    try {
      onSignedIn(await planningApi.signIn(email.trim(), password));
    } catch (error) {
      const detail = problemText(t, error);
      setErrors([{ fieldId: 'signin-email', message: t('signIn.failed', { detail }) }]);
      setSubmission((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };
  const heading = backOffice ? t('signIn.headingBackOffice') : t('signIn.heading');
  const errorFor = (id: string) => errors.find((error) => error.fieldId === id);

  return (
    <>
      <PageHeading title={heading}>{heading}</PageHeading>
      <ErrorSummary errors={errors} submission={submission} />
      <p>{backOffice ? t('signIn.introBackOffice') : t('signIn.intro')}</p>
      <form noValidate onSubmit={(event) => void submit(event)} className="planning-form">
        {(['signin-email', 'signin-password'] as const).map((id) => {
          const error = errorFor(id);
          const isEmail = id === 'signin-email';
          return (
            <FormField
              key={id}
              id={id}
              label={isEmail ? t('signIn.email') : t('signIn.password')}
              error={error?.message}
            >
              {(describedBy) => (
                <input
                  id={id}
                  className={`kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`}
                  type={isEmail ? 'email' : 'password'}
                  autoComplete={isEmail ? 'username' : 'current-password'}
                  value={isEmail ? email : password}
                  onChange={(event) => (isEmail ? setEmail : setPassword)(event.target.value)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={describedBy}
                  required
                />
              )}
            </FormField>
          );
        })}
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
          <span className="kern-label">{t('signIn.submit')}</span>
        </button>
      </form>
    </>
  );
}
