import { useState } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import type { Availability, Slot, StopAvailability } from '../../api/types.ts';
import { formatLongDate, formatTime } from '../../format/dateTime.ts';
import { useLanguage } from '../../useLanguage.ts';
import { slotLabel } from './slotLabel.ts';

const stopsPerPage = 5;

interface SlotListProps {
  availability: Availability;
  onChoose: (stop: StopAvailability, slot: Slot) => void;
  /** level of the per-stop headings */
  headingLevel?: 2 | 3;
}

/** Free start times grouped by stop, earliest first; each start time is a button named with day, time and place. */
export function SlotList({ availability, onChoose, headingLevel = 3 }: SlotListProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [shown, setShown] = useState(stopsPerPage);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const stops = availability.stops.filter((entry) => entry.slots.length > 0);
  if (stops.length === 0) return <p className="kern-body">{t('slots.none')}</p>;

  return (
    <>
      <ul className="slot-groups">
        {stops.slice(0, shown).map((entry) => {
          const headingId = `slots-${entry.stop.id}`;
          return (
            <li key={entry.stop.id} className="slot-group">
              <section aria-labelledby={headingId}>
                <Heading id={headingId} className="kern-heading-small">
                  {t('slots.stopHeading', {
                    day: formatLongDate(entry.stop.date, language),
                    site: entry.stop.site.name,
                  })}
                </Heading>
                <p className="kern-body kern-body--small">
                  {t('slots.stopDetails', {
                    from: formatTime(entry.stop.startsAt, language),
                    to: formatTime(entry.stop.endsAt, language),
                    unit: entry.stop.unit.name,
                  })}
                  {entry.stop.site.address && ` · ${entry.stop.site.address}`}
                </p>
                <ul className="slot-buttons">
                  {entry.slots.map((slot) => (
                    <li key={slot.startsAt}>
                      <button
                        type="button"
                        className="kern-btn kern-btn--secondary slot-button"
                        aria-label={slotLabel(t, language, slot.startsAt, entry.stop.site.name)}
                        onClick={() => onChoose(entry, slot)}
                      >
                        <span className="kern-label">{formatTime(slot.startsAt, language)}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            </li>
          );
        })}
      </ul>
      {stops.length > shown && (
        <button
          type="button"
          className="kern-btn kern-btn--tertiary"
          onClick={() => setShown((count) => count + stopsPerPage)}
        >
          <span className="kern-label">{t('slots.more')}</span>
        </button>
      )}
    </>
  );
}
