import { useTranslation } from '../../i18n/react.tsx';
import { Link, useLocation } from 'react-router';
import { StepHeading } from '../../components/StepHeading/StepHeading.tsx';
import { formatTime } from '../../format/dateTime.ts';
import { useLanguage } from '../../useLanguage.ts';
import { stepNumber, totalSteps } from './bookingSteps.ts';

/** Handed from the contact step in the history entry, never in the address (an e-mail address is personal). */
export interface SentState {
  email: string;
  holdExpiresAt: string;
}

/** Step 5, `/buchen/gesendet`: the time is held; the mail's link confirms it. */
export function SentStep() {
  const { t } = useTranslation();
  const language = useLanguage();
  const sent = useLocation().state as SentState | null;
  const holdMinutes = sent
    ? Math.max(1, Math.round((Date.parse(sent.holdExpiresAt) - Date.now()) / 60_000))
    : null;
  return (
    <>
      <StepHeading step={stepNumber('sent')} total={totalSteps} process={t('booking.title')}>
        {t('booking.step4')}
      </StepHeading>
      <p className="kern-body kern-body--large">
        {sent ? t('booking.mailSent', { email: sent.email }) : t('booking.mailSentNoAddress')}
      </p>
      {sent && holdMinutes !== null && (
        <p className="kern-body">
          {t('booking.holdUntil', { time: formatTime(sent.holdExpiresAt, language), count: holdMinutes })}
        </p>
      )}
      <p className="kern-body">{t('booking.noMail')}</p>
      <p className="kern-body">
        <Link className="kern-link" to="/termin/links-senden">
          {t('resend.link')}
        </Link>
      </p>
    </>
  );
}
