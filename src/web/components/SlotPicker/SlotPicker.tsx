import { useTranslation } from '../../i18n/react.tsx';
import { Link } from 'react-router';
import type { Availability, District, Site, Slot, StopAvailability } from '../../api/types.ts';
import { useApi } from '../../api/useApi.ts';
import { addDays, todayLocal } from '../../format/dateTime.ts';
import { LoadError, LoadingStatus } from '../ApiStatus/ApiStatus.tsx';
import { StopFilters, type StopFilterValue } from '../StopFilters/StopFilters.tsx';
import { SlotList } from './SlotList.tsx';

/** The API answers for at most three months at once. */
const searchDays = 90;

export function availabilityPath(services: string, filters: StopFilterValue, today = todayLocal()): string {
  const from =
    filters.from && /^\d{4}-\d{2}-\d{2}$/.test(filters.from) && filters.from > today ? filters.from : today;
  const params = new URLSearchParams({ services, from, to: addDays(from, searchDays) });
  if (filters.districtId) params.set('districtId', filters.districtId);
  if (filters.siteId) params.set('siteId', filters.siteId);
  return `/api/v1/availability?${params.toString()}`;
}

interface SlotPickerProps {
  /** services with quantities, as the API parameter */
  services: string;
  filters: StopFilterValue;
  onFiltersChange: (filters: StopFilterValue) => void;
  districts: District[];
  sites: Site[];
  onChoose: (stop: StopAvailability, slot: Slot) => void;
  /** link to the waitlist with the same choices */
  waitlistPath: string;
}

/** Filters and the free slots at upcoming stops, earliest first; the waitlist when nothing fits. */
export function SlotPicker({
  services,
  filters,
  onFiltersChange,
  districts,
  sites,
  onChoose,
  waitlistPath,
}: SlotPickerProps) {
  const { t } = useTranslation();
  const availability = useApi<Availability>(availabilityPath(services, filters));

  const results = () => {
    if (availability.status === 'loading') return <LoadingStatus />;
    if (availability.status === 'error') return <LoadError />;
    const count = availability.data.stops.filter((entry) => entry.slots.length > 0).length;
    return (
      <>
        <p className="kern-body" role="status">
          {t('slots.found', { count })}
        </p>
        <SlotList availability={availability.data} onChoose={onChoose} />
      </>
    );
  };

  return (
    <>
      <section aria-labelledby="slot-filters" className="page-section">
        <h2 id="slot-filters" className="kern-heading-medium">
          {t('slots.filtersHeading')}
        </h2>
        <StopFilters
          idPrefix="slot-filter"
          districts={districts}
          sites={sites}
          value={filters}
          onChange={onFiltersChange}
          minDate={todayLocal()}
        />
      </section>
      <section aria-labelledby="slot-results" className="page-section">
        <h2 id="slot-results" className="kern-heading-medium">
          {t('slots.resultsHeading')}
        </h2>
        {results()}
      </section>
      <p className="kern-body page-section waitlist-hint">
        <Link to={waitlistPath} className="kern-link">
          {t('slots.waitlistLink')}
        </Link>
      </p>
    </>
  );
}
