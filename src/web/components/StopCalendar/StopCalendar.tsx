import { useState } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Link } from 'react-router';
import type { Stop } from '../../api/types.ts';
import {
  formatLongDate,
  formatMonth,
  formatTime,
  monthWeeks,
  todayLocal,
  weekdayNames,
} from '../../format/dateTime.ts';
import { useLanguage } from '../../useLanguage.ts';

interface StopCalendarProps {
  stops: Stop[];
  /** YYYY-MM-DD; today by default */
  today?: string;
}

type Month = { year: number; month: number };

const monthOf = (date: string): Month => ({
  year: Number(date.slice(0, 4)),
  month: Number(date.slice(5, 7)),
});
const shift = ({ year, month }: Month, by: number): Month => {
  const index = year * 12 + (month - 1) + by;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
};
const order = ({ year, month }: Month) => year * 12 + month;

/**
 * A month as a table: weekdays as column headers, each day lists its stops as links. Tab moves through
 * the links; buttons move between months. A plain table, so screen readers announce row and column.
 */
export function StopCalendar({ stops, today = todayLocal() }: StopCalendarProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const first = stops[0]?.date ?? today;
  const last = stops.at(-1)?.date ?? today;
  const [shown, setShown] = useState<Month>(() => monthOf(first < today ? today : first));
  const earliest = monthOf(first < today ? first : today);
  const latest = monthOf(last > today ? last : today);
  const byDate = new Map<string, Stop[]>();
  for (const stop of stops) byDate.set(stop.date, [...(byDate.get(stop.date) ?? []), stop]);
  const weekdays = weekdayNames(language);
  const title = formatMonth(shown.year, shown.month, language);
  const headingId = 'stop-calendar-month';

  return (
    <div className="stop-calendar">
      <div className="stop-calendar__bar">
        <button
          type="button"
          className="kern-btn kern-btn--secondary"
          onClick={() => setShown(shift(shown, -1))}
          disabled={order(shown) <= order(earliest)}
        >
          <span className="kern-label">{t('calendar.previous')}</span>
        </button>
        <h3 id={headingId} className="kern-heading-small stop-calendar__title" aria-live="polite">
          {title}
        </h3>
        <button
          type="button"
          className="kern-btn kern-btn--secondary"
          onClick={() => setShown(shift(shown, 1))}
          disabled={order(shown) >= order(latest)}
        >
          <span className="kern-label">{t('calendar.next')}</span>
        </button>
      </div>
      <table className="stop-calendar__table" aria-labelledby={headingId}>
        <thead>
          <tr>
            {weekdays.map((weekday) => (
              <th key={weekday.long} scope="col">
                <span aria-hidden="true">{weekday.short}</span>
                <span className="kern-sr-only">{weekday.long}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthWeeks(shown.year, shown.month).map((week, index) => (
            <tr key={week.find(Boolean) ?? index}>
              {week.map((day, column) => {
                if (!day) return <td key={`empty-${column}`} className="stop-calendar__day--outside" />;
                const dayStops = byDate.get(day) ?? [];
                return (
                  <td
                    key={day}
                    className={`stop-calendar__day${dayStops.length ? ' stop-calendar__day--stops' : ''}`}
                    aria-current={day === today ? 'date' : undefined}
                  >
                    <span className="stop-calendar__number">{Number(day.slice(8, 10))}</span>
                    {dayStops.length > 0 && (
                      <ul className="stop-calendar__stops">
                        {dayStops.map((stop) => (
                          <li key={stop.id}>
                            <Link to={`/termine/${stop.id}`} className="kern-link">
                              <span className="kern-sr-only">{formatLongDate(day, language)},</span>{' '}
                              {formatTime(stop.startsAt, language)} {stop.site.name}
                              {stop.status === 'cancelled' && ` (${t('schedule.cancelled')})`}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {stops.length === 0 && <p className="kern-body">{t('schedule.none')}</p>}
    </div>
  );
}
