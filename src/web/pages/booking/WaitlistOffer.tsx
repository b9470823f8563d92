import { useTranslation } from '../../i18n/react.tsx';
import { Link } from 'react-router';

/** The waitlist, offered right where no day or time fits. */
export function WaitlistOffer({ to, headingId }: { to: string; headingId: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={headingId} className="kern-alert kern-alert--info waitlist-offer">
      <div className="kern-alert__header">
        <span className="kern-icon kern-icon--info" aria-hidden="true" />
        <h2 id={headingId} className="kern-title">
          {t('booking.waitlistHeading')}
        </h2>
      </div>
      <div className="kern-alert__body">
        <p className="kern-body">{t('booking.waitlistText')}</p>
        <p className="kern-body">
          <Link to={to} className="kern-link">
            {t('booking.waitlistLink')}
          </Link>
        </p>
      </div>
    </section>
  );
}
