import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { HomeVisitRequest } from '../../contracts/homeVisit.ts';
import { ApiProblem, postJson } from '../api/client.ts';
import type { District, ListResponse, Service } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { ActionResult } from '../components/ActionResult/ActionResult.tsx';
import { LoadError } from '../components/ApiStatus/ApiStatus.tsx';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary/ErrorSummary.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { SelectField, TextField } from '../components/TextField/TextField.tsx';

type VisitFor = HomeVisitRequest['visitFor'];
type Reason = HomeVisitRequest['reason'];
const visitFors: VisitFor[] = ['self', 'relative', 'care_home'];
const reasons: Reason[] = ['mobility', 'illness', 'care'];
const time = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

const ids = {
  visitFor: 'hv-visit-for',
  service: 'hv-service',
  reason: 'hv-reason',
  reasonDetails: 'hv-reason-details',
  personName: 'hv-person-name',
  street: 'hv-street',
  postcode: 'hv-postcode',
  city: 'hv-city',
  addressNote: 'hv-address-note',
  phone: 'hv-phone',
  district: 'hv-district',
  date: 'hv-date',
  from: 'hv-from',
  until: 'hv-until',
  requesterName: 'hv-requester-name',
  requesterEmail: 'hv-requester-email',
  consent: 'hv-consent',
} as const;
type Field = keyof typeof ids;
/** Where a server problem's `field` points. */
const serverFields: Record<string, Field> = {
  serviceIds: 'service',
  districtId: 'district',
  postcode: 'postcode',
  consent: 'consent',
  personName: 'personName',
  street: 'street',
  city: 'city',
  requesterName: 'requesterName',
  requesterEmail: 'requesterEmail',
  availability: 'date',
};

/**
 * `/hausbesuch`: a citizen who cannot come asks for a home visit for themself, a relative or a care-home
 * resident. On someone else's behalf the consent box must be ticked; its text is sent as shown.
 */
