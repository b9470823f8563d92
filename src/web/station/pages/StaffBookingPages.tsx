import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Link, useNavigate, useParams } from 'react-router';
import type { StaffBookingConfirmation } from '../../../contracts/staffBooking.ts';
import { ApiProblem } from '../../api/client.ts';
import { stationApi } from '../api/client.ts';
import { ErrorSummary, FieldErrorMessage, Notice, TextField, type FieldError } from '../components/Form.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { berlinToday, formatDate, formatTime, serviceName } from '../format.ts';
import { useStationDay } from '../useStationDay.ts';

const phonePattern = /^[0-9 +()/-]{5,40}$/;
const fieldIds = {
  time: 'booking-time',
  name: 'booking-name',
  phone: 'booking-phone',
  submit: 'booking-submit',
};

/**
 * A clerk books for a citizen who calls or stands at the counter: services, a free time, name and, if they
 * like, a phone number; no e-mail. The booking is confirmed at once, and the printable confirmation follows.
 */
export function StaffBookingPage() {
  const { stopId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { day, services, loading } = useStationDay(stopId);
  const [chosen, setChosen] = useState<string[]>([]);
  const [times, setTimes] = useState<string[]>();
  const [timesFailed, setTimesFailed] = useState(false);
  const [startsAt, setStartsAt] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [busy, setBusy] = useState(false);
  const [timesRound, setTimesRound] = useState(0);
  const language = i18n.language;
  const firstServiceId = services[0] ? `booking-service-${services[0].id}` : fieldIds.submit;
  const date = day ? berlinToday(new Date(day.stop.startsAt)) : undefined;
  const chosenKey = chosen.join(',');

  // The free times follow the chosen services (their summed duration decides what fits).
  useEffect(() => {
    if (!date || chosenKey === '') {
      setTimes(undefined);
      return;
    }
    let cancelled = false;
    setTimesFailed(false);
    stationApi
      .freeTimes(stopId, date, chosenKey.split(','))
      .then((free) => {
        if (cancelled) return;
        setTimes(free);
        setStartsAt((current) => (free.includes(current) ? current : ''));
      })
      .catch(() => {
        if (!cancelled) setTimesFailed(true);
      });
    return () => {
      cancelled = true;
    };
  }, [stopId, date, chosenKey, timesRound]);

  const toggle = (id: string, on: boolean) =>
    setChosen((current) => (on ? [...current, id].sort() : current.filter((serviceId) => serviceId !== id)));

  const validate = (): FieldError[] => {
    const found: FieldError[] = [];
    if (chosen.length === 0)
      found.push({ fieldId: firstServiceId, message: t('staffBooking.errors.noService') });
    if (!startsAt) found.push({ fieldId: fieldIds.time, message: t('staffBooking.errors.noTime') });
    if (name.trim().length < 2)
      found.push({ fieldId: fieldIds.name, message: t('staffBooking.errors.name') });
    if (phone.trim() && !phonePattern.test(phone.trim())) {
      found.push({ fieldId: fieldIds.phone, message: t('staffBooking.errors.phone') });
    }
    return found;
  };

  const serverError = (error: unknown): FieldError => {
    if (!(error instanceof ApiProblem) || error.status === 0) {
      return { fieldId: fieldIds.submit, message: t('staffBooking.errors.offline') };
    }
    const field = error.field ?? '';
    if (error.status === 409) {
      setTimesRound((n) => n + 1);
      return { fieldId: fieldIds.time, message: t('staffBooking.errors.taken') };
    }
    if (field.startsWith('name')) return { fieldId: fieldIds.name, message: t('staffBooking.errors.name') };
    if (field.startsWith('phone'))
      return { fieldId: fieldIds.phone, message: t('staffBooking.errors.phone') };
    if (field.startsWith('services')) {
      return { fieldId: firstServiceId, message: t('staffBooking.errors.serviceNotOffered') };
    }
    if (field.startsWith('startsAt'))
      return { fieldId: fieldIds.time, message: t('staffBooking.errors.taken') };
    return { fieldId: fieldIds.submit, message: t('staffBooking.errors.failed') };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmission((n) => n + 1);
    const found = validate();
    setErrors(found);
    if (found.length > 0 || busy) return;
    setBusy(true);
    try {
      const created = await stationApi.createStaffBooking(stopId, {
        startsAt,
        services: chosen.map((serviceId) => ({ serviceId, quantity: 1 })),
        name: name.trim(),
        ...(phone.trim() ? { phone: phone.trim() } : {}),
        locale: language === 'en' ? 'en' : 'de',
      });
      await navigate(`/station/tag/${stopId}/termin/${created.bookingId}`);
    } catch (error) {
      setErrors([serverError(error)]);
    } finally {
      setBusy(false);
    }
  };

  const errorOf = (fieldId: string) => errors.find((error) => error.fieldId === fieldId)?.message;
  const serviceError = errorOf(firstServiceId);
  const timeError = errorOf(fieldIds.time);
  const submitError = errorOf(fieldIds.submit);

  return (
    <>
      <p className="kern-body">
        <Link className="kern-link" to={`/station/tag/${stopId}`}>
          {t('staffBooking.back')}
        </Link>
      </p>
      <PageHeading>{t('staffBooking.heading')}</PageHeading>
      {day && (
        <p className="kern-body">
          {day.stop.siteName} · {formatDate(day.stop.startsAt, language)}
        </p>
      )}
      <p className="kern-body">{t('staffBooking.intro')}</p>
      {!day && !loading && <Notice tone="warning">{t('day.failed')}</Notice>}
      <form className="station-form" noValidate onSubmit={(event) => void submit(event)}>
        <ErrorSummary errors={errors} submission={submission} />
        <fieldset
          className={`kern-fieldset${serviceError ? ' kern-fieldset--error' : ''}`}
          aria-describedby={serviceError ? 'booking-services-error' : undefined}
        >
          <legend className="kern-label">{t('staffBooking.services')}</legend>
          {serviceError && <FieldErrorMessage id="booking-services-error" message={serviceError} />}
          <div className="kern-fieldset__body">
            {services.map((service) => (
              <div className="kern-form-check" key={service.id}>
                <input
                  className="kern-form-check__checkbox"
                  id={`booking-service-${service.id}`}
                  type="checkbox"
                  checked={chosen.includes(service.id)}
                  onChange={(event) => toggle(service.id, event.target.checked)}
                />
                <label className="kern-label" htmlFor={`booking-service-${service.id}`}>
                  {serviceName(service, language)}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <div className={`kern-form-input${timeError ? ' kern-form-input--error' : ''}`}>
          <label className="kern-label" htmlFor={fieldIds.time}>
            {t('staffBooking.time')}
          </label>
          <div className="kern-hint" id={`${fieldIds.time}-hint`}>
            {chosen.length === 0
              ? t('staffBooking.timeHintFirst')
              : timesFailed
                ? t('staffBooking.timesFailed')
                : times === undefined
                  ? t('common.loading')
                  : t('staffBooking.timesFree', { count: times.length })}
          </div>
          {timeError && <FieldErrorMessage id={`${fieldIds.time}-error`} message={timeError} />}
          <div className="kern-form-input__select-wrapper">
            <select
              id={fieldIds.time}
              className="kern-form-input__select"
              value={startsAt}
              aria-describedby={[`${fieldIds.time}-hint`, timeError ? `${fieldIds.time}-error` : '']
                .filter(Boolean)
                .join(' ')}
              aria-invalid={timeError ? true : undefined}
              onChange={(event) => setStartsAt(event.target.value)}
            >
              <option value="">{t('staffBooking.timeChoose')}</option>
              {(times ?? []).map((time) => (
                <option key={time} value={time}>
                  {t('staffBooking.timeOption', { time: formatTime(time, language) })}
                </option>
              ))}
            </select>
          </div>
        </div>
        <TextField
          id={fieldIds.name}
          label={t('staffBooking.name')}
          hint={t('staffBooking.nameHint')}
          value={name}
          onValueChange={setName}
          error={errorOf(fieldIds.name)}
          autoComplete="off"
        />
        <TextField
          id={fieldIds.phone}
          type="tel"
          label={t('staffBooking.phone')}
          hint={t('staffBooking.phoneHint')}
          optional
          value={phone}
          onValueChange={setPhone}
          error={errorOf(fieldIds.phone)}
          autoComplete="off"
        />
        {submitError && <FieldErrorMessage id={`${fieldIds.submit}-error`} message={submitError} />}
        <div>
          <button
            id={fieldIds.submit}
            type="submit"
            className="kern-btn kern-btn--primary"
            disabled={busy}
            aria-describedby={submitError ? `${fieldIds.submit}-error` : undefined}
          >
            <span className="kern-label">{t('staffBooking.submit')}</span>
          </button>
        </div>
      </form>
    </>
  );
}

/** The printable confirmation of a staff booking: it replaces the mail the citizen does not get. */
export function StaffBookingConfirmationPage() {
  const { stopId = '', bookingId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [booking, setBooking] = useState<StaffBookingConfirmation>();
  const [failed, setFailed] = useState(false);
  const [qr, setQr] = useState<string>();
  const language = i18n.language;

  useEffect(() => {
    let cancelled = false;
    stationApi
      .staffBookingConfirmation(bookingId)
      .then((loaded) => {
        if (!cancelled) setBooking(loaded);
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
    };
  }, [bookingId]);

  useEffect(() => {
    if (!booking) return;
    // The same QR code as in the citizen's mail: the booking code itself, scanned at check-in.
    void QRCode.toDataURL(booking.code, { errorCorrectionLevel: 'M', margin: 2, width: 240 }).then(setQr);
  }, [booking]);

  const documents = booking
    ? [...new Set(booking.services.flatMap((s) => (language === 'de' ? s.documents : s.documentsEn)))]
    : [];

  return (
    <>
      <div className="no-print">
        <p className="kern-body">
          <Link className="kern-link" to={`/station/tag/${stopId}`}>
            {t('staffBooking.back')}
          </Link>
        </p>
        {booking && (
          <div role="status">
            <p className="kern-body kern-body--bold">{t('staffBooking.booked')}</p>
          </div>
        )}
      </div>
      <div className="booking-print">
        <PageHeading>{t('staffBooking.confirmationHeading')}</PageHeading>
        {failed && <Notice tone="warning">{t('staffBooking.confirmationFailed')}</Notice>}
        {booking && (
          <>
            <dl className="booking-print__facts">
              <dt>{t('staffBooking.facts.date')}</dt>
              <dd>
                {formatDate(booking.startsAt, language)},{' '}
                {t('staffBooking.facts.timeValue', { time: formatTime(booking.startsAt, language) })}
              </dd>
              <dt>{t('staffBooking.facts.place')}</dt>
              <dd>
                {booking.siteName}
                {booking.address ? `, ${booking.address}` : ''}
              </dd>
              <dt>{t('staffBooking.facts.code')}</dt>
              <dd>
                <strong className="booking-print__code">{booking.code}</strong>
              </dd>
              {booking.name && (
                <>
                  <dt>{t('staffBooking.facts.name')}</dt>
                  <dd>{booking.name}</dd>
                </>
              )}
              <dt>{t('staffBooking.facts.services')}</dt>
              <dd>{booking.services.map((s) => `${s.quantity} × ${serviceName(s, language)}`).join(', ')}</dd>
            </dl>
            {qr && (
              <img
                className="booking-print__qr"
                src={qr}
                width={240}
                height={240}
                alt={t('staffBooking.qrAlt', { code: booking.code })}
              />
            )}
            <h2 className="kern-heading-medium">{t('staffBooking.bring')}</h2>
            {documents.length > 0 ? (
              <ul className="kern-list">
                {documents.map((document) => (
                  <li key={document}>{document}</li>
                ))}
              </ul>
            ) : (
              <p className="kern-body">{t('staffBooking.bringNothing')}</p>
            )}
            <h2 className="kern-heading-medium">{t('staffBooking.cancelHeading')}</h2>
            <p className="kern-body">
              {booking.contactPhone
                ? t('staffBooking.cancelByPhone', { phone: booking.contactPhone })
                : t('staffBooking.cancelByPhoneNoNumber')}
            </p>
          </>
        )}
      </div>
      {booking && (
        <div className="no-print button-row">
          <button type="button" className="kern-btn kern-btn--primary" onClick={() => window.print()}>
            <span className="kern-label">{t('staffBooking.print')}</span>
          </button>
          <Link className="kern-link" to={`/station/tag/${stopId}/termin`}>
            {t('staffBooking.another')}
          </Link>
        </div>
      )}
    </>
  );
}
