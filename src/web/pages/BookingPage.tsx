import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { bookableServices } from '../api/bookableServices.ts';
import { ApiError, postJson, problemCode } from '../api/client.ts';
import type {
  District,
  ListResponse,
  Problem,
  Service,
  Site,
  Slot,
  Stop,
  StopAvailability,
} from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { useCaptcha } from '../captcha/useCaptcha.ts';
import { LoadError, LoadingStatus } from '../components/ApiStatus/ApiStatus.tsx';
import { CaptchaStatus, captchaFieldId } from '../components/CaptchaStatus/CaptchaStatus.tsx';
import { ContactFields, contactErrorMessage } from '../components/ContactFields/ContactFields.tsx';
import {
  contactFieldIds,
  validateContact,
  type ContactInput,
} from '../components/ContactFields/contactInput.ts';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary/ErrorSummary.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { ServicePicker } from '../components/ServicePicker/ServicePicker.tsx';
import {
  parseServicesParameter,
  servicesFieldsetId,
  servicesParameter,
  toRequested,
  totalMinutes,
  validateQuantities,
  type PickableService,
  type Quantities,
  type ServicePickerError,
} from '../components/ServicePicker/servicePicker.ts';
import { SlotPicker } from '../components/SlotPicker/SlotPicker.tsx';
import { slotLabel } from '../components/SlotPicker/slotLabel.ts';
import { StepHeading } from '../components/StepHeading/StepHeading.tsx';
import type { StopFilterValue } from '../components/StopFilters/StopFilters.tsx';
import { formatTime } from '../format/dateTime.ts';
import { localizedName } from '../format/localized.ts';
import { useLanguage } from '../useLanguage.ts';

const totalSteps = 4;

interface Chosen {
  stop: StopAvailability['stop'];
  slot: Slot;
  durationMinutes: number;
}

interface Held {
  bookingId: string;
  holdExpiresAt: string;
  email: string;
}

export function waitlistPathFor(quantities: Quantities, filters: StopFilterValue): string {
  const params = new URLSearchParams();
  const services = servicesParameter(quantities);
  if (services) params.set('services', services);
  if (filters.districtId) params.set('districtId', filters.districtId);
  if (filters.from) params.set('from', filters.from);
  const query = params.toString();
  return `/warteliste${query ? `?${query}` : ''}`;
}

/** The chosen services with quantities, in words: "Personalausweis beantragen (2-mal), Wohnsitz anmelden". */
export function ChosenServices({
  services,
  quantities,
}: {
  services: PickableService[];
  quantities: Quantities;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <ul className="kern-list kern-list--bullet">
      {services
        .filter((service) => quantities[service.id] !== undefined)
        .map((service) => (
          <li key={service.id}>
            {localizedName(service, language)}
            {(quantities[service.id] ?? 1) > 1 && ` ${t('picker.times', { count: quantities[service.id] })}`}
          </li>
        ))}
    </ul>
  );
}

interface BookingFlowProps {
  services: PickableService[];
  districts: District[];
  sites: Site[];
}

