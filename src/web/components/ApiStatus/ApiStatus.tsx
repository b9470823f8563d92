import { useTranslation } from '../../i18n/react.tsx';

/** Announces that data is loading (polite status message). */
export function LoadingStatus() {
  const { t } = useTranslation();
  return (
    <p role="status" className="kern-body loading-status">
      {t('status.loading')}
    </p>
  );
}

/** Announces that data could not be loaded (assertive alert). */
export function LoadError({ message }: { message?: string }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="kern-alert kern-alert--danger">
      <div className="kern-alert__header">
        <span className="kern-icon kern-icon--danger" aria-hidden="true" />
        <span className="kern-title">{t('status.errorTitle')}</span>
      </div>
      <div className="kern-alert__body">
        <p className="kern-body">{message ?? t('status.loadError')}</p>
      </div>
    </div>
  );
}
