import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Service } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { LoadError, LoadingStatus } from '../components/ApiStatus/ApiStatus.tsx';
import { EnglishDataText } from '../components/EnglishDataText/EnglishDataText.tsx';
import { FeeTable } from '../components/FeeTable/FeeTable.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { SourceList } from '../components/SourceList/SourceList.tsx';
import { localizedName } from '../format/localized.ts';
import { useLanguage } from '../useLanguage.ts';

function BackLink() {
  const { t } = useTranslation();
  return (
    <p className="kern-body back-link">
      <Link to="/dienstleistungen" className="kern-link">
        {t('service.backLink')}
      </Link>
    </p>
  );
}

function Section({ id, heading, children }: { id: string; heading: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="page-section">
      <h2 id={id} className="kern-heading-medium">
        {heading}
      </h2>
      {children}
    </section>
  );
}

/** German texts, with their English version on English pages (the German one where none exists yet). */
function BilingualList({ german, english }: { german: string[]; english: string[] }) {
  const language = useLanguage();
  const items = language === 'en' && english.length > 0 ? english : german;
  const lang = language === 'en' && english.length === 0 ? 'de' : undefined;
  return (
    <ul className="kern-list kern-list--bullet">
      {items.map((item) => (
        <li key={item} lang={lang}>
          {item}
        </li>
      ))}
    </ul>
  );
}

function ServiceDetail({ service }: { service: Service }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <>
      <PageHeading>{localizedName(service, language)}</PageHeading>
      {language === 'de' && <p className="kern-body kern-body--muted">{t('service.englishDataNote')}</p>}

      <Section id="service-presence" heading={t('service.presenceHeading')}>
        <p className="kern-body kern-body--bold">{t(`presence.${service.presence}`)}</p>
        {service.presenceReasons.length > 0 && (
          <>
            <p className="kern-body">{t('service.reasonsIntro')}</p>
            <BilingualList german={service.presenceReasons} english={service.presenceReasonsEn} />
          </>
        )}
        {service.secondVisit && (
          <p className="kern-body">
            {t('service.secondVisit')} <EnglishDataText>{service.secondVisit}</EnglishDataText>
          </p>
        )}
      </Section>

      <Section id="service-documents" heading={t('service.documentsHeading')}>
        {service.documents.length > 0 ? (
          <BilingualList german={service.documents} english={service.documentsEn} />
        ) : (
          <p className="kern-body">{t('service.noDocuments')}</p>
        )}
      </Section>

      <Section id="service-fees" heading={t('service.feesHeading')}>
        <FeeTable {...service} />
      </Section>

      <Section id="service-duration" heading={t('service.durationHeading')}>
        <p className="kern-body">
          {service.typicalMinutes === null
            ? t('service.durationUnknown')
            : t('service.duration', { count: service.typicalMinutes })}
        </p>
      </Section>

      <Section id="service-online" heading={t('service.onlineHeading')}>
        <p className="kern-body">{t(`online.${service.onlineAvailable}`)}</p>
        {service.onlineNote && (
          <EnglishDataText as="p" className="kern-body">
            {service.onlineNote}
          </EnglishDataText>
        )}
        {service.onlineUrl ? (
          <p className="kern-body">
            <a className="kern-link" href={service.onlineUrl} rel="noreferrer">
              {t('service.onlineLink')}
            </a>
          </p>
        ) : (
          <p className="kern-body">{t('service.onlineNoLink')}</p>
        )}
      </Section>

      {service.equipment.length > 0 && (
        <Section id="service-equipment" heading={t('service.equipmentHeading')}>
          <p className="kern-body">{t('service.equipmentIntro')}</p>
          <ul className="kern-list kern-list--bullet">
            {service.equipment.map((equipment) => (
              <li key={equipment.id}>{localizedName(equipment, language)}</li>
            ))}
          </ul>
        </Section>
      )}

      <Section id="service-about" heading={t('service.aboutHeading')}>
        <dl className="kern-description-list">
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">{t('service.confidenceLabel')}</dt>
            <dd className="kern-description-list-item__value">{t(`confidence.${service.confidence}`)}</dd>
          </div>
          {service.leikaKey && (
            <div className="kern-description-list-item">
              <dt className="kern-description-list-item__key">{t('service.leikaKeyLabel')}</dt>
              <dd className="kern-description-list-item__value">{service.leikaKey}</dd>
            </div>
          )}
          {service.legalBasis && (
            <div className="kern-description-list-item">
              <dt className="kern-description-list-item__key">{t('service.legalBasisLabel')}</dt>
              <dd className="kern-description-list-item__value">{service.legalBasis}</dd>
            </div>
          )}
        </dl>
        <SourceList sources={service.sources} />
      </Section>

      <BackLink />
    </>
  );
}

export function ServiceDetailPage() {
  const { t } = useTranslation();
  const { serviceId = '' } = useParams();
  const state = useApi<Service>(`/api/v1/services/${encodeURIComponent(serviceId)}`);

  if (state.status === 'loading') return <LoadingStatus />;
  if (state.status === 'error' && state.problem.status === 404) {
    return (
      <>
        <PageHeading>{t('service.notFoundTitle')}</PageHeading>
        <p className="kern-body">{t('service.notFoundText')}</p>
        <BackLink />
      </>
    );
  }
  if (state.status === 'error') {
    return (
      <>
        <PageHeading>{t('services.title')}</PageHeading>
        <LoadError />
        <BackLink />
      </>
    );
  }
  return <ServiceDetail service={state.data} />;
}