function BookingFlow({ services, districts, sites }: BookingFlowProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [searchParams] = useSearchParams();
  const offered = new Set(services.map((service) => service.id));

  const [step, setStep] = useState(1);
  const [quantities, setQuantities] = useState<Quantities>(() =>
    Object.fromEntries(
      Object.entries(parseServicesParameter(searchParams.get('services'))).filter(([id]) => offered.has(id)),
    ),
  );
  const [serviceErrors, setServiceErrors] = useState<ServicePickerError[]>([]);
  const [filters, setFilters] = useState<StopFilterValue>({
    districtId: searchParams.get('districtId') ?? '',
    siteId: searchParams.get('siteId') ?? '',
    from: searchParams.get('from') ?? '',
  });
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [slotNotice, setSlotNotice] = useState<string | null>(null);
  const [contact, setContact] = useState<ContactInput>({ name: '', email: '', phone: '' });
  const [contactErrors, setContactErrors] = useState<Partial<Record<keyof ContactInput, string>>>({});
  const [captchaError, setCaptchaError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [submission, setSubmission] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  const [held, setHeld] = useState<Held | null>(null);
  const captcha = useCaptcha();

  const minutes = totalMinutes(services, quantities);
  const process = t('booking.title');

  const submitServices = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const errors = validateQuantities(quantities);
    setServiceErrors(errors);
    setSubmission((count) => count + 1);
    if (errors.length === 0) {
      setSlotNotice(null);
      setStep(2);
    }
  };

  const chooseSlot = (stop: StopAvailability, slot: Slot) => {
    setChosen({ stop: stop.stop, slot, durationMinutes: stop.durationMinutes });
    setSlotNotice(null);
    setFailure(null);
    setStep(3);
  };

  const applyProblem = (problem: Problem) => {
    const code = problemCode(problem);
    const field = problem.field ?? '';
    if (code === 'slot-full' || code === 'slot-unavailable' || code === 'stop-not-bookable') {
      setSlotNotice(t('booking.errors.slotFull'));
      setChosen(null);
      setStep(2);
      return;
    }
    if (code === 'booking-limit') {
      setContactErrors({ email: t('booking.errors.bookingLimit') });
      return;
    }
    if (code === 'hold-limit-reached' || code === 'hold-share-reached') {
      setFailure(t(code === 'hold-limit-reached' ? 'booking.errors.holdLimit' : 'booking.errors.holdShare'));
      return;
    }
    if (field === 'captcha' || code === 'captcha-invalid') {
      setCaptchaError(t('booking.errors.captcha'));
      return;
    }
    if (field === 'name' || field === 'email' || field === 'phone') {
      setContactErrors({ [field]: t(`contact.errors.${field}.invalid`) });
      return;
    }
    if (field === 'stopId' || field === 'startsAt') {
      setSlotNotice(t('booking.errors.slotGone'));
      setChosen(null);
      setStep(2);
      return;
    }
    if (field.startsWith('services')) {
      setServiceErrors([{ fieldId: servicesFieldsetId, reason: 'noService' }]);
      setStep(1);
      return;
    }
    setFailure(problem.status === 429 ? t('booking.errors.tooMany') : t('booking.errors.general'));
  };

  const submitContact = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!chosen || submitting) return;
    const found = validateContact(contact);
    setContactErrors(Object.fromEntries(found.map((error) => [error.field, contactErrorMessage(t, error)])));
    setCaptchaError(null);
    setFailure(null);
    setSubmission((count) => count + 1);
    if (found.length > 0) return;
    setSubmitting(true);
    try {
      const solution = await captcha.take().catch(() => null);
      if (!solution) {
        setCaptchaError(t('booking.errors.captcha'));
        setSubmission((count) => count + 1);
        return;
      }
      const result = await postJson<{ bookingId: string; holdExpiresAt: string }>('/api/v1/bookings', {
        stopId: chosen.stop.id,
        startsAt: chosen.slot.startsAt,
        services: toRequested(quantities),
        name: contact.name.trim(),
        email: contact.email.trim(),
        ...(contact.phone.trim() ? { phone: contact.phone.trim() } : {}),
        locale: language,
        captcha: solution,
      });
      setHeld({ ...result, email: contact.email.trim() });
      setStep(4);
    } catch (error) {
      applyProblem(error instanceof ApiError ? error.problem : { status: 0 });
      setSubmission((count) => count + 1);
    } finally {
      setSubmitting(false);
    }
  };

  if (step === 1) {
    const errors: FieldError[] = serviceErrors.map((error) => ({
      fieldId: error.fieldId,
      message: t(`picker.errors.${error.reason}`),
    }));
    return (
      <>
        <StepHeading step={1} total={totalSteps} process={process}>
          {t('booking.step1')}
        </StepHeading>
        <p className="kern-body">{t('booking.step1Intro')}</p>
        <form noValidate onSubmit={submitServices} className="booking-form">
          <ErrorSummary errors={errors} submission={submission} />
          <ServicePicker
            services={services}
            value={quantities}
            onChange={setQuantities}
            errors={serviceErrors}
            legend={t('booking.servicesLegend')}
          />
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('booking.next')}</span>
          </button>
        </form>
      </>
    );
  }

  if (step === 2) {
    return (
      <>
        <StepHeading step={2} total={totalSteps} process={process}>
          {t('booking.step2')}
        </StepHeading>
        {slotNotice && (
          <div role="alert" className="kern-alert kern-alert--warning">
            <div className="kern-alert__header">
              <span className="kern-icon kern-icon--warning" aria-hidden="true" />
              <span className="kern-title">{t('booking.slotNoticeTitle')}</span>
            </div>
            <div className="kern-alert__body">
              <p className="kern-body">{slotNotice}</p>
            </div>
          </div>
        )}
        <div className="booking-summary">
          <p className="kern-body">{t('booking.chosenServices')}</p>
          <ChosenServices services={services} quantities={quantities} />
          <p className="kern-body kern-body--bold">{t('picker.total', { count: minutes })}</p>
          <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setStep(1)}>
            <span className="kern-label">{t('booking.changeServices')}</span>
          </button>
        </div>
        <SlotPicker
          services={servicesParameter(quantities)}
          filters={filters}
          onFiltersChange={setFilters}
          districts={districts}
          sites={sites}
          onChoose={chooseSlot}
          waitlistPath={waitlistPathFor(quantities, filters)}
        />
      </>
    );
  }

  if (step === 3 && chosen) {
    const errors: FieldError[] = [
      ...(['name', 'email', 'phone'] as const)
        .filter((field) => contactErrors[field])
        .map((field) => ({ fieldId: contactFieldIds[field], message: contactErrors[field]! })),
      ...(captchaError ? [{ fieldId: captchaFieldId, message: captchaError }] : []),
    ];
    return (
      <>
        <StepHeading step={3} total={totalSteps} process={process}>
          {t('booking.step3')}
        </StepHeading>
        <div className="booking-summary">
          <p className="kern-body">{t('booking.chosenSlot')}</p>
          <p className="kern-body kern-body--bold">
            {slotLabel(t, language, chosen.slot.startsAt, chosen.stop.site.name)}
          </p>
          {chosen.stop.site.address && <p className="kern-body">{chosen.stop.site.address}</p>}
          <ChosenServices services={services} quantities={quantities} />
          <p className="kern-body">{t('picker.total', { count: chosen.durationMinutes })}</p>
          <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setStep(2)}>
            <span className="kern-label">{t('booking.changeSlot')}</span>
          </button>
        </div>
        {failure && <LoadError message={failure} />}
        <form noValidate onSubmit={submitContact} className="booking-form">
          <ErrorSummary errors={errors} submission={submission} />
          <ContactFields value={contact} onChange={setContact} errors={contactErrors} />
          <div className="kern-alert kern-alert--info data-notice">
            <div className="kern-alert__header">
              <span className="kern-icon kern-icon--info" aria-hidden="true" />
              <h2 className="kern-title">{t('booking.dataHeading')}</h2>
            </div>
            <div className="kern-alert__body">
              <p className="kern-body">{t('booking.dataText')}</p>
              <p className="kern-body">{t('booking.dataRetention')}</p>
            </div>
          </div>
          <CaptchaStatus state={captcha.state} />
          <button
            type="submit"
            className="kern-btn kern-btn--primary"
            aria-disabled={submitting || undefined}
          >
            <span className="kern-label">{submitting ? t('booking.submitting') : t('booking.submit')}</span>
          </button>
        </form>
      </>
    );
  }

  if (step === 4 && held) {
    const holdMinutes = Math.max(1, Math.round((Date.parse(held.holdExpiresAt) - Date.now()) / 60_000));
    return (
      <>
        <StepHeading step={4} total={totalSteps} process={process}>
          {t('booking.step4')}
        </StepHeading>
        <p className="kern-body kern-body--large">{t('booking.mailSent', { email: held.email })}</p>
        <p className="kern-body">
          {t('booking.holdUntil', { time: formatTime(held.holdExpiresAt, language), count: holdMinutes })}
        </p>
        <p className="kern-body">{t('booking.noMail')}</p>
      </>
    );
  }

  // A step without its data (cannot normally happen): start again.
  return (
    <>
      <PageHeading>{t('booking.title')}</PageHeading>
      <button type="button" className="kern-btn kern-btn--primary" onClick={() => setStep(1)}>
        <span className="kern-label">{t('booking.restart')}</span>
      </button>
    </>
  );
}

/** `/buchen`: choose services, a slot, give contact details, then confirm by e-mail (double opt-in). */
export function BookingPage() {
  const { t } = useTranslation();
  const services = useApi<ListResponse<Service>>('/api/v1/services');
  const stops = useApi<ListResponse<Stop>>('/api/v1/stops');
  const districts = useApi<ListResponse<District>>('/api/v1/districts');
  const sites = useApi<ListResponse<Site>>('/api/v1/sites');
  const states = [services, stops, districts, sites];

  if (states.some((state) => state.status === 'error')) {
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
    return (
      <>
        <PageHeading>{t('booking.title')}</PageHeading>
        <LoadingStatus />
      </>
    );
  }
  return (
    <BookingFlow
      services={bookableServices(services.data.items, stops.data.items)}
      districts={districts.data.items}
      sites={sites.data.items}
    />
  );
}
