import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Link } from 'react-router';
import type { District, OpeningHours, Site } from '../../api/types.ts';
import { GermanDataText } from '../GermanDataText/GermanDataText.tsx';
import { AccessInfo } from './AccessInfo.tsx';

function OpeningHoursText({ hours }: { hours: OpeningHours }) {
  const { t } = useTranslation();
  const days = hours.days.map((day) => t(`sites.days.${day}`)).join(', ');
  const time =
    hours.opens && hours.closes ? ` ${t('sites.hours', { opens: hours.opens, closes: hours.closes })}` : '';
  return (
    <>
      {days}
      {time}
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

/**
 * One site in the list: the accessible equivalent of its marker on the map. Only what a citizen needs: the
 * name, the kind of place, the address, the days it is open and how to get in. The research notes (facts,
 * sources, how exact the position is) are for staff and never shown here.
 */
export function SiteCard({ site, district }: { site: Site; district: District | null }) {
  const { t } = useTranslation();
  const categoryKey = `sites.categories.${site.category}`;
  const category = t(categoryKey, { defaultValue: t('sites.categories.other') });
  const title = site.placeholder && district ? `${district.name}: ${t('sites.placeholder')}` : site.name;

  return (
    <li className="site-card" id={`site-${site.id}`}>
      <h4 className="kern-heading-small site-card__heading">
        <GermanDataText>{title}</GermanDataText>
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
        {site.address && (
          <Detail label={t('sites.addressLabel')}>
            <GermanDataText>{site.address}</GermanDataText>
          </Detail>
        )}
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
            <AccessInfo german={site.accessibility} translations={site.accessibilityTranslations} />
          </Detail>
        )}
      </dl>
      <p className="kern-body">
        <Link className="kern-link" to={`/termine?siteId=${encodeURIComponent(site.id)}`}>
          {t('sites.stopsLink')}
          <span className="kern-sr-only">: {title}</span>
        </Link>
      </p>
    </li>
  );
}
