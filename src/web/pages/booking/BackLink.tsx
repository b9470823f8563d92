import { useTranslation } from '../../i18n/react.tsx';
import { Link } from 'react-router';

/** "Zurück" to the step before (from the first step: where the booking started); the browser's Back works too. */
export function StepBackLink({ to }: { to: string | null }) {
  const { t } = useTranslation();
  if (!to) return null;
  return (
    <p className="kern-body back-link">
      <Link to={to} className="kern-link">
        {t('booking.back')}
      </Link>
    </p>
  );
}
