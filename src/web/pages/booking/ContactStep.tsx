import { useReducer, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Navigate, useNavigate } from 'react-router';
import { ApiProblem, postJson } from '../../api/client.ts';
import type { Problem, Service, Stop } from '../../api/types.ts';
import { useApi } from '../../api/useApi.ts';
import { useCaptcha } from '../../captcha/useCaptcha.ts';
import { LoadError, LoadingStatus } from '../../components/ApiStatus/ApiStatus.tsx';
import { CaptchaStatus, captchaFieldId } from '../../components/CaptchaStatus/CaptchaStatus.tsx';
import { ContactFields, contactErrorMessage } from '../../components/ContactFields/ContactFields.tsx';
import { contactFieldIds, validateContact } from '../../components/ContactFields/contactInput.ts';
import { DistrictQuestion } from '../../components/DistrictQuestion/DistrictQuestion.tsx';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { GermanDataText } from '../../components/GermanDataText/GermanDataText.tsx';
import { toRequested, totalMinutes } from '../../components/ServicePicker/servicePicker.ts';
import { slotLabel } from '../../components/SlotPicker/slotLabel.ts';
import { StepHeading } from '../../components/StepHeading/StepHeading.tsx';
import { LoadError as Failure } from '../../components/ApiStatus/ApiStatus.tsx';
import { useLanguage } from '../../useLanguage.ts';
import { BookingSummary } from './BookingSummary.tsx';
import { StepBackLink } from './BackLink.tsx';
import { bookingPath, previousPath, stepNumber, totalSteps, type BookingQuery } from './bookingSteps.ts';
import { contactStepReducer, initialContactState } from './contactStepState.ts';
import type { SentState } from './SentStep.tsx';
import type { StepNotice } from './TimeStep.tsx';

