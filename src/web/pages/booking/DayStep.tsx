import { useTranslation } from '../../i18n/react.tsx';
import { Link, useNavigate } from 'react-router';
import type { Availability, District, Service, Site } from '../../api/types.ts';
import { useApi } from '../../api/useApi.ts';
import { LoadError, LoadingStatus } from '../../components/ApiStatus/ApiStatus.tsx';
import { StepHeading } from '../../components/StepHeading/StepHeading.tsx';
import { StopFilters } from '../../components/StopFilters/StopFilters.tsx';
import { totalMinutes } from '../../components/ServicePicker/servicePicker.ts';
import { formatLongDate, formatMonth, monthWeeks, todayLocal, weekdayNames } from '../../format/dateTime.ts';
import { useLanguage } from '../../useLanguage.ts';
import { BookingSummary } from './BookingSummary.tsx';
import { StepBackLink } from './BackLink.tsx';
import { WaitlistOffer } from './WaitlistOffer.tsx';
import {
  availabilityPath,
  bookingPath,
  freeDays,
  previousPath,
  searchWindow,
  shiftMonth,
  stepNumber,
  totalSteps,
  waitlistPath,
  type BookingQuery,
  type FreeDay,
} from './bookingSteps.ts';

interface DayStepProps {
  services: Service[];
  districts: District[];
  sites: Site[];
  query: BookingQuery;
  today?: string;
}

function MonthGrid({
  month,
  days,
  query,
}: {
  month: string;
  days: Map<string, FreeDay>;
  query: BookingQuery;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const weekdays = weekdayNames(language);
  const [year, monthNumber] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return (
    <table className="stop-calendar__table day-grid" aria-labelledby="day-month">
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
        {monthWeeks(year, monthNumber).map((week, index) => (
          <tr key={week.find(Boolean) ?? index}>
            {week.map((day, column) => {
              if (!day) return <td key={`empty-${column}`} className="stop-calendar__day--outside" />;
              const free = days.get(day);
              return (
                <td key={day} className={`day-grid__day${free ? ' day-grid__day--free' : ''}`}>
                  {free ? (
                    <Link
                      to={bookingPath('time', { ...query, day })}
                      className="day-grid__link"
                      aria-label={t('booking.dayLabel', {
                        day: formatLongDate(day, language),
                        sites: free.sites.join(', '),
                      })}
                    >
                      {Number(day.slice(8, 10))}
                    </Link>
                  ) : (
                    <span className="day-grid__number">{Number(day.slice(8, 10))}</span>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Step 2, `/buchen/tag`: the day first. A month shows which days have free times, and the list below it
 * says where. Choosing a day leads to that day's times.
 */
export function DayStep({ services, districts, sites, query, today = todayLocal() }: DayStepProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const window = searchWindow(today);
  const availability = useApi<Availability>(availabilityPath(query, window.from, window.to));
  const firstMonth = today.slice(0, 7);
  const lastMonth = window.to.slice(0, 7);

  const body = () => {
    if (availability.status === 'loading') return <LoadingStatus />;
    if (availability.status === 'error') return <LoadError />;
    const all = freeDays(availability.data);
    const month =
      query.month && query.month >= firstMonth && query.month <= lastMonth
        ? query.month
        : (all[0]?.date.slice(0, 7) ?? firstMonth);
    const inMonth = all.filter((day) => day.date.startsWith(month));
    const byDate = new Map(inMonth.map((day) => [day.date, day]));
    const [year, monthNumber] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
    return (
      <>
        <p className="kern-body" role="status">
          {all.length === 0 ? t('booking.noFreeDays') : t('booking.freeDaysFound', { count: all.length })}
        </p>
        {/* No day fits at all: the waitlist right here, not below an empty month. */}
        {all.length === 0 && <WaitlistOffer to={waitlistPath(query)} headingId="day-waitlist" />}
        <section aria-labelledby="day-month" className="page-section day-step__month">
          <div className="stop-calendar__bar">
            {month > firstMonth ? (
              <Link className="kern-link" to={bookingPath('day', { ...query, month: shiftMonth(month, -1) })}>
                {t('calendar.previous')}
              </Link>
            ) : (
              <span />
            )}
            <h2 id="day-month" className="kern-heading-small stop-calendar__title">
              {formatMonth(year, monthNumber, language)}
            </h2>
            {month < lastMonth ? (
              <Link className="kern-link" to={bookingPath('day', { ...query, month: shiftMonth(month, 1) })}>
                {t('calendar.next')}
              </Link>
            ) : (
              <span />
            )}
          </div>
          <MonthGrid month={month} days={byDate} query={query} />
          <h3 className="kern-heading-small">{t('booking.daysHeading')}</h3>
          {inMonth.length === 0 ? (
            <p className="kern-body">{t('booking.noFreeDaysInMonth')}</p>
          ) : (
            <ul className="free-day-list">
              {inMonth.map((day) => (
                <li key={day.date}>
                  <Link
                    className="kern-link free-day-list__link"
                    to={bookingPath('time', { ...query, day: day.date })}
                  >
                    {formatLongDate(day.date, language)}
                  </Link>
                  <span className="kern-body kern-body--small free-day-list__sites">
                    {day.sites.join(', ')}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        {all.length > 0 && <WaitlistOffer to={waitlistPath(query)} headingId="day-waitlist" />}
      </>
    );
  };

  return (
    <>
      <StepBackLink to={previousPath('day', query)} />
      <StepHeading step={stepNumber('day')} total={totalSteps} process={t('booking.title')}>
        {t('booking.step2')}
      </StepHeading>
      <BookingSummary
        services={services}
        quantities={query.quantities}
        minutes={totalMinutes(services, query.quantities)}
      />
      <p className="kern-body">{t('booking.step2Intro')}</p>
      <details className="day-step__filters" open={Boolean(query.districtId || query.siteId)}>
        <summary className="kern-body">{t('slots.filtersHeading')}</summary>
        <StopFilters
          idPrefix="slot-filter"
          districts={districts}
          sites={sites}
          value={{ districtId: query.districtId, siteId: query.siteId }}
          onChange={(filters) =>
            void navigate(
              bookingPath('day', { ...query, districtId: filters.districtId, siteId: filters.siteId }),
              { replace: true },
            )
          }
        />
      </details>
      {body()}
    </>
  );
}
