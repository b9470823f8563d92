import { useTranslation } from '../../i18n/react.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useStation } from '../StationContext.tsx';

/** Shown once the server said this tablet was reported lost: its data goes, and it waits for reinstatement. */
export function DeviceLostPage() {
  const { t } = useTranslation();
  const { deviceWiped } = useStation();
  return (
    <>
      <PageHeading>{t('deviceLost.heading')}</PageHeading>
      <p className="kern-body" role="status">
        {deviceWiped ? t('deviceLost.wiped') : t('deviceLost.wiping')}
      </p>
      <p className="kern-body">{t('deviceLost.reinstate')}</p>
      <button type="button" className="kern-btn kern-btn--secondary" onClick={() => window.location.reload()}>
        <span className="kern-label">{t('deviceLost.retry')}</span>
      </button>
    </>
  );
}
