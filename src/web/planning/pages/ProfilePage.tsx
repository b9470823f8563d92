import { useState } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { planningApi } from '../api.ts';
import { problemText } from '../../api/problemMessages.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { PasswordForm } from './PasswordChangePage.tsx';
import { ConfirmAction } from '../../components/ConfirmAction/ConfirmAction.tsx';

/** The own profile: change the password, sign out on every device. */
export function ProfilePage({ onSignedOut }: { onSignedOut: () => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const signOutEverywhere = async () => {
    setBusy(true);
    try {
      await planningApi.signOutEverywhere();
      onSignedOut();
    } catch (error) {
      setStatus(t('profile.signOutFailed', { detail: problemText(t, error) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading title={t('profile.heading')}>{t('profile.heading')}</PageHeading>
      <p role="status" className="profile-status">
        {status}
      </p>
      <section aria-labelledby="profile-password" className="backoffice-section">
        <h2 id="profile-password" className="kern-heading-medium">
          {t('profile.passwordHeading')}
        </h2>
        <p>{t('profile.passwordIntro')}</p>
        <PasswordForm onChanged={() => setStatus(t('profile.passwordChanged'))} />
      </section>
      <section aria-labelledby="profile-sessions" className="backoffice-section">
        <h2 id="profile-sessions" className="kern-heading-medium">
          {t('profile.sessionsHeading')}
        </h2>
        <p>{t('profile.sessionsIntro')}</p>
        <ConfirmAction
          label={t('profile.signOutEverywhere')}
          appearance="secondary"
          question={t('profile.signOutQuestion')}
          consequence={t('profile.signOutConsequence')}
          yes={t('profile.signOutYes')}
          no={t('app.confirmNo')}
          disabled={busy}
          onConfirm={() => void signOutEverywhere()}
        />
      </section>
    </>
  );
}
