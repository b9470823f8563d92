import { useTranslation } from '../i18n/react.tsx';
import { Link } from 'react-router';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';

export function HomePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading documentTitle={t('nav.home')}>{t('home.title')}</PageHeading>
      <p className="kern-body kern-body--large">{t('home.intro')}</p>

      <section aria-labelledby="home-where" className="page-section">
        <h2 id="home-where" className="kern-heading-medium">
          {t('home.whereHeading')}
        </h2>
        <p className="kern-body">{t('home.whereText')}</p>
        <p className="kern-body">
          <Link to="/standorte" className="kern-link">
            {t('home.whereLink')}
          </Link>
        </p>
      </section>

      <section aria-labelledby="home-what" className="page-section">
        <h2 id="home-what" className="kern-heading-medium">
          {t('home.whatHeading')}
        </h2>
        <p className="kern-body">{t('home.whatText')}</p>
        <p className="kern-body">
          <Link to="/dienstleistungen" className="kern-link">
            {t('home.whatLink')}
          </Link>
        </p>
      </section>

      <section aria-labelledby="home-online" className="page-section">
        <h2 id="home-online" className="kern-heading-medium">
          {t('home.onlineHeading')}
        </h2>
        <p className="kern-body">{t('home.onlineText')}</p>
      </section>

      <section aria-labelledby="home-bring" className="page-section">
        <h2 id="home-bring" className="kern-heading-medium">
          {t('home.bringHeading')}
        </h2>
        <p className="kern-body">{t('home.bringText')}</p>
      </section>

      <section aria-labelledby="home-booking" className="page-section">
        <h2 id="home-booking" className="kern-heading-medium">
          {t('home.bookingHeading')}
        </h2>
        <p className="kern-body">{t('home.bookingText')}</p>
        <ul className="kern-list">
          <li>
            <Link to="/termine" className="kern-link">
              {t('home.scheduleLink')}
            </Link>
          </li>
          <li>
            <Link to="/buchen" className="kern-link">
              {t('home.bookLink')}
            </Link>
          </li>
        </ul>
      </section>
    </>
  );
}
