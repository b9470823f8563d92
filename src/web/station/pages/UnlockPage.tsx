import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { WrongPasswordError } from '../offline/crypto.ts';
import { ErrorSummary, TextField, type FieldError } from '../components/Form.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useStation } from '../StationContext.tsx';

const MIN_DEVICE_PASSWORD = 8;

/**
 * "Entsperren": the data on the device opens only with the password (the key is never stored).
 * In `create` mode (signed in by single sign-on, or after the data was wiped) the password sets a new key.
 */
export function UnlockPage({ mode }: { mode: 'unlock' | 'create' }) {
  const { t } = useTranslation();
  const { unlock, createKey, signOut, user } = useStation();
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmission((n) => n + 1);
    if (!password) {
      setErrors([{ fieldId: 'unlock-password', message: t('unlock.passwordMissing') }]);
      return;
    }
    if (mode === 'create' && password.length < MIN_DEVICE_PASSWORD) {
      setErrors([
        { fieldId: 'unlock-password', message: t('unlock.tooShort', { count: MIN_DEVICE_PASSWORD }) },
      ]);
      return;
    }
    setBusy(true);
    try {
      if (mode === 'unlock') await unlock(password);
      else await createKey(password);
      setErrors([]);
    } catch (error) {
      setErrors([
        {
          fieldId: 'unlock-password',
          message: error instanceof WrongPasswordError ? t('unlock.wrong') : t('unlock.failed'),
        },
      ]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading>{mode === 'unlock' ? t('unlock.heading') : t('unlock.createHeading')}</PageHeading>
      <p className="kern-body">{mode === 'unlock' ? t('unlock.intro') : t('unlock.createIntro')}</p>
      {user && <p className="kern-body">{t('app.signedInAs', { name: user.name })}</p>}
      <form className="station-form" noValidate onSubmit={(event) => void submit(event)}>
        <ErrorSummary errors={errors} submission={submission} />
        <TextField
          id="unlock-password"
          label={t('unlock.password')}
          hint={mode === 'create' ? t('unlock.createHint') : undefined}
          type="password"
          autoComplete="current-password"
          value={password}
          onValueChange={setPassword}
          error={errors[0]?.message}
        />
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
          <span className="kern-label">{busy ? t('unlock.busy') : t('unlock.submit')}</span>
        </button>
      </form>
      <p className="kern-body">
        <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => void signOut()}>
          <span className="kern-label">{t('unlock.signOutInstead')}</span>
        </button>
      </p>
    </>
  );
}
