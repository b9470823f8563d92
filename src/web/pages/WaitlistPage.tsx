import { useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import { useSearchParams } from 'react-router';
import { bookableServices } from '../api/bookableServices.ts';
import { ApiProblem, postJson } from '../api/client.ts';
import { DistrictQuestion } from '../components/DistrictQuestion/DistrictQuestion.tsx';
import type { District, ListResponse, Problem, Service, Stop } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { useCaptcha } from '../captcha/useCaptcha.ts';
import { ActionResult } from '../components/ActionResult/ActionResult.tsx';
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
  toRequested,
  validateQuantities,
  type PickableService,
  type Quantities,
} from '../components/ServicePicker/servicePicker.ts';
import { TextField } from '../components/TextField/TextField.tsx';
import { addDays, todayLocal } from '../format/dateTime.ts';
import { useLanguage } from '../useLanguage.ts';

const fromId = 'waitlist-from';
const toId = 'waitlist-to';
const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

function WaitlistForm({ services, districts }: { services: PickableService[]; districts: District[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [searchParams] = useSearchParams();
  const today = todayLocal();
  const offered = new Set(services.map((service) => service.id));
  const [quantities, setQuantities] = useState<Quantities>(() =>
    Object.fromEntries(
      Object.entries(parseServicesParameter(searchParams.get('services'))).filter(([id]) => offered.has(id)),
    ),
  );
  const [districtIds, setDistrictIds] = useState<string[]>(() => {
    const districtId = searchParams.get('districtId');
    return districtId && districts.some((district) => district.id === districtId) ? [districtId] : [];
  });
  const initialFrom = searchParams.get('from');
  const [dateFrom, setDateFrom] = useState(
    initialFrom && isDate(initialFrom) && initialFrom > today ? initialFrom : today,
  );
  const [dateTo, setDateTo] = useState(addDays(today, 42));
  const [contact, setContact] = useState<ContactInput>({ name: '', email: '', phone: '' });
  const [originDistrictId, setOriginDistrictId] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [busy, setBusy] = useState(false);
  const [joined, setJoined] = useState(false);
  const captcha = useCaptcha();

  const serviceErrors = errors.filter(
    (error) => error.fieldId === servicesFieldsetId || error.fieldId.startsWith('quantity-'),
  );
  const errorFor = (fieldId: string) => errors.find((error) => error.fieldId === fieldId)?.message;

  const fromProblem = (problem: Problem): FieldError => {
    const field = problem.field ?? '';
    if (problem.code === 'booking_limit')
      return { fieldId: contactFieldIds.email, message: t('waitlist.errors.limit') };
    if (field === 'captcha') return { fieldId: captchaFieldId, message: t('booking.errors.captcha') };
    if (field === 'name' || field === 'email')
      return { fieldId: contactFieldIds[field], message: t(`contact.errors.${field}.invalid`) };
    if (field === 'dateFrom') return { fieldId: fromId, message: t('waitlist.errors.from') };
    if (field === 'dateTo') return { fieldId: toId, message: t('waitlist.errors.to') };
    if (field.startsWith('services'))
      return { fieldId: servicesFieldsetId, message: t('picker.errors.noService') };
    return { fieldId: contactFieldIds.name, message: t('booking.errors.general') };
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const found: FieldError[] = [
      ...validateQuantities(quantities).map((error) => ({
        fieldId: error.fieldId,
        message: t(`picker.errors.${error.reason}`),
      })),
      ...(!isDate(dateFrom) || dateFrom < today
        ? [{ fieldId: fromId, message: t('waitlist.errors.from') }]
        : []),
      ...(!isDate(dateTo) || dateTo < dateFrom ? [{ fieldId: toId, message: t('waitlist.errors.to') }] : []),
      ...validateContact(contact, { withPhone: false }).map((error) => ({
        fieldId: contactFieldIds[error.field],
        message: contactErrorMessage(t, error),
      })),
    ];
    setErrors(found);
    setSubmission((count) => count + 1);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const solution = await captcha.take();
      await postJson('/api/v1/waitlist', {
        services: toRequested(quantities),
        districtIds,
        siteIds: [],
        dateFrom,
        dateTo,
        name: contact.name.trim(),
        email: contact.email.trim(),
        ...(originDistrictId ? { originDistrictId } : {}),
        locale: language,
        captcha: solution,
      });
      setJoined(true);
    } catch (error) {
      setErrors([
        error instanceof ApiProblem
          ? fromProblem(error.problem)
          : { fieldId: captchaFieldId, message: t('booking.errors.captcha') },
      ]);
      setSubmission((count) => count + 1);
    } finally {
      setBusy(false);
    }
  };

  if (joined) {
    return (
      <ActionResult tone="success" title={t('waitlist.joinedTitle')}>
        <p className="kern-body">{t('waitlist.joinedText', { email: contact.email.trim() })}</p>
      </ActionResult>
    );
  }

  const contactErrors = Object.fromEntries(
    (['name', 'email'] as const).map((field) => [field, errorFor(contactFieldIds[field])]),
  );

  return (
    <form noValidate onSubmit={submit} className="booking-form">
      <ErrorSummary errors={errors} submission={submission} />
      <ServicePicker
        services={services}
        value={quantities}
        onChange={setQuantities}
        errors={serviceErrors.map((error) => ({
          fieldId: error.fieldId,
          reason: error.fieldId === servicesFieldsetId ? 'noService' : 'quantity',
        }))}
        legend={t('booking.servicesLegend')}
      />
      <fieldset className="kern-fieldset" aria-describedby="waitlist-districts-hint">
        <legend className="kern-label">{t('waitlist.districtsLegend')}</legend>
        <div className="kern-hint" id="waitlist-districts-hint">
          {t('waitlist.districtsHint')}
        </div>
        <div className="kern-fieldset__body checkbox-columns">
          {[...districts]
            .sort((a, b) => a.name.localeCompare(b.name, 'de'))
            .map((district) => (
              <div className="kern-form-check" key={district.id}>
                <input
                  className="kern-form-check__checkbox"
                  type="checkbox"
                  id={`waitlist-district-${district.id}`}
                  checked={districtIds.includes(district.id)}
                  onChange={(event) =>
                    setDistrictIds((ids) =>
                      event.target.checked ? [...ids, district.id] : ids.filter((id) => id !== district.id),
                    )
                  }
                />
                <label className="kern-label" htmlFor={`waitlist-district-${district.id}`}>
                  {district.name}
                </label>
              </div>
            ))}
        </div>
      </fieldset>
      <TextField
        id={fromId}
        type="date"
        label={t('waitlist.from')}
        min={today}
        value={dateFrom}
        error={errorFor(fromId)}
        onValueChange={setDateFrom}
      />
      <TextField
        id={toId}
        type="date"
        label={t('waitlist.to')}
        min={dateFrom}
        value={dateTo}
        error={errorFor(toId)}
        onValueChange={setDateTo}
      />
      <ContactFields value={contact} onChange={setContact} errors={contactErrors} withPhone={false} />
      <DistrictQuestion value={originDistrictId} onChange={setOriginDistrictId} />
      <p className="kern-body kern-body--small">{t('waitlist.dataText')}</p>
      <CaptchaStatus state={captcha.state} />
      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-label">{t('waitlist.submit')}</span>
      </button>
    </form>
  );
}

/** `/warteliste`: no slot fits; we write when one that fits becomes free. */
export function WaitlistPage() {
  const { t } = useTranslation();
  const services = useApi<ListResponse<Service>>('/api/v1/services');
  const stops = useApi<ListResponse<Stop>>('/api/v1/stops');
  const districts = useApi<ListResponse<District>>('/api/v1/districts');

  const body = () => {
    if (services.status === 'error' || stops.status === 'error' || districts.status === 'error')
      return <LoadError />;
    if (services.status !== 'ready' || stops.status !== 'ready' || districts.status !== 'ready')
      return <LoadingStatus />;
    return (
      <WaitlistForm
        services={bookableServices(services.data.items, stops.data.items)}
        districts={districts.data.items}
      />
    );
  };

  return (
    <>
      <PageHeading>{t('waitlist.title')}</PageHeading>
      <p className="kern-body">{t('waitlist.intro')}</p>
      {body()}
    </>
  );
}
