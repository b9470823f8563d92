import { useTranslation } from '../../i18n/react.tsx';
import { Link } from 'react-router';
import type { Stop } from '../../api/types.ts';
import { formatLongDate, formatTime } from '../../format/dateTime.ts';
import { useLanguage } from '../../useLanguage.ts';

/** Stops grouped by their local date, in the order given (the API sends them earliest first). */
export function groupStopsByDate(stops: Stop[]): { date: string; stops: Stop[] }[] {
  const groups: { date: string; stops: Stop[] }[] = [];
  for (const stop of stops) {
    const group = groups.at(-1);
    if (group?.date === stop.date) group.stops.push(stop);
    else groups.push({ date: stop.date, stops: [stop] });
  }
  return groups;
}

/** Upcoming stops by date; each links to its page. `headingLevel` fits the page around it. */
export function StopList({ stops, headingLevel = 3 }: { stops: Stop[]; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  if (stops.length === 0) return <p className="kern-body">{t('schedule.none')}</p>;
  return (
    <>
      {groupStopsByDate(stops).map((group) => (
        <section key={group.date} aria-labelledby={`day-${group.date}`} className="stop-day">
          <Heading id={`day-${group.date}`} className="kern-heading-small">
            {formatLongDate(group.date, language)}
          </Heading>
          <ul className="stop-list">
            {group.stops.map((stop) => (
              <li key={stop.id} className="stop-list__item">
                <Link to={`/termine/${stop.id}`} className="kern-link stop-list__link">
                  {t('schedule.timeAndPlace', {
                    from: formatTime(stop.startsAt, language),
                    to: formatTime(stop.endsAt, language),
                    site: stop.site.name,
                  })}
                </Link>
                <span className="kern-body kern-body--small stop-list__meta">
                  {[stop.site.districtName, stop.unit.name].filter(Boolean).join(' · ')}
                </span>
                {stop.status === 'cancelled' && (
                  <strong className="stop-list__cancelled">{t('schedule.cancelled')}</strong>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