/** Step 4, `/buchen/angaben?stopId=…&startsAt=…`: name and e-mail; the time is held and a mail goes out. */
export function ContactStep({
  services,
  query,
  retentionDays,
}: {
  services: Service[];
  query: BookingQuery;
  retentionDays: number | null;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const captcha = useCaptcha();
  const [state, dispatch] = useReducer(contactStepReducer, initialContactState);
  const [districtId, setDistrictId] = useState('');
  const [feedbackOptOut, setFeedbackOptOut] = useState(false);
  const stop = useApi<Stop>(`/api/v1/stops/${encodeURIComponent(query.stopId || 'none')}`);
  if (!query.stopId || !query.startsAt) return <Navigate to={bookingPath('time', query)} replace />;

  const backToTimes = (notice: StepNotice['notice']) =>
    void navigate(bookingPath('time', query), { state: { notice } satisfies StepNotice });

  const applyProblem = (problem: Problem) => {
    const code = problem.code;
    const field = problem.field ?? '';
    if (code === 'slot_full' || code === 'slot_unavailable' || code === 'stop_not_bookable')
      return backToTimes('slotFull');
    if (field === 'stopId' || field === 'startsAt') return backToTimes('slotGone');
    if (code === 'booking_limit')
      return dispatch({ type: 'fieldRejected', field: 'email', message: t('booking.errors.bookingLimit') });
    if (code === 'hold_limit_reached' || code === 'hold_share_reached')
      return dispatch({
        type: 'failed',
        message: t(code === 'hold_limit_reached' ? 'booking.errors.holdLimit' : 'booking.errors.holdShare'),
      });
    if (field === 'captcha' || code === 'captcha_invalid')
      return dispatch({ type: 'captchaFailed', message: t('booking.errors.captcha') });
    if (field === 'name' || field === 'email' || field === 'phone')
      return dispatch({ type: 'fieldRejected', field, message: t(`contact.errors.${field}.invalid`) });
    if (field.startsWith('services')) return void navigate(bookingPath('services', query));
    dispatch({
      type: 'failed',
      message: problem.status === 429 ? t('booking.errors.tooMany') : t('booking.errors.general'),
    });
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (state.submitting) return;
    const found = validateContact(state.contact);
    if (found.length > 0) {
      dispatch({
        type: 'invalid',
        errors: Object.fromEntries(found.map((error) => [error.field, contactErrorMessage(t, error)])),
      });
      return;
    }
    dispatch({ type: 'submitting' });
    const solution = await captcha.take().catch(() => null);
    if (!solution) return dispatch({ type: 'captchaFailed', message: t('booking.errors.captcha') });
    try {
      const { contact } = state;
      const result = await postJson<{ bookingId: string; holdExpiresAt: string }>('/api/v1/bookings', {
        stopId: query.stopId,
        startsAt: query.startsAt,
        services: toRequested(query.quantities),
        name: contact.name.trim(),
        email: contact.email.trim(),
        ...(contact.phone.trim() ? { phone: contact.phone.trim() } : {}),
        ...(districtId ? { originDistrictId: districtId } : {}),
        ...(feedbackOptOut ? { feedbackOptOut: true } : {}),
        locale: language,
        captcha: solution,
      });
      dispatch({ type: 'sent' });
      void navigate(bookingPath('sent', {}), {
        state: { email: contact.email.trim(), holdExpiresAt: result.holdExpiresAt } satisfies SentState,
      });
    } catch (error) {
      applyProblem(error instanceof ApiProblem ? error.problem : { status: 0 });
    }
  };

  const errors: FieldError[] = [
    ...(['name', 'email', 'phone'] as const)
      .filter((field) => state.errors[field])
      .map((field) => ({ fieldId: contactFieldIds[field], message: state.errors[field]! })),
    ...(state.captchaError ? [{ fieldId: captchaFieldId, message: state.captchaError }] : []),
  ];
  const chosen = () => {
    if (stop.status === 'loading') return <LoadingStatus />;
    if (stop.status === 'error') return <LoadError />;
    return (
      <>
        <p className="kern-body kern-body--bold">
          {slotLabel(t, language, query.startsAt, stop.data.site.name)}
        </p>
        {stop.data.site.address && (
          <GermanDataText as="p" className="kern-body">
            {stop.data.site.address}
          </GermanDataText>
        )}
      </>
    );
  };

  return (
    <>
      <StepBackLink to={previousPath('contact', query)} />
      <StepHeading step={stepNumber('contact')} total={totalSteps} process={t('booking.title')}>
        {t('booking.step3')}
      </StepHeading>
      <div className="booking-summary">
        <p className="kern-body">{t('booking.chosenSlot')}</p>
        {chosen()}
      </div>
      <BookingSummary
        services={services}
        quantities={query.quantities}
        minutes={totalMinutes(services, query.quantities)}
      />
      {state.failure && <Failure message={state.failure} />}
      <form noValidate onSubmit={submit} className="booking-form">
        <ErrorSummary errors={errors} submission={state.submission} />
        <ContactFields
          value={state.contact}
          onChange={(contact) => dispatch({ type: 'edit', contact })}
          errors={state.errors}
        />
        <DistrictQuestion value={districtId} onChange={setDistrictId} />
        <div className="kern-form-check">
          <input
            className="kern-form-check__checkbox"
            id="feedback-opt-out"
            type="checkbox"
            checked={feedbackOptOut}
            onChange={(event) => setFeedbackOptOut(event.target.checked)}
          />
          <label className="kern-label" htmlFor="feedback-opt-out">
            {t('booking.feedbackOptOut')}
          </label>
        </div>
        <div className="kern-alert kern-alert--info data-notice">
          <div className="kern-alert__header">
            <span className="kern-icon kern-icon--info" aria-hidden="true" />
            <h2 className="kern-title">{t('booking.dataHeading')}</h2>
          </div>
          <div className="kern-alert__body">
            <p className="kern-body">{t('booking.dataText')}</p>
            <p className="kern-body">{t('booking.dataRetention', { count: retentionDays ?? 30 })}</p>
          </div>
        </div>
        <CaptchaStatus state={captcha.state} />
        <button
          type="submit"
          className="kern-btn kern-btn--primary"
          aria-disabled={state.submitting || undefined}
        >
          <span className="kern-label">
            {state.submitting ? t('booking.submitting') : t('booking.submit')}
          </span>
        </button>
      </form>
    </>
  );
}
