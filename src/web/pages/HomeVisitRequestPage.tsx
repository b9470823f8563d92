import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import { Link } from 'react-router';
import type { HomeVisitRequest } from '../../contracts/homeVisit.ts';
import { ApiProblem, postJson } from '../api/client.ts';
import type { District, ListResponse, Service } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { ActionResult } from '../components/ActionResult/ActionResult.tsx';
import { LoadError } from '../components/ApiStatus/ApiStatus.tsx';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary/ErrorSummary.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { FieldErrorMessage, SelectField, TextField } from '../components/TextField/TextField.tsx';

type VisitFor = HomeVisitRequest['visitFor'];
type Reason = HomeVisitRequest['reason'];
const visitFors: VisitFor[] = ['self', 'relative', 'care_home'];
const reasons: Reason[] = ['mobility', 'illness', 'care'];
const time = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const minutes = (value: string) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));

/** The most services and time spans one request may name (the API's limits). */
export const MAX_SERVICES = 10;
export const MAX_SPANS = 20;

interface Span {
  /** a stable key for React, not sent */
  key: number;
  date: string;
  from: string;
  until: string;
}
const spanFieldId = (field: 'date' | 'from' | 'until', index: number) => `hv-${field}-${index}`;
const serviceFieldId = (serviceId: string) => `hv-service-${serviceId}`;

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
  requesterName: 'hv-requester-name',
  requesterEmail: 'hv-requester-email',
  consent: 'hv-consent',
} as const;
type Field = keyof typeof ids;
type TextFieldName = Exclude<Field, 'consent' | 'service'>;
/** Where a server problem's `field` points: the field's id and the message's key. */
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
};
function serverField(field: string): { id: string; key: string } {
  const span = /^availability(?:\[(\d+)\](?:\.(date|from|until))?)?$/.exec(field);
  if (span) {
    const which = (span[2] ?? 'date') as 'date' | 'from' | 'until';
    return { id: spanFieldId(which, Number(span[1] ?? 0)), key: which };
  }
  const known = serverFields[field] ?? 'service';
  return { id: ids[known], key: known };
}

/**
 * `/hausbesuch`: a citizen who cannot come asks for a home visit for themself, a relative or a care-home
 * resident, naming one or more services and one or more time spans that suit. On someone else's behalf the
 * consent box must be ticked; its text is sent as shown.
 */
