import { useTranslation } from '../i18n/react.tsx';
import { Link } from 'react-router';
import { LoadingStatus } from '../components/ApiStatus/ApiStatus.tsx';
import { localizedText } from '../components/LegalSections/LegalSections.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { useMunicipality } from '../municipality.tsx';
import { useLanguage } from '../useLanguage.ts';

/** `/hilfe`: how to reach the city (115, its number and e-mail) and answers to common questions. */
export function HelpPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const municipality = useMunicipality();
  const contact = municipality?.contact;
  const hours = contact?.hours ? localizedText(contact.hours, language) : null;
  return (
    <>
      <PageHeading>{t('help.title')}</PageHeading>
      <p className="kern-body">{t('help.intro')}</p>
      <section aria-labelledby="help-contact" className="page-section">
        <h2 id="help-contact" className="kern-heading-medium">
          {t('help.contactHeading')}
        </h2>
        {!municipality ? (
          <LoadingStatus />
        ) : (
          <dl className="kern-description-list">
            {contact?.serviceNumber115 && (
              <div className="kern-description-list-item">
                <dt className="kern-description-list-item__key">{t('help.number115')}</dt>
                <dd className="kern-description-list-item__value">
                  <a className="kern-link" href="tel:115">
                    115
                  </a>{' '}
                  {t('help.number115Text')}
                </dd>
              </div>
            )}
            {contact?.phone && (
              <div className="kern-description-list-item">
                <dt className="kern-description-list-item__key">
                  {t('help.phone', { municipality: municipality.name })}
                </dt>
                <dd className="kern-description-list-item__value">
                  <a className="kern-link" href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`}>
                    {contact.phone}
                  </a>
                </dd>
              </div>
            )}
            {contact?.email && (
              <div className="kern-description-list-item">
                <dt className="kern-description-list-item__key">{t('help.email')}</dt>
                <dd className="kern-description-list-item__value">
                  <a className="kern-link" href={`mailto:${contact.email}`}>
                    {contact.email}
                  </a>
                </dd>
              </div>
            )}
            {hours && (
              <div className="kern-description-list-item">
                <dt className="kern-description-list-item__key">{t('help.hours')}</dt>
                <dd className="kern-description-list-item__value" lang={hours.lang}>
                  {hours.text}
                </dd>
              </div>
            )}
          </dl>
        )}
      </section>
      <section aria-labelledby="help-questions" className="page-section">
        <h2 id="help-questions" className="kern-heading-medium">
          {t('help.questionsHeading')}
        </h2>
        <ul className="kern-list kern-list--bullet">
          <li>
            <Link className="kern-link" to="/termin/links-senden">
              {t('help.lostMail')}
            </Link>
          </li>
          <li>
            <Link className="kern-link" to="/buchen">
              {t('help.book')}
            </Link>
          </li>
          <li>
            <Link className="kern-link" to="/leichte-sprache">
              {t('help.easyLanguage')}
            </Link>
          </li>
          <li>
            <Link className="kern-link" to="/datenschutz">
              {t('help.privacy')}
            </Link>
          </li>
        </ul>
      </section>
    </>
  );
}
