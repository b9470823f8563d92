import { useTranslation } from '../i18n/react.tsx';
import { Link } from 'react-router';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';

const aboutParagraphs = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'] as const;
const bookingSteps = ['s1', 's2', 's3', 's4', 's5', 's6'] as const;

/** `/leichte-sprache`: what the Mobiles Rathaus is, in easy language (short sentences, one idea each). */
export function EasyLanguageAboutPage() {
  const { t } = useTranslation();
  return (
    <div className="easy-language">
      <PageHeading>{t('easy.aboutTitle')}</PageHeading>
      {aboutParagraphs.map((paragraph) => (
        <p key={paragraph} className="kern-body kern-body--large">
          {t(`easy.about.${paragraph}`)}
        </p>
      ))}
      <p className="kern-body kern-body--large">
        <Link className="kern-link" to="/leichte-sprache/buchen">
          {t('easy.toBooking')}
        </Link>
      </p>
    </div>
  );
}

/** `/leichte-sprache/buchen`: how to book, step by step, in easy language. */
export function EasyLanguageBookingPage() {
  const { t } = useTranslation();
  return (
    <div className="easy-language">
      <PageHeading>{t('easy.bookingTitle')}</PageHeading>
      <ol className="kern-list kern-list--numbered">
        {bookingSteps.map((step) => (
          <li key={step} className="kern-body kern-body--large">
            {t(`easy.booking.${step}`)}
          </li>
        ))}
      </ol>
      <p className="kern-body kern-body--large">
        <Link className="kern-btn kern-btn--primary" to="/buchen">
          <span className="kern-label">{t('easy.bookNow')}</span>
        </Link>
      </p>
      <p className="kern-body kern-body--large">
        <Link className="kern-link" to="/leichte-sprache">
          {t('easy.toAbout')}
        </Link>
      </p>
    </div>
  );
}
