import { useTranslation } from '../../i18n/react.tsx';
import { Link, Navigate, useLocation } from 'react-router';
import type { Availability, Service, Slot, StopAvailability } from '../../api/types.ts';
import { useApi } from '../../api/useApi.ts';
import { LoadError, LoadingStatus } from '../../components/ApiStatus/ApiStatus.tsx';
import { GermanDataText } from '../../components/GermanDataText/GermanDataText.tsx';
import { totalMinutes } from '../../components/ServicePicker/servicePicker.ts';
import { slotLabel } from '../../components/SlotPicker/slotLabel.ts';
import { StepHeading } from '../../components/StepHeading/StepHeading.tsx';
import { formatLongDate, formatTime } from '../../format/dateTime.ts';
import { useLanguage } from '../../useLanguage.ts';
import { BookingSummary } from './BookingSummary.tsx';
import { StepBackLink } from './BackLink.tsx';
import { WaitlistOffer } from './WaitlistOffer.tsx';
import {
  availabilityPath,
  bookingPath,
  byDayPart,
  previousPath,
  stepNumber,
  totalSteps,
  waitlistPath,
  type BookingQuery,
} from './bookingSteps.ts';

/** What a step can be told when the flow sends a person back (someone else took the time). */
export interface StepNotice {
  notice?: 'slotFull' | 'slotGone';
}

function SlotLinks({ entry, slots, query }: { entry: StopAvailability; slots: Slot[]; query: BookingQuery }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <ul className="slot-buttons">
      {slots.map((slot) => (
        <li key={slot.startsAt}>
          <Link
            to={bookingPath('contact', { ...query, stopId: entry.stop.id, startsAt: slot.startsAt })}
            className="kern-btn kern-btn--secondary slot-button"
            aria-label={slotLabel(t, language, slot.startsAt, entry.stop.site.name)}
          >
            <span className="kern-label">{formatTime(slot.startsAt, language)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function StopTimes({ entry, query }: { entry: StopAvailability; query: BookingQuery }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { morning, afternoon } = byDayPart(entry.slots);
  const headingId = `times-${entry.stop.id}`;
  return (
    <section aria-labelledby={headingId} className="slot-group page-section">
      <h2 id={headingId} className="kern-heading-medium">
        <GermanDataText>{entry.stop.site.name}</GermanDataText>
      </h2>
      <p className="kern-body kern-body--small">
        {t('booking.stopHours', {
          from: formatTime(entry.stop.startsAt, language),
          to: formatTime(entry.stop.endsAt, language),
        })}
        {entry.stop.site.address && (
          <>
            {' · '}
            <GermanDataText>{entry.stop.site.address}</GermanDataText>
          </>
        )}
      </p>
      {morning.length > 0 && (
        <>
          <h3 className="kern-heading-small">{t('booking.morning')}</h3>
          <SlotLinks entry={entry} slots={morning} query={query} />
        </>
      )}
      {afternoon.length > 0 && (
        <>
          <h3 className="kern-heading-small">{t('booking.afternoon')}</h3>
          <SlotLinks entry={entry} slots={afternoon} query={query} />
        </>
      )}
    </section>
  );
}

/** Step 3, `/buchen/zeit?day=…`: the free times of the chosen day, by place, morning and afternoon. */
export function TimeStep({ services, query }: { services: Service[]; query: BookingQuery }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const location = useLocation();
  const notice = (location.state as StepNotice | null)?.notice;
  const availability = useApi<Availability>(
    availabilityPath(query, query.day || '2000-01-01', query.day || '2000-01-01'),
  );
  if (!query.day) return <Navigate to={bookingPath('day', query)} replace />;

  const body = () => {
    if (availability.status === 'loading') return <LoadingStatus />;
    if (availability.status === 'error') return <LoadError />;
    const entries = availability.data.stops.filter((entry) => entry.slots.length > 0);
    return (
      <>
        {entries.length === 0 ? (
          <p className="kern-body">
            {t('booking.noTimes')}{' '}
            <Link className="kern-link" to={previousPath('time', query) ?? '/buchen'}>
              {t('booking.otherDay')}
            </Link>
          </p>
        ) : (
          entries.map((entry) => <StopTimes key={entry.stop.id} entry={entry} query={query} />)
        )}
        <WaitlistOffer to={waitlistPath(query)} headingId="time-waitlist" />
      </>
    );
  };

  return (
    <>
      <StepBackLink to={previousPath('time', query)} />
      <StepHeading step={stepNumber('time')} total={totalSteps} process={t('booking.title')}>
        {t('booking.step3Time', { day: formatLongDate(query.day, language) })}
      </StepHeading>
      {notice && (
        <div role="alert" className="kern-alert kern-alert--warning">
          <div className="kern-alert__header">
            <span className="kern-icon kern-icon--warning" aria-hidden="true" />
            <span className="kern-title">{t('booking.slotNoticeTitle')}</span>
          </div>
          <div className="kern-alert__body">
            <p className="kern-body">{t(`booking.errors.${notice}`)}</p>
          </div>
        </div>
      )}
      <BookingSummary
        services={services}
        quantities={query.quantities}
        minutes={totalMinutes(services, query.quantities)}
      />
      {body()}
    </>
  );
}
