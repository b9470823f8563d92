import type { ReactNode } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import { Link, useParams } from 'react-router';
import type { ListResponse, Service, Stop } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { LoadError, LoadingStatus } from '../components/ApiStatus/ApiStatus.tsx';
import { FeeTable } from '../components/FeeTable/FeeTable.tsx';
import { GermanDataText } from '../components/GermanDataText/GermanDataText.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { StopList } from '../components/StopList/StopList.tsx';
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

/** German texts, with their English version on English pages; German (marked so) in the other languages. */
function BilingualList({ german, english }: { german: string[]; english: string[] }) {
  const language = useLanguage();
  const items = language === 'en' && english.length > 0 ? english : german;
  const lang = language !== 'de' && items === german ? 'de' : undefined;
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

/** The next stops that offer this service, earliest first: where and when it can be done. */
function NextStops({ service }: { service: Service }) {
  const { t } = useTranslation();
  const stops = useApi<ListResponse<Stop>>('/api/v1/stops');
  if (stops.status === 'loading') return <LoadingStatus />;
  if (stops.status === 'error') return <LoadError />;
  const offering = stops.data.items
    .filter((stop) => stop.status !== 'cancelled')
    .filter((stop) => stop.services.some((offered) => offered.id === service.id))
    .slice(0, nextStopCount);
  if (offering.length === 0) return <p className="kern-body">{t('service.noStops')}</p>;
  return <StopList stops={offering} />;
}

const nextStopCount = 5;

function ServiceDetail({ service }: { service: Service }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const name = localizedName(service, language);
  const bookable = service.presence !== 'not_required';
  const online =
    service.onlineUrl && (service.onlineAvailable === 'yes' || service.onlineAvailable === 'partial');
  const afterVisit =
    language === 'en' ? (service.afterVisitEn ?? service.afterVisitDe) : service.afterVisitDe;
  return (
    <>
      <PageHeading documentTitle={name} lang={language === 'de' || language === 'en' ? undefined : 'de'}>
        {name}
      </PageHeading>

      {bookable && (
        <p className="kern-body">
          <Link
            className="kern-btn kern-btn--primary"
            to={`/buchen?services=${encodeURIComponent(`${service.id}:1`)}`}
          >
            <span className="kern-label">{t('service.book')}</span>
          </Link>
        </p>
      )}

      {online && (
        <Section id="service-online" heading={t('service.onlineHeading')}>
          <p className="kern-body">{t(`online.${service.onlineAvailable}`)}</p>
          <p className="kern-body">
            <a className="kern-link" href={service.onlineUrl!} rel="noreferrer">
              {t('service.onlineLink')}
            </a>
          </p>
        </Section>
      )}

      <Section id="service-presence" heading={t('service.presenceHeading')}>
        <p className="kern-body kern-body--bold">{t(`presence.${service.presence}`)}</p>
        {service.presenceReasons.length > 0 && (
          <>
            <p className="kern-body">{t('service.reasonsIntro')}</p>
            <BilingualList german={service.presenceReasons} english={service.presenceReasonsEn} />
          </>
        )}
      </Section>

      {bookable && (
        <Section id="service-stops" heading={t('service.stopsHeading')}>
          <NextStops service={service} />
          <p className="kern-body">
            <Link className="kern-link" to="/termine">
              {t('service.allStops')}
            </Link>
          </p>
        </Section>
      )}

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

      {afterVisit && (
        <Section id="service-after" heading={t('service.afterHeading')}>
          {language === 'de' || (language === 'en' && service.afterVisitEn) ? (
            <p className="kern-body">{afterVisit}</p>
          ) : (
            <GermanDataText as="p" className="kern-body">
              {afterVisit}
            </GermanDataText>
          )}
        </Section>
      )}

      {service.legalBasis && (
        <Section id="service-law" heading={t('service.legalBasisLabel')}>
          <GermanDataText as="p" className="kern-body">
            {service.legalBasis}
          </GermanDataText>
        </Section>
      )}

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
