import { lazy, Suspense, type ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { bookableServices } from '../api/bookableServices.ts';
import type { District, ListResponse, Service, Site, Stop } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { LoadError, LoadingStatus } from '../components/ApiStatus/ApiStatus.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { useTranslation } from '../i18n/react.tsx';
import { useMunicipality } from '../municipality.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { ServicesStep } from './booking/ServicesStep.tsx';
import { parseBookingQuery, stepOfSegment } from './booking/bookingSteps.ts';

// The first step comes with the page; each later step is a chunk of its own, fetched when it is first shown
// (a step change is a router transition: the step before stays on screen until the next one is there).
const DayStep = lazy(async () => ({ default: (await import('./booking/DayStep.tsx')).DayStep }));
const TimeStep = lazy(async () => ({ default: (await import('./booking/TimeStep.tsx')).TimeStep }));
const ContactStep = lazy(async () => ({ default: (await import('./booking/ContactStep.tsx')).ContactStep }));
const SentStep = lazy(async () => ({ default: (await import('./booking/SentStep.tsx')).SentStep }));

/**
 * `/buchen` and `/buchen/:step`: choose services, a day, a time, give contact details, then confirm by
 * e-mail (double opt-in). Every step has its own address, which holds all the step needs (see bookingSteps.ts).
 */
export function BookingPage() {
  const { t } = useTranslation();
  const loading = (
    <>
      <PageHeading>{t('booking.title')}</PageHeading>
      <LoadingStatus />
    </>
  );
  return (
    <Suspense fallback={loading}>
      <BookingStep loading={loading} />
    </Suspense>
  );
}

function BookingStep({ loading }: { loading: ReactNode }) {
  const { t } = useTranslation();
  const { step: segment } = useParams();
  const [searchParams] = useSearchParams();
  const municipality = useMunicipality();
  const step = stepOfSegment(segment);
  const services = useApi<ListResponse<Service>>('/api/v1/services');
  const stops = useApi<ListResponse<Stop>>('/api/v1/stops');
  const districts = useApi<ListResponse<District>>('/api/v1/districts');
  const sites = useApi<ListResponse<Site>>('/api/v1/sites');

  if (!step) return <NotFoundPage />;
  if (step === 'sent') return <SentStep />;
  const query = parseBookingQuery(searchParams);
  // The first step waits only for what it lists (services and stops), and shows its heading meanwhile.
  if (step === 'services' || Object.keys(query.quantities).length === 0) {
    const pickable =
      services.status === 'error' || stops.status === 'error'
        ? 'error'
        : services.status === 'ready' && stops.status === 'ready'
          ? bookableServices(services.data.items, stops.data.items)
          : null;
    return <ServicesStep key={searchParams.toString()} services={pickable} query={query} />;
  }
  if ([services, stops, districts, sites].some((state) => state.status === 'error')) {
    return (
      <>
        <PageHeading>{t('booking.title')}</PageHeading>
        <LoadError />
      </>
    );
  }
  if (
    services.status !== 'ready' ||
    stops.status !== 'ready' ||
    districts.status !== 'ready' ||
    sites.status !== 'ready'
  ) {
    return loading;
  }
  const all = services.data.items;
  if (step === 'day')
    return <DayStep services={all} districts={districts.data.items} sites={sites.data.items} query={query} />;
  if (step === 'time') return <TimeStep services={all} query={query} />;
  return <ContactStep services={all} query={query} retentionDays={municipality?.retentionDays ?? null} />;
}
