import { useTranslation } from '../i18n/react.tsx';
import type { District, ListResponse, Site } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { LoadError, LoadingStatus } from '../components/ApiStatus/ApiStatus.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { SiteCard } from '../components/SiteCard/SiteCard.tsx';
import { groupSitesByDistrict } from '../components/SiteCard/groupSitesByDistrict.ts';
import { SiteMap } from '../components/SiteMap/SiteMap.tsx';
import { formatInteger } from '../format/formatEuro.ts';
import { useMunicipality } from '../municipality.tsx';
import { useLanguage } from '../useLanguage.ts';

const noTiles = { tileUrl: null, attribution: null };

function MapLegend({ districts }: { districts: District[] }) {
  const { t } = useTranslation();
  const outlined = districts.some((district) => district.outline);
  const circled = districts.some((district) => !district.outline && district.areaKm2);
  return (
    <ul className="map-legend" aria-hidden="true">
      <li>
        <span className="map-legend__symbol map-legend__symbol--site" /> {t('sites.legendSite')}
      </li>
      <li>
        <span className="map-legend__symbol map-legend__symbol--placeholder" /> {t('sites.legendPlaceholder')}
      </li>
      <li>
        <span className="map-legend__symbol map-legend__symbol--district" /> {t('sites.legendDistrict')}
      </li>
      {outlined && (
        <li>
          <span className="map-legend__symbol map-legend__symbol--district-outline" />{' '}
          {t('sites.legendDistrictOutline')}
        </li>
      )}
      {circled && (
        <li>
          <span className="map-legend__symbol map-legend__symbol--district-area" />{' '}
          {t('sites.legendDistrictArea')}
        </li>
      )}
    </ul>
  );
}

function Population({ district }: { district: District }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (district.population === null) return null;
  return (
    <p className="kern-body kern-body--muted">
      {t('sites.population', {
        count: district.population,
        formatted: formatInteger(district.population, language),
      })}
    </p>
  );
}

export function SitesPage() {
  const { t } = useTranslation();
  const municipality = useMunicipality();
  const sites = useApi<ListResponse<Site>>('/api/v1/sites');
  const districts = useApi<ListResponse<District>>('/api/v1/districts');

  const body = () => {
    if (sites.status === 'error' || districts.status === 'error') return <LoadError />;
    if (sites.status === 'loading' || districts.status === 'loading') return <LoadingStatus />;
    const groups = groupSitesByDistrict(sites.data.items, districts.data.items);
    return (
      <>
        <section aria-labelledby="sites-map" className="page-section">
          <h2 id="sites-map" className="kern-heading-medium">
            {t('sites.mapHeading')}
          </h2>
          <p id="sites-map-hint" className="kern-body">
            {t('sites.mapHint')}
          </p>
          <SiteMap
            sites={sites.data.items.map((site) => ({
              ...site,
              href: `#site-${site.id}`,
              linkText: t('sites.mapPopupLink'),
            }))}
            districts={districts.data.items}
            map={municipality?.map ?? noTiles}
            center={municipality?.center ?? null}
            label={t('sites.mapLabel')}
            describedBy="sites-map-hint"
          />
          <MapLegend districts={districts.data.items} />
        </section>

        <section aria-labelledby="sites-list" className="page-section">
          <h2 id="sites-list" className="kern-heading-medium">
            {t('sites.listHeading')}
          </h2>
          {groups.map(({ district, sites: districtSites }) => {
            const headingId = `district-${district?.id ?? 'none'}`;
            return (
              <section key={headingId} aria-labelledby={headingId} className="district-group">
                <h3 id={headingId} className="kern-heading-small district-group__heading">
                  {district?.name ?? t('sites.noDistrict')}
                </h3>
                {district && <Population district={district} />}
                <ul className="site-list">
                  {districtSites.map((site) => (
                    <SiteCard key={site.id} site={site} district={district} />
                  ))}
                </ul>
              </section>
            );
          })}
        </section>
      </>
    );
  };

  return (
    <>
      <PageHeading>{t('sites.title')}</PageHeading>
      <p className="kern-body">{t('sites.intro')}</p>
      {body()}
    </>
  );
}