export function HomeVisitRequestPage() {
  const { t, i18n } = useTranslation();
  const services = useApi<ListResponse<Service>>('/api/v1/services');
  const districts = useApi<ListResponse<District>>('/api/v1/districts');
  const [form, setForm] = useState<Record<TextFieldName, string>>({
    visitFor: 'self',
    reason: 'mobility',
    reasonDetails: '',
    personName: '',
    street: '',
    postcode: '',
    city: '',
    addressNote: '',
    phone: '',
    district: '',
    requesterName: '',
    requesterEmail: '',
  });
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const [spans, setSpans] = useState<Span[]>([{ key: 0, date: '', from: '09:00', until: '12:00' }]);
  const [focusSpan, setFocusSpan] = useState<number | 'add'>();
  const addSpanButton = useRef<HTMLButtonElement>(null);
  const [consent, setConsent] = useState(false);
  /** messages by the field's id, in the order of the form */
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submission, setSubmission] = useState(0);
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | 'tooMany' | 'failed'>('idle');
  const set = (field: TextFieldName) => (value: string) =>
    setForm((current) => ({ ...current, [field]: value }));
  const setSpan = (index: number, field: 'date' | 'from' | 'until') => (value: string) =>
    setSpans((current) => current.map((span, at) => (at === index ? { ...span, [field]: value } : span)));
  const addSpan = () => {
    if (spans.length >= MAX_SPANS) return;
    const last = spans[spans.length - 1];
    setSpans((current) => [
      ...current,
      {
        key: Math.max(...current.map((span) => span.key)) + 1,
        date: '',
        from: last?.from ?? '09:00',
        until: last?.until ?? '12:00',
      },
    ]);
    setFocusSpan(spans.length);
  };
  const removeSpan = (index: number) => {
    setSpans((current) => current.filter((_, at) => at !== index));
    setErrors({});
    setFocusSpan('add');
  };
  useEffect(() => {
    if (focusSpan === undefined) return;
    if (focusSpan === 'add') addSpanButton.current?.focus();
    else document.getElementById(spanFieldId('date', focusSpan))?.focus();
    setFocusSpan(undefined);
  }, [focusSpan]);
  const forSomeoneElse = form.visitFor !== 'self';
  const consentText = t('homeVisitRequest.consent');

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (state === 'sending') return;
    const found: Record<string, string> = {};
    const need = (field: TextFieldName, ok: boolean) => {
      if (!ok) found[ids[field]] = t(`homeVisitRequest.errors.${field}`);
    };
    if (serviceIds.length === 0) found[ids.service] = t('homeVisitRequest.errors.service');
    else if (serviceIds.length > MAX_SERVICES)
      found[ids.service] = t('homeVisitRequest.errors.serviceTooMany', { max: MAX_SERVICES });
    need('personName', form.personName.trim().length >= 2);
    need('street', form.street.trim().length >= 3);
    need('postcode', /^[0-9]{5}$/.test(form.postcode.trim()));
    need('city', form.city.trim().length >= 2);
    need('district', form.district !== '');
    spans.forEach((span, index) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(span.date))
        found[spanFieldId('date', index)] = t('homeVisitRequest.errors.date');
      if (!time.test(span.from)) found[spanFieldId('from', index)] = t('homeVisitRequest.errors.from');
      else if (!time.test(span.until) || minutes(span.until) - minutes(span.from) < 60)
        found[spanFieldId('until', index)] = t('homeVisitRequest.errors.until');
    });
    need('requesterName', form.requesterName.trim().length >= 2);
    need(
      'requesterEmail',
      !form.requesterEmail.trim() || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.requesterEmail.trim()),
    );
    if (forSomeoneElse && !consent) found[ids.consent] = t('homeVisitRequest.errors.consent');
    setErrors(found);
    setSubmission((count) => count + 1);
    if (Object.keys(found).length > 0) return;
    setState('sending');
    try {
      // The schema's locale is a union built from a list, which the static type does not spell out.
      const body: Omit<HomeVisitRequest, 'locale'> & { locale: string } = {
        visitFor: form.visitFor as VisitFor,
        serviceIds,
        reason: form.reason as Reason,
        reasonDetails: form.reasonDetails.trim(),
        personName: form.personName.trim(),
        street: form.street.trim(),
        postcode: form.postcode.trim(),
        city: form.city.trim(),
        addressNote: form.addressNote.trim(),
        phone: form.phone.trim(),
        districtId: form.district,
        availability: spans.map(({ date, from, until }) => ({ date, from, until })),
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
      const field = serverField(error instanceof ApiProblem ? (error.field ?? '') : '');
      if (status === 422 || status === 400) {
        const code = error instanceof ApiProblem ? error.code : undefined;
        const key =
          code === 'outside_municipality' ? 'outside' : code === 'consent_required' ? 'consent' : field.key;
        setErrors({ [field.id]: t(`homeVisitRequest.errors.${key}`) });
        setSubmission((count) => count + 1);
        setState('idle');
      } else setState(status === 429 ? 'tooMany' : 'failed');
    }
  };

  // The summary lists the errors in the order of the form.
  const order: string[] = [
    ids.visitFor,
    ids.service,
    ids.reason,
    ids.reasonDetails,
    ids.personName,
    ids.street,
    ids.postcode,
    ids.city,
    ids.district,
    ids.addressNote,
    ids.phone,
    ...spans.flatMap((_, index) => (['date', 'from', 'until'] as const).map((f) => spanFieldId(f, index))),
    ids.requesterName,
    ids.requesterEmail,
    ids.consent,
  ];
  const summary: FieldError[] = order.flatMap((fieldId) =>
    errors[fieldId] ? [{ fieldId, message: errors[fieldId] }] : [],
  );
  const serviceOptions = (services.status === 'ready' ? services.data.items : []).map((service) => ({
    value: service.id,
    label: i18n.language === 'de' ? service.nameDe : service.nameEn,
  }));
  const serviceError = errors[ids.service];
  const districtOptions = (districts.status === 'ready' ? districts.data.items : []).map((district) => ({
    value: district.id,
    label: district.name,
  }));
  const text = (field: TextFieldName, props: Record<string, unknown> = {}) => (
    <TextField
      id={ids[field]}
      label={t(`homeVisitRequest.fields.${field}`)}
      value={form[field]}
      onValueChange={set(field)}
      error={errors[ids[field]]}
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
        <fieldset
          className={`kern-fieldset${serviceError ? ' kern-fieldset--error' : ''}`}
          aria-describedby={`${ids.service}-hint${serviceError ? ` ${ids.service}-error` : ''}`}
        >
          <legend className="kern-label">{t('homeVisitRequest.fields.service')}</legend>
          <div className="kern-hint" id={`${ids.service}-hint`}>
            {t('homeVisitRequest.hints.service', { max: MAX_SERVICES })}
          </div>
          {serviceError && <FieldErrorMessage id={`${ids.service}-error`} message={serviceError} />}
          {/* The summary links here; the fieldset itself cannot take the focus. */}
          <span id={ids.service} tabIndex={-1} />
          <div className="kern-fieldset__body checkbox-columns">
            {serviceOptions.map((option) => (
              <div className="kern-form-check" key={option.value}>
                <input
                  className="kern-form-check__checkbox"
                  type="checkbox"
                  id={serviceFieldId(option.value)}
                  checked={serviceIds.includes(option.value)}
                  onChange={(event) => {
                    const checked = event.target.checked;
                    setServiceIds((current) =>
                      checked ? [...current, option.value] : current.filter((id) => id !== option.value),
                    );
                  }}
                />
                <label className="kern-label" htmlFor={serviceFieldId(option.value)}>
                  {option.label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
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
          error={errors[ids.district]}
          options={[{ value: '', label: t('homeVisitRequest.choose') }, ...districtOptions]}
        />
        {text('addressNote', { optional: true, hint: t('homeVisitRequest.hints.addressNote') })}
        {text('phone', { optional: true, type: 'tel', autoComplete: 'tel' })}
        <h2 className="kern-heading-small">{t('homeVisitRequest.spansHeading')}</h2>
        <p className="kern-body">{t('homeVisitRequest.spansIntro')}</p>
        {spans.map((span, index) => (
          <fieldset className="kern-fieldset" key={span.key}>
            <legend className="kern-label">{t('homeVisitRequest.spanLegend', { number: index + 1 })}</legend>
            <div className="kern-fieldset__body">
              <TextField
                id={spanFieldId('date', index)}
                type="date"
                label={t('homeVisitRequest.fields.date')}
                hint={t('homeVisitRequest.hints.date')}
                value={span.date}
                onValueChange={setSpan(index, 'date')}
                error={errors[spanFieldId('date', index)]}
              />
              <TextField
                id={spanFieldId('from', index)}
                label={t('homeVisitRequest.fields.from')}
                hint={t('homeVisitRequest.hints.time')}
                value={span.from}
                onValueChange={setSpan(index, 'from')}
                error={errors[spanFieldId('from', index)]}
              />
              <TextField
                id={spanFieldId('until', index)}
                label={t('homeVisitRequest.fields.until')}
                hint={t('homeVisitRequest.hints.until')}
                value={span.until}
                onValueChange={setSpan(index, 'until')}
                error={errors[spanFieldId('until', index)]}
              />
              {spans.length > 1 && (
                <button
                  type="button"
                  className="kern-btn kern-btn--tertiary"
                  onClick={() => removeSpan(index)}
                >
                  <span className="kern-label">
                    {t('homeVisitRequest.removeSpan', { number: index + 1 })}
                  </span>
                </button>
              )}
            </div>
          </fieldset>
        ))}
        {spans.length < MAX_SPANS && (
          <p className="kern-body">
            <button
              type="button"
              className="kern-btn kern-btn--secondary"
              ref={addSpanButton}
              onClick={addSpan}
            >
              <span className="kern-label">{t('homeVisitRequest.addSpan')}</span>
            </button>
          </p>
        )}
        {text('requesterName', { autoComplete: 'name' })}
        {text('requesterEmail', {
          optional: true,
          type: 'email',
          autoComplete: 'email',
          hint: t('homeVisitRequest.hints.requesterEmail'),
        })}
        {forSomeoneElse && (
          <div className={`kern-form-check${errors[ids.consent] ? ' kern-form-input--error' : ''}`}>
            <input
              id={ids.consent}
              className="kern-form-check__checkbox"
              type="checkbox"
              checked={consent}
              aria-invalid={errors[ids.consent] ? true : undefined}
              aria-describedby={errors[ids.consent] ? `${ids.consent}-error` : undefined}
              onChange={(event) => setConsent(event.target.checked)}
            />
            <label className="kern-label" htmlFor={ids.consent}>
              {consentText}
            </label>
            {errors[ids.consent] && (
              <p id={`${ids.consent}-error`} className="kern-error">
                {errors[ids.consent]}
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
