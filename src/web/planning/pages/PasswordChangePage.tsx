import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { planningApi } from '../api.ts';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { FormField } from '../components/FormField.tsx';
import { PageHeading } from '../components/PageHeading.tsx';

/** The server's rule (at least 12 characters), checked here first so the form can say so at once. */
export const MIN_PASSWORD_LENGTH = 12;

const fields = ['password-current', 'password-new', 'password-repeat'] as const;
type PasswordField = (typeof fields)[number];
const fieldOfProblem: Record<string, PasswordField> = {
  currentPassword: 'password-current',
  newPassword: 'password-new',
};

/** The own password change: forced at the first sign-in, or a section of the profile page. */
export function PasswordForm({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<PasswordField, string>>({
    'password-current': '',
    'password-new': '',
    'password-repeat': '',
  });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!values['password-current'])
      found.push({ fieldId: 'password-current', message: t('password.currentMissing') });
    if (values['password-new'].length < MIN_PASSWORD_LENGTH)
      found.push({ fieldId: 'password-new', message: t('password.tooShort', { min: MIN_PASSWORD_LENGTH }) });
    else if (values['password-new'] === values['password-current'])
      found.push({ fieldId: 'password-new', message: t('password.unchanged') });
    if (values['password-repeat'] !== values['password-new'])
      found.push({ fieldId: 'password-repeat', message: t('password.mismatch') });
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    setBusy(true);
    try {
      await planningApi.changePassword(values['password-current'], values['password-new']);
      setValues({ 'password-current': '', 'password-new': '', 'password-repeat': '' });
      onChanged();
    } catch (error) {
      const problem = error instanceof ApiProblem ? error.problem : undefined;
      const fieldId = fieldOfProblem[problem?.field ?? ''] ?? 'password-current';
      const message =
        problem?.field === 'currentPassword'
          ? t('password.wrongCurrent')
          : t('password.failed', { detail: problemText(t, error) });
      setErrors([{ fieldId, message }]);
      setSubmission((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };
  const errorOf = (id: PasswordField) => errors.find((error) => error.fieldId === id)?.message;
  const labels: Record<PasswordField, string> = {
    'password-current': t('password.current'),
    'password-new': t('password.new'),
    'password-repeat': t('password.repeat'),
  };

  return (
    <>
      <ErrorSummary errors={errors} submission={submission} />
      <form noValidate onSubmit={(event) => void submit(event)} className="planning-form">
        {fields.map((id) => (
          <FormField
            key={id}
            id={id}
            label={labels[id]}
            hint={id === 'password-new' ? t('password.newHint', { min: MIN_PASSWORD_LENGTH }) : undefined}
            error={errorOf(id)}
          >
            {(describedBy) => (
              <input
                id={id}
                className={`kern-form-input__input${errorOf(id) ? ' kern-form-input__input--error' : ''}`}
                type="password"
                autoComplete={id === 'password-current' ? 'current-password' : 'new-password'}
                value={values[id]}
                onChange={(event) => setValues((current) => ({ ...current, [id]: event.target.value }))}
                aria-invalid={errorOf(id) ? true : undefined}
                aria-describedby={describedBy}
                required
              />
            )}
          </FormField>
        ))}
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
          <span className="kern-label">{t('password.submit')}</span>
        </button>
      </form>
    </>
  );
}

/** Shown instead of every page while the password must be changed (first sign-in, or after a reset). */
export function PasswordChangePage({ onChanged }: { forced: true; onChanged: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('password.forcedHeading')}>{t('password.forcedHeading')}</PageHeading>
      <p>{t('password.forcedIntro')}</p>
      <PasswordForm onChanged={onChanged} />
    </>
  );
}
