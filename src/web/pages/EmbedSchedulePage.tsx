import { useEffect } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import { useSearchParams } from 'react-router';
import { stopsPath } from '../api/paths.ts';
import type { ListResponse, Stop } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { LoadError, LoadingStatus } from '../components/ApiStatus/ApiStatus.tsx';
import { formatLongDate, formatTime } from '../format/dateTime.ts';
import { useMunicipality } from '../municipality.tsx';
import { useLanguage } from '../useLanguage.ts';

const maxStops = 12;

/**
 * `/einbettung/termine?siteId=&districtId=`: the upcoming stops for other websites to show in an iframe
 * (a library's or a district's page). No header and footer; links open the portal in a new tab.
 */
export function EmbedSchedulePage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const municipality = useMunicipality();
  const [searchParams] = useSearchParams();
  const filters = {
    districtId: searchParams.get('districtId') ?? '',
    siteId: searchParams.get('siteId') ?? '',
  };
  const state = useApi<ListResponse<Stop>>(stopsPath(filters));
  const origin = typeof window === 'undefined' ? '' : window.location.origin;

  useEffect(() => {
    document.title = [t('embed.title'), t('app.productName'), municipality?.name].filter(Boolean).join(' – ');
  }, [t, municipality?.name]);

  const body = () => {
    if (state.status === 'loading') return <LoadingStatus />;
    if (state.status === 'error') return <LoadError />;
    const stops = state.data.items.filter((stop) => stop.status !== 'cancelled').slice(0, maxStops);
    if (stops.length === 0) return <p className="kern-body">{t('schedule.none')}</p>;
    return (
      <ul className="embed-list">
        {stops.map((stop) => {
          const book = new URLSearchParams({ siteId: stop.site.id, from: stop.date });
          return (
            <li key={stop.id} className="embed-list__item">
              <span className="kern-body kern-body--bold">{formatLongDate(stop.date, language)}</span>
              <span className="kern-body">
                {t('schedule.timeAndPlace', {
                  from: formatTime(stop.startsAt, language),
                  to: formatTime(stop.endsAt, language),
                  site: stop.site.name,
                })}
              </span>
              <a
                className="kern-link"
                href={`${origin}/buchen?${book.toString()}`}
                target="_blank"
                rel="noopener"
              >
                {t('embed.book')}
                <span className="kern-sr-only">
                  {' '}
                  {t('embed.bookContext', { site: stop.site.name, day: formatLongDate(stop.date, language) })}
                </span>
                <span className="kern-sr-only"> {t('embed.newTab')}</span>
              </a>
            </li>
          );
        })}
      </ul>
    );
  };

  return (
    <main className="embed">
      <h1 className="kern-heading-small embed__title">{t('embed.title')}</h1>
      {body()}
      <p className="kern-body kern-body--small">
        <a className="kern-link" href={`${origin}/termine`} target="_blank" rel="noopener">
          {t('embed.all')}
          <span className="kern-sr-only"> {t('embed.newTab')}</span>
        </a>
      </p>
    </main>
  );
}
