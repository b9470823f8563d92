import { useMemo } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import { useSearchParams } from 'react-router';
import { stopsPath } from '../api/paths.ts';
import type { District, ListResponse, Site, Stop } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { LoadError, LoadingStatus } from '../components/ApiStatus/ApiStatus.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { SiteMap, type MapSite } from '../components/SiteMap/SiteMap.tsx';
import { StopCalendar } from '../components/StopCalendar/StopCalendar.tsx';
import { StopFilters, type StopFilterValue } from '../components/StopFilters/StopFilters.tsx';
import { StopList } from '../components/StopList/StopList.tsx';
import { useMunicipality } from '../municipality.tsx';

const noTiles = { tileUrl: null, attribution: null };

function StopMap({ stops }: { stops: Stop[] }) {
  const { t } = useTranslation();
  const municipality = useMunicipality();
  const sites = useMemo<MapSite[]>(() => {
    const unique = new Map(stops.map((stop) => [stop.site.id, stop.site]));
    return [...unique.values()].map(({ id, name, lat, lon }) => ({
      id,
      name,
      lat,
      lon,
      href: `/termine?siteId=${encodeURIComponent(id)}`,
      linkText: t('schedule.mapPopupLink'),
    }));
  }, [stops, t]);
  const districts = useMemo(() => [], []);
  return (
    <SiteMap
      sites={sites}
      districts={districts}
      map={municipality?.map ?? noTiles}
      center={municipality?.center ?? null}
      label={t('schedule.mapLabel')}
      describedBy="schedule-map-hint"
    />
  );
}

/** `/termine`: when and where the mobile town hall comes, as a list, a month calendar and a map. */
export function SchedulePage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters: StopFilterValue = {
    districtId: searchParams.get('districtId') ?? '',
    siteId: searchParams.get('siteId') ?? '',
  };
  const districts = useApi<ListResponse<District>>('/api/v1/districts');
  const sites = useApi<ListResponse<Site>>('/api/v1/sites');
  const stops = useApi<ListResponse<Stop>>(stopsPath(filters));

  const changeFilters = (next: StopFilterValue) => {
    const params = new URLSearchParams();
    if (next.districtId) params.set('districtId', next.districtId);
    if (next.siteId) params.set('siteId', next.siteId);
    setSearchParams(params, { replace: true });
  };

  const results = () => {
    if (stops.status === 'loading') return <LoadingStatus />;
    if (stops.status === 'error') return <LoadError />;
    const items = stops.data.items;
    return (
      <>
        <p className="kern-body" role="status">
          {t('schedule.count', { count: items.length })}
        </p>
        <section aria-labelledby="schedule-list" className="page-section">
          <h2 id="schedule-list" className="kern-heading-medium">
            {t('schedule.listHeading')}
          </h2>
          <StopList stops={items} />
        </section>
        <section aria-labelledby="schedule-calendar" className="page-section">
          <h2 id="schedule-calendar" className="kern-heading-medium">
            {t('schedule.calendarHeading')}
          </h2>
          <StopCalendar stops={items} />
        </section>
        <section aria-labelledby="schedule-map" className="page-section">
          <h2 id="schedule-map" className="kern-heading-medium">
            {t('schedule.mapHeading')}
          </h2>
          <p id="schedule-map-hint" className="kern-body">
            {t('schedule.mapHint')}
          </p>
          <StopMap stops={items} />
        </section>
      </>
    );
  };

  return (
    <>
      <PageHeading>{t('schedule.title')}</PageHeading>
      <p className="kern-body">{t('schedule.intro')}</p>
      <section aria-labelledby="schedule-filters" className="page-section">
        <h2 id="schedule-filters" className="kern-heading-medium">
          {t('schedule.filtersHeading')}
        </h2>
        {districts.status === 'ready' && sites.status === 'ready' ? (
          <StopFilters
            idPrefix="schedule-filter"
            districts={districts.data.items}
            sites={sites.data.items}
            value={filters}
            onChange={changeFilters}
          />
        ) : districts.status === 'error' || sites.status === 'error' ? (
          <LoadError />
        ) : (
          <LoadingStatus />
        )}
      </section>
      {results()}
      <section aria-labelledby="schedule-subscribe" className="page-section">
        <h2 id="schedule-subscribe" className="kern-heading-medium">
          {t('schedule.subscribeHeading')}
        </h2>
        <p className="kern-body">{t('schedule.subscribeText')}</p>
        <p className="kern-body">
          <a
            className="kern-link"
            href={`/api/v1/stops.ics${filters.districtId ? `?districtId=${encodeURIComponent(filters.districtId)}` : ''}`}
          >
            {filters.districtId ? t('schedule.subscribeDistrict') : t('schedule.subscribeAll')}
          </a>
        </p>
      </section>
    </>
  );
}
