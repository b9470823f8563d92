import { useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import { Link, useParams } from 'react-router';
import { ApiProblem, postJson } from '../api/client.ts';
import type { Stop } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { useCaptcha } from '../captcha/useCaptcha.ts';
import { ActionResult } from '../components/ActionResult/ActionResult.tsx';
import { LoadError, LoadingStatus } from '../components/ApiStatus/ApiStatus.tsx';
import { CaptchaStatus, captchaFieldId } from '../components/CaptchaStatus/CaptchaStatus.tsx';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary/ErrorSummary.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { validateEmail } from '../components/ContactFields/contactInput.ts';
import { TextField } from '../components/TextField/TextField.tsx';
import { formatLongDate, formatTime } from '../format/dateTime.ts';
import { intlLocales, localizedName, type Language } from '../format/localized.ts';
import { useLanguage } from '../useLanguage.ts';
import { AccessInfo } from '../components/SiteCard/AccessInfo.tsx';

const subscriptionEmailId = 'subscription-email';

/** "Dafür fehlt hier: Fingerabdruckscanner und Unterschriften-Pad." in plain words. */
export function missingEquipmentText(
  t: (key: string, options?: Record<string, unknown>) => string,
  names: string[],
  language: Language,
): string {
  if (names.length === 0) return t('stop.notMobile');
  const list = new Intl.ListFormat(intlLocales[language], { type: 'conjunction' }).format(names);
  return t('stop.missing', { count: names.length, equipment: list });
}

function SubscriptionForm({ siteId, siteName }: { siteId: string; siteName: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  // Most visitors only read this page: the check starts when someone uses the form.
  const captcha = useCaptcha({ eager: false });
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const found = validateEmail(email);
    const fieldErrors = (found ? [found] : []).map((error) => ({
      fieldId: subscriptionEmailId,
      message: t(`contact.errors.email.${error.reason}`),
    }));
    setErrors(fieldErrors);
    setSubmission((count) => count + 1);
    if (fieldErrors.length > 0) return;
    setBusy(true);
    try {
      const solution = await captcha.take();
      await postJson(`/api/v1/sites/${encodeURIComponent(siteId)}/subscriptions`, {
        email: email.trim(),
        locale: language,
        captcha: solution,
      });
      setSent(true);
    } catch (error) {
      const problem = error instanceof ApiProblem ? error.problem : { status: 0, field: undefined };
      setErrors([
        problem.field === 'captcha' || !(error instanceof ApiProblem)
          ? { fieldId: captchaFieldId, message: t('booking.errors.captcha') }
          : problem.field === 'email'
            ? { fieldId: subscriptionEmailId, message: t('contact.errors.email.invalid') }
            : { fieldId: subscriptionEmailId, message: t('booking.errors.general') },
      ]);
      setSubmission((count) => count + 1);
    } finally {
      setBusy(false);
    }
  };

  if (sent) {
    return (
      <ActionResult tone="success" title={t('subscribe.sentTitle')}>
        <p className="kern-body">{t('subscribe.sentText', { site: siteName })}</p>
      </ActionResult>
    );
  }
  const emailError = errors.find((error) => error.fieldId === subscriptionEmailId);
  return (
    <form noValidate onSubmit={submit} onFocus={captcha.prepare} className="booking-form">
      <ErrorSummary errors={errors} submission={submission} />
      <p className="kern-body">{t('subscribe.text', { site: siteName })}</p>
      <TextField
        id={subscriptionEmailId}
        type="email"
        label={t('contact.email')}
        autoComplete="email"
        spellCheck={false}
        value={email}
        error={emailError?.message}
        onValueChange={setEmail}
      />
      <p className="kern-body kern-body--small">{t('subscribe.dataText')}</p>
      <CaptchaStatus state={captcha.state} />
      <button type="submit" className="kern-btn kern-btn--secondary">
        <span className="kern-label">{t('subscribe.button')}</span>
      </button>
    </form>
  );
}

function StopDetail({ stop }: { stop: Stop }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const cancelled = stop.status === 'cancelled';
  const bookable =
    (stop.status === 'scheduled' || stop.status === 'open') && Date.parse(stop.endsAt) > Date.now();
  const bookingParams = new URLSearchParams({ siteId: stop.site.id, from: stop.date });
  return (
    <>
      <PageHeading>
        {t('stop.title', { site: stop.site.name, day: formatLongDate(stop.date, language) })}
      </PageHeading>
      {cancelled && (
        <ActionResult tone="warning" title={t('stop.cancelledTitle')} focus={false} urgent={false}>
          <p className="kern-body">{stop.cancelReason ?? t('stop.cancelledNoReason')}</p>
        </ActionResult>
      )}
      <dl className="kern-description-list">
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t('stop.when')}</dt>
          <dd className="kern-description-list-item__value">
            {formatLongDate(stop.date, language)},{' '}
            {t('stop.timeRange', {
              from: formatTime(stop.startsAt, language),
              to: formatTime(stop.endsAt, language),
            })}
          </dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t('stop.where')}</dt>
          <dd className="kern-description-list-item__value">
            {stop.site.name}
            {stop.site.address && `, ${stop.site.address}`}
            {stop.site.districtName && ` (${stop.site.districtName})`}
          </dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t('stop.unit')}</dt>
          <dd className="kern-description-list-item__value">
            {stop.unit.name} – {t(`stop.unitKinds.${stop.unit.kind}`, { count: stop.counters })}
          </dd>
        </div>
        {stop.site.accessibility && (
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">{t('sites.accessibilityLabel')}</dt>
            <dd className="kern-description-list-item__value">
              <AccessInfo
                german={stop.site.accessibility}
                translations={stop.site.accessibilityTranslations}
              />
            </dd>
          </div>
        )}
      </dl>
      {bookable && (
        <p className="kern-body">
          <Link to={`/buchen?${bookingParams.toString()}`} className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('stop.book')}</span>
          </Link>
        </p>
      )}

      <section aria-labelledby="stop-offered" className="page-section">
        <h2 id="stop-offered" className="kern-heading-medium">
          {t('stop.offeredHeading')}
        </h2>
        {stop.services.length > 0 ? (
          <ul className="kern-list kern-list--bullet">
            {stop.services.map((service) => (
              <li key={service.id}>
                <Link to={`/dienstleistungen/${service.id}`} className="kern-link">
                  {localizedName(service, language)}
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="kern-body">{t('stop.noneOffered')}</p>
        )}
      </section>

      {stop.unavailableServices.length > 0 && (
        <section aria-labelledby="stop-unavailable" className="page-section">
          <h2 id="stop-unavailable" className="kern-heading-medium">
            {t('stop.unavailableHeading')}
          </h2>
          <p className="kern-body">{t('stop.unavailableIntro', { unit: stop.unit.name })}</p>
          <ul className="kern-list kern-list--bullet unavailable-list">
            {stop.unavailableServices.map((service) => (
              <li key={service.id}>
                <strong>{localizedName(service, language)}</strong>.{' '}
                {service.onlineOnly
                  ? t('stop.noVisitNeeded')
                  : service.reasons.includes('not_released') ||
                      service.reasons.includes('efile_not_live') ||
                      service.reasons.includes('process_not_reviewed')
                    ? t(service.reasons.includes('not_released') ? 'stop.notReleased' : 'stop.notReady')
                    : missingEquipmentText(
                        t,
                        service.missingEquipment.map((equipment) => localizedName(equipment, language)),
                        language,
                      )}
              </li>
            ))}
          </ul>
          <p className="kern-body">{t('stop.unavailableHint')}</p>
        </section>
      )}

      <section aria-labelledby="stop-calendar" className="page-section">
        <h2 id="stop-calendar" className="kern-heading-medium">
          {t('stop.calendarHeading')}
        </h2>
        <p className="kern-body">{t('schedule.subscribeText')}</p>
        <ul className="kern-list">
          <li>
            <a className="kern-link" href={`/api/v1/sites/${encodeURIComponent(stop.site.id)}/stops.ics`}>
              {t('stop.subscribeSite', { site: stop.site.name })}
            </a>
          </li>
          <li>
            <a className="kern-link" href="/api/v1/stops.ics">
              {t('schedule.subscribeAll')}
            </a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="stop-notify" className="page-section">
        <h2 id="stop-notify" className="kern-heading-medium">
          {t('subscribe.heading')}
        </h2>
        <SubscriptionForm siteId={stop.site.id} siteName={stop.site.name} />
      </section>

      <p className="kern-body back-link">
        <Link to="/termine" className="kern-link">
          {t('stop.backLink')}
        </Link>
      </p>
    </>
  );
}

/** `/termine/:stopId`: one stop with time, place, unit, what can and cannot be done there. */
export function StopDetailPage() {
  const { t } = useTranslation();
  const { stopId = '' } = useParams();
  const state = useApi<Stop>(`/api/v1/stops/${encodeURIComponent(stopId)}`);
  if (state.status === 'loading') return <LoadingStatus />;
  if (state.status === 'error') {
    const missing = state.problem.status === 404 || state.problem.status === 400;
    return (
      <>
        <PageHeading>{missing ? t('stop.notFoundTitle') : t('schedule.title')}</PageHeading>
        {missing ? <p className="kern-body">{t('stop.notFoundText')}</p> : <LoadError />}
        <p className="kern-body back-link">
          <Link to="/termine" className="kern-link">
            {t('stop.backLink')}
          </Link>
        </p>
      </>
    );
  }
  return <StopDetail stop={state.data} />;
}