export function HomeVisitRequestPage() {
  const { t, i18n } = useTranslation();
  const services = useApi<ListResponse<Service>>('/api/v1/services');
  const districts = useApi<ListResponse<District>>('/api/v1/districts');
  const [form, setForm] = useState<Record<Exclude<Field, 'consent'>, string>>({
    visitFor: 'self',
    service: '',
    reason: 'mobility',
    reasonDetails: '',
    personName: '',
    street: '',
    postcode: '',
    city: '',
    addressNote: '',
    phone: '',
    district: '',
    date: '',
    from: '09:00',
    until: '12:00',
    requesterName: '',
    requesterEmail: '',
  });
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [submission, setSubmission] = useState(0);
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | 'tooMany' | 'failed'>('idle');
  const set = (field: Exclude<Field, 'consent'>) => (value: string) =>
    setForm((current) => ({ ...current, [field]: value }));
  const forSomeoneElse = form.visitFor !== 'self';
  const consentText = t('homeVisitRequest.consent');

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (state === 'sending') return;
    const found: Partial<Record<Field, string>> = {};
    const need = (field: Exclude<Field, 'consent'>, ok: boolean) => {
      if (!ok) found[field] = t(`homeVisitRequest.errors.${field}`);
    };
    need('service', form.service !== '');
    need('personName', form.personName.trim().length >= 2);
    need('street', form.street.trim().length >= 3);
    need('postcode', /^[0-9]{5}$/.test(form.postcode.trim()));
    need('city', form.city.trim().length >= 2);
    need('district', form.district !== '');
    need('date', /^\d{4}-\d{2}-\d{2}$/.test(form.date));
    need('from', time.test(form.from));
    need('until', time.test(form.until) && form.until > form.from);
    need('requesterName', form.requesterName.trim().length >= 2);
    need(
      'requesterEmail',
      !form.requesterEmail.trim() || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.requesterEmail.trim()),
    );
    if (forSomeoneElse && !consent) found.consent = t('homeVisitRequest.errors.consent');
    setErrors(found);
    setSubmission((count) => count + 1);
    if (Object.keys(found).length > 0) return;
    setState('sending');
    try {
      // The schema's locale is a union built from a list, which the static type does not spell out.
      const body: Omit<HomeVisitRequest, 'locale'> & { locale: string } = {
        visitFor: form.visitFor as VisitFor,
        serviceIds: [form.service],
        reason: form.reason as Reason,
        reasonDetails: form.reasonDetails.trim(),
        personName: form.personName.trim(),
        street: form.street.trim(),
        postcode: form.postcode.trim(),
        city: form.city.trim(),
        addressNote: form.addressNote.trim(),
        phone: form.phone.trim(),
        districtId: form.district,
        availability: [{ date: form.date, from: form.from, until: form.until }],
        requesterName: form.requesterName.trim(),
        ...(form.requesterEmail.trim() ? { requesterEmail: form.requesterEmail.trim() } : {}),
        consent: forSomeoneElse ? consent : false,
        ...(forSomeoneElse ? { consentText } : {}),
        locale: ['de', 'en', 'tr', 'uk', 'ar'].includes(i18n.language) ? i18n.language : 'de',
      };
      await postJson('/api/v1/home-visits', body);
      setState('sent');
    } catch (error) {
      const problem = error instanceof ApiProblem ? error.problem : undefined;
      const status = problem?.status ?? 0;
      const field = serverFields[error instanceof ApiProblem ? (error.field ?? '') : ''];
      if (status === 422 || status === 400) {
        const code = error instanceof ApiProblem ? error.code : undefined;
        const key =
          code === 'outside_municipality'
            ? 'outside'
            : code === 'consent_required'
              ? 'consent'
              : (field ?? 'service');
        setErrors({ [field ?? 'service']: t(`homeVisitRequest.errors.${key}`) });
        setSubmission((count) => count + 1);
        setState('idle');
      } else setState(status === 429 ? 'tooMany' : 'failed');
    }
  };

  const order: Field[] = Object.keys(ids) as Field[];
  const summary: FieldError[] = order.flatMap((field) =>
    errors[field] ? [{ fieldId: ids[field], message: errors[field] }] : [],
  );
  const serviceOptions = (services.status === 'ready' ? services.data.items : []).map((service) => ({
    value: service.id,
    label: i18n.language === 'de' ? service.nameDe : service.nameEn,
  }));
  const districtOptions = (districts.status === 'ready' ? districts.data.items : []).map((district) => ({
    value: district.id,
    label: district.name,
  }));
  const text = (field: Exclude<Field, 'consent'>, props: Record<string, unknown> = {}) => (
    <TextField
      id={ids[field]}
      label={t(`homeVisitRequest.fields.${field}`)}
      value={form[field]}
      onValueChange={set(field)}
      error={errors[field]}
      {...props}
    />
  );

  if (state === 'sent')
    return (
      <>
        <PageHeading>{t('homeVisitRequest.title')}</PageHeading>
        <ActionResult tone="success" title={t('homeVisitRequest.sentTitle')}>
          <p className="kern-body">{t('homeVisitRequest.sentText')}</p>
        </ActionResult>
      </>
    );
  return (
    <>
      <PageHeading>{t('homeVisitRequest.title')}</PageHeading>
      <p className="kern-body">{t('homeVisitRequest.intro')}</p>
      <p className="kern-body">
        <Link to="/hausbesuch/pruefen" className="kern-link">
          {t('homeVisitRequest.verifyLink')}
        </Link>
      </p>
      {state === 'tooMany' && <LoadError message={t('booking.errors.tooMany')} />}
      {state === 'failed' && <LoadError message={t('booking.errors.general')} />}
      <form noValidate onSubmit={submit} className="booking-form">
        <ErrorSummary errors={summary} submission={submission} />
        <SelectField
          id={ids.visitFor}
          label={t('homeVisitRequest.fields.visitFor')}
          value={form.visitFor}
          onValueChange={set('visitFor')}
          options={visitFors.map((value) => ({ value, label: t(`homeVisitRequest.visitFor.${value}`) }))}
        />
        <SelectField
          id={ids.service}
          label={t('homeVisitRequest.fields.service')}
          value={form.service}
          onValueChange={set('service')}
          error={errors.service}
          options={[{ value: '', label: t('homeVisitRequest.choose') }, ...serviceOptions]}
        />
        <SelectField
          id={ids.reason}
          label={t('homeVisitRequest.fields.reason')}
          value={form.reason}
          onValueChange={set('reason')}
          options={reasons.map((value) => ({ value, label: t(`homeVisitRequest.reasons.${value}`) }))}
        />
        {text('reasonDetails', { optional: true, hint: t('homeVisitRequest.hints.reasonDetails') })}
        {text('personName', { autoComplete: forSomeoneElse ? 'off' : 'name' })}
        {text('street', { autoComplete: 'street-address' })}
        {text('postcode', { autoComplete: 'postal-code', inputMode: 'numeric' })}
        {text('city', { autoComplete: 'address-level2' })}
        <SelectField
          id={ids.district}
          label={t('homeVisitRequest.fields.district')}
          value={form.district}
          onValueChange={set('district')}
          error={errors.district}
          options={[{ value: '', label: t('homeVisitRequest.choose') }, ...districtOptions]}
        />
        {text('addressNote', { optional: true, hint: t('homeVisitRequest.hints.addressNote') })}
        {text('phone', { optional: true, type: 'tel', autoComplete: 'tel' })}
        {text('date', { type: 'date', hint: t('homeVisitRequest.hints.date') })}
        {text('from', { hint: t('homeVisitRequest.hints.time') })}
        {text('until', { hint: t('homeVisitRequest.hints.time') })}
        {text('requesterName', { autoComplete: 'name' })}
        {text('requesterEmail', {
          optional: true,
          type: 'email',
          autoComplete: 'email',
          hint: t('homeVisitRequest.hints.requesterEmail'),
        })}
        {forSomeoneElse && (
          <div className={`kern-form-check${errors.consent ? ' kern-form-input--error' : ''}`}>
            <input
              id={ids.consent}
              className="kern-form-check__checkbox"
              type="checkbox"
              checked={consent}
              aria-invalid={errors.consent ? true : undefined}
              aria-describedby={errors.consent ? `${ids.consent}-error` : undefined}
              onChange={(event) => setConsent(event.target.checked)}
            />
            <label className="kern-label" htmlFor={ids.consent}>
              {consentText}
            </label>
            {errors.consent && (
              <p id={`${ids.consent}-error`} className="kern-error">
                {errors.consent}
              </p>
            )}
          </div>
        )}
        <button
          type="submit"
          className="kern-btn kern-btn--primary"
          aria-disabled={state === 'sending' || undefined}
        >
          <span className="kern-label">{t('homeVisitRequest.submit')}</span>
        </button>
      </form>
    </>
  );
}
