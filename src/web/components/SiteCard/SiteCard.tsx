import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { District, OpeningHours, Site } from '../../api/types.ts';
import { EnglishDataText } from '../EnglishDataText/EnglishDataText.tsx';
import { SourceList } from '../SourceList/SourceList.tsx';

function OpeningHoursText({ hours }: { hours: OpeningHours }) {
  const { t } = useTranslation();
  const days = hours.days.map((day) => t(`sites.days.${day}`)).join(', ');
  const time =
    hours.opens && hours.closes ? ` ${t('sites.hours', { opens: hours.opens, closes: hours.closes })}` : '';
  return (
    <>
      {days}
      {time}
      {hours.note && (
        <>
          {' '}
          (<EnglishDataText>{hours.note}</EnglishDataText>)
        </>
      )}
    </>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="kern-description-list-item">
      <dt className="kern-description-list-item__key">{label}</dt>
      <dd className="kern-description-list-item__value">{children}</dd>
    </div>
  );
}

/** One site in the list: the accessible equivalent of its marker on the map. */
export function SiteCard({ site, district }: { site: Site; district: District | null }) {
  const { t } = useTranslation();
  const categoryKey = `sites.categories.${site.category}`;
  const category = t(categoryKey, { defaultValue: site.category });
  const title = site.placeholder && district ? `${district.name}: ${t('sites.placeholder')}` : site.name;

  return (
    <li className="site-card">
      <h4 className="kern-heading-small site-card__heading">
        {title}
        {site.placeholder && (
          <>
            {' '}
            <span className="kern-badge kern-badge--warning">
              <span className="kern-label">{t('sites.placeholder')}</span>
            </span>
          </>
        )}
      </h4>
      <dl className="kern-description-list">
        <Detail label={t('sites.categoryLabel')}>{category}</Detail>
        {site.address && <Detail label={t('sites.addressLabel')}>{site.address}</Detail>}
        <Detail label={t('sites.positionLabel')}>
          {site.coordinateUncertaintyM === null
            ? t('sites.uncertaintyUnknown')
            : t('sites.uncertainty', {
                meters: new Intl.NumberFormat('de-DE').format(site.coordinateUncertaintyM),
              })}
        </Detail>
        {site.openingHours && site.openingHours.length > 0 && (
          <Detail label={t('sites.openingHoursLabel')}>
            {site.openingHours.map((hours, index) => (
              <span key={index} className="site-card__hours">
                <OpeningHoursText hours={hours} />
              </span>
            ))}
          </Detail>
        )}
        {site.accessibility && (
          <Detail label={t('sites.accessibilityLabel')}>
            <EnglishDataText>{site.accessibility}</EnglishDataText>
          </Detail>
        )}
        {site.facts.length > 0 && (
          <Detail label={t('sites.factsLabel')}>
            <ul className="kern-list kern-list--bullet">
              {site.facts.map((fact) => (
                <EnglishDataText as="li" key={fact}>
                  {fact}
                </EnglishDataText>
              ))}
            </ul>
          </Detail>
        )}
      </dl>
      <SourceList sources={site.sources} />
    </li>
  );
}
