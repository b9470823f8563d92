import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { useNavigate } from 'react-router';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { ServicePicker } from '../../components/ServicePicker/ServicePicker.tsx';
import {
  validateQuantities,
  type PickableService,
  type Quantities,
  type ServicePickerError,
} from '../../components/ServicePicker/servicePicker.ts';
import { LoadError, LoadingStatus } from '../../components/ApiStatus/ApiStatus.tsx';
import { StepHeading } from '../../components/StepHeading/StepHeading.tsx';
import { StepBackLink } from './BackLink.tsx';
import { bookingPath, previousPath, stepNumber, totalSteps, type BookingQuery } from './bookingSteps.ts';

/**
 * Step 1, `/buchen`: which services, and how often each. The heading and the introduction need no data: they
 * show at once (they are in the prerendered HTML of `/buchen`, vite.config.ts), and the list follows when the
 * services are there (`services`: null while they load, 'error' when they could not be loaded).
 */
export function ServicesStep({
  services,
  query,
}: {
  services: PickableService[] | null | 'error';
  query: BookingQuery;
}) {
  const { t } = useTranslation();
  return (
    <>
      <StepBackLink to={previousPath('services', query)} />
      <StepHeading step={stepNumber('services')} total={totalSteps} process={t('booking.title')}>
        {t('booking.step1')}
      </StepHeading>
      <p className="kern-body">{t('booking.step1Intro')}</p>
      {services === 'error' ? (
        <LoadError />
      ) : services === null ? (
        <LoadingStatus />
      ) : (
        <ServicesForm services={services} query={query} />
      )}
    </>
  );
}

function ServicesForm({ services, query }: { services: PickableService[]; query: BookingQuery }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const offered = new Set(services.map((service) => service.id));
  const [quantities, setQuantities] = useState<Quantities>(() =>
    Object.fromEntries(Object.entries(query.quantities).filter(([id]) => offered.has(id))),
  );
  const [errors, setErrors] = useState<ServicePickerError[]>([]);
  const [submission, setSubmission] = useState(0);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateQuantities(quantities);
    setErrors(found);
    setSubmission((count) => count + 1);
    if (found.length === 0) void navigate(bookingPath('day', { ...query, quantities }));
  };

  const summary: FieldError[] = errors.map((error) => ({
    fieldId: error.fieldId,
    message: t(`picker.errors.${error.reason}`),
  }));
  return (
    <form noValidate onSubmit={submit} className="booking-form">
      <ErrorSummary errors={summary} submission={submission} />
      <ServicePicker
        services={services}
        value={quantities}
        onChange={setQuantities}
        errors={errors}
        legend={t('booking.servicesLegend')}
      />
      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-label">{t('booking.next')}</span>
      </button>
    </form>
  );
}
