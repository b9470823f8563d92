import { useEffect, useState, type MouseEvent } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import { Link, useLocation, useParams } from 'react-router';
import { ApiProblem, postJson } from '../api/client.ts';
import type { BookingDetails, District, ListResponse, Site, Slot, StopAvailability } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import type { BookingCases } from '../../contracts/cases.ts';
import { ActionResult } from '../components/ActionResult/ActionResult.tsx';
import { LoadError, LoadingStatus } from '../components/ApiStatus/ApiStatus.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { SlotPicker } from '../components/SlotPicker/SlotPicker.tsx';
import { slotLabel } from '../components/SlotPicker/slotLabel.ts';
import type { StopFilterValue } from '../components/StopFilters/StopFilters.tsx';
import { formatEuro } from '../format/formatEuro.ts';
import { formatTime } from '../format/dateTime.ts';
import { localizedName } from '../format/localized.ts';
import { feeLabel } from '../components/FeeTable/feeLabel.ts';
import { formatFeeRange } from './booking/BookingSummary.tsx';
import { feeSummary } from './booking/bookingSteps.ts';
import { useFragmentToken } from '../hooks/useFragmentToken.ts';
import { useLanguage } from '../useLanguage.ts';

const activeStatuses = new Set(['held', 'confirmed']);
const endedStatuses = new Set(['cancelled', 'expired']);

function WhatHappensNow() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="manage-next" className="page-section">
      <h2 id="manage-next" className="kern-heading-medium">
        {t('manage.nextHeading')}
      </h2>
      <ul className="kern-list kern-list--bullet">
        <li>{t('manage.nextReminder')}</li>
        <li>{t('manage.nextArrive')}</li>
        <li>{t('manage.nextBring')}</li>
      </ul>
    </section>
  );
}

/**
 * "Stand Ihres Anliegens": the cases this booking opened, with their status and steps in plain language. The
 * steps are named by who acts (the definitions' own names are German; in German they are shown as defined).
 * No internal notes and no staff names reach this view (GET /api/v1/bookings/{id}/cases).
 */
function CaseStatusSection({ base, token }: { base: string; token: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const cases = useApi<BookingCases>(`${base}/cases`, 0, { 'x-booking-token': token });
  if (cases.status !== 'ready' || cases.data.items.length === 0) return null;
  return (
    <section aria-labelledby="manage-cases" className="page-section">
      <h2 id="manage-cases" className="kern-heading-medium">
        {t('manage.cases.heading')}
      </h2>
      {cases.data.items.map((item) => {
        const headingId = `manage-case-${item.number}`;
        return (
          <section key={item.number} aria-labelledby={headingId} className="manage-service">
            <h3 id={headingId} className="kern-heading-small">
              {localizedName({ nameDe: item.serviceNameDe, nameEn: item.serviceNameEn }, language)}
            </h3>
            <p className="kern-body">
              {t('manage.cases.number', { number: item.number })}
              <br />
              <strong>{t(`manage.cases.statuses.${item.status}`)}</strong>
            </p>
            <ol className="kern-list kern-list--numbered">
              {item.steps.map((step) => (
                <li key={step.key} aria-current={step.state === 'current' ? 'step' : undefined}>
                  {language === 'de'
                    ? step.name
                    : t(`manage.cases.actors.${step.handOff ? 'hand_off' : step.actor}`)}
                  {' – '}
                  {t(`manage.cases.steps.${step.state}`)}
                </li>
              ))}
            </ol>
          </section>
        );
      })}
    </section>
  );
}

type Action =
  | { kind: 'none' }
  | { kind: 'confirmCancel' }
  | { kind: 'choosingSlot' }
  | { kind: 'confirmMove'; stop: StopAvailability['stop']; slot: Slot }
  | { kind: 'done'; message: string }
  | { kind: 'failed'; message: string };

function Details({ booking }: { booking: BookingDetails }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <dl className="kern-description-list booking-details">
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">{t('manage.status')}</dt>
        <dd className="kern-description-list-item__value">
          {t(`manage.statuses.${booking.status}`, { defaultValue: booking.status })}
        </dd>
      </div>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">{t('manage.when')}</dt>
        <dd className="kern-description-list-item__value">
          {slotLabel(t, language, booking.startsAt, booking.stop.siteName)}
          {' – '}
          {t('manage.until', { time: formatTime(booking.endsAt, language) })}
        </dd>
      </div>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">{t('manage.where')}</dt>
        <dd className="kern-description-list-item__value">
          {booking.stop.siteName}
          {booking.stop.address && `, ${booking.stop.address}`}
          {` (${booking.stop.unitName})`}
        </dd>
      </div>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">{t('manage.duration')}</dt>
        <dd className="kern-description-list-item__value">
          {t('picker.total', { count: booking.durationMinutes })}
        </dd>
      </div>
      <div className="kern-description-list-item">
        <dt className="kern-description-list-item__key">{t('manage.code')}</dt>
        <dd className="kern-description-list-item__value booking-code">{booking.code}</dd>
      </div>
    </dl>
  );
}

function ServicesToBring({ booking }: { booking: BookingDetails }) {
  const { t, i18n } = useTranslation();
  const language = useLanguage();
  const paymentNote = language === 'en' ? booking.paymentNoteEn : booking.paymentNoteDe;
  // The city's data is German and English: in the other languages its texts stay German, marked so.
  const germanData = language !== 'de' && language !== 'en' ? 'de' : undefined;
  return (
    <section aria-labelledby="manage-services" className="page-section">
      <h2 id="manage-services" className="kern-heading-medium">
        {t('manage.servicesHeading')}
      </h2>
      {booking.services.map((service) => {
        const headingId = `manage-service-${service.id}`;
        const times = t('picker.times', { count: service.quantity });
        // A service booked "2-mal" costs twice: the sum for all of them, below the fee of one.
        const together = feeSummary([service], { [service.id]: service.quantity }).total;
        return (
          <section key={service.id} aria-labelledby={headingId} className="manage-service">
            <h3 id={headingId} className="kern-heading-small">
              <span lang={germanData}>{localizedName(service, language)}</span>
              {service.quantity > 1 && ` ${times}`}
            </h3>
            <p className="kern-body kern-body--bold">{t('manage.documents')}</p>
            {service.documents.length > 0 ? (
              <ul className="kern-list kern-list--bullet">
                {(language === 'en' ? service.documentsEn : service.documents).map((document) => (
                  <li key={document} lang={germanData}>
                    {document}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="kern-body">{t('service.noDocuments')}</p>
            )}
            <p className="kern-body kern-body--bold">{t('manage.fees')}</p>
            {service.fees.length > 0 ? (
              <>
                <ul className="kern-list kern-list--bullet">
                  {service.fees.map((fee) => {
                    const label = feeLabel(fee, language, i18n);
                    return (
                      <li key={`${fee.variant}-${fee.eur}`}>
                        <span lang={label.lang}>{label.text}</span>:{' '}
                        {fee.eur === 0 ? t('service.feeFree') : formatEuro(fee.eur, language)}
                      </li>
                    );
                  })}
                </ul>
                {service.quantity > 1 && (
                  <p className="kern-body kern-body--bold manage-service__together">
                    {t('manage.feeTogether', { times, amount: formatFeeRange(together, language, t) })}
                  </p>
                )}
              </>
            ) : (
              <p className="kern-body">{t('service.noFees')}</p>
            )}
          </section>
        );
      })}
      {paymentNote && <p className="kern-body">{paymentNote}</p>}
    </section>
  );
}

interface CalendarLink {
  url: string;
  expiresAt: string;
}

/**
 * The .ics download goes through a short-lived signed address, fetched with the secret in a header, so the
 * secret never appears in an address. An address about to expire is fetched anew when the link is used.
 */
function useCalendarLink(base: string, token: string, status: string) {
  const [link, setLink] = useState<CalendarLink | null>(null);
  const [failed, setFailed] = useState(false);
  const fetchLink = () =>
    postJson<CalendarLink>(`${base}/calendar-link`, undefined, undefined, { 'x-booking-token': token });
  useEffect(() => {
    const controller = new AbortController();
    postJson<CalendarLink>(`${base}/calendar-link`, undefined, controller.signal, {
      'x-booking-token': token,
    }).then(setLink, () => undefined);
    return () => controller.abort();
  }, [base, token, status]);
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (link && Date.parse(link.expiresAt) - Date.now() > 30_000) return;
    event.preventDefault();
    fetchLink().then(
      (fresh) => {
        setLink(fresh);
        setFailed(false);
        window.location.assign(fresh.url);
      },
      () => setFailed(true),
    );
  };
  return { href: link?.url ?? `${base}/calendar.ics`, onClick, failed };
}

function ManageBooking({
  booking,
  bookingId,
  token,
  onChanged,
}: {
  booking: BookingDetails;
  bookingId: string;
  token: string;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [action, setAction] = useState<Action>({ kind: 'none' });
  const [filters, setFilters] = useState<StopFilterValue>({ districtId: '', siteId: '', from: '' });
  const [busy, setBusy] = useState(false);
  const districts = useApi<ListResponse<District>>('/api/v1/districts');
  const sites = useApi<ListResponse<Site>>('/api/v1/sites');
  const active = activeStatuses.has(booking.status) && Date.parse(booking.startsAt) > Date.now();
  // A cancelled or lapsed booking has no code to show: no QR code, no calendar file.
  const showsCode = !endedStatuses.has(booking.status);
  const justConfirmed = Boolean((useLocation().state as { confirmed?: boolean } | null)?.confirmed);
  const base = `/api/v1/bookings/${encodeURIComponent(bookingId)}`;
  const calendar = useCalendarLink(base, token, booking.status);
  const servicesParameter = booking.services.map((service) => `${service.id}:${service.quantity}`).join(',');

  const run = async (path: string, body: Record<string, unknown>, success: string) => {
    if (busy) return;
    setBusy(true);
    try {
      await postJson(path, { token, ...body });
      setAction({ kind: 'done', message: success });
      onChanged();
    } catch (error) {
      const problem = error instanceof ApiProblem ? error.problem : { status: 0 };
      const code = problem.code;
      const message =
        code === 'slot_full' || problem.field === 'startsAt'
          ? t('booking.errors.slotFull')
          : problem.status === 404
            ? t('links.wrongText')
            : t('booking.errors.general');
      setAction({ kind: 'failed', message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading>{t('manage.title')}</PageHeading>
      {action.kind === 'done' && <ActionResult tone="success" title={action.message} />}
      {action.kind === 'failed' && <ActionResult tone="danger" title={action.message} />}
      {justConfirmed && <ActionResult tone="success" title={t('manage.confirmedBanner')} />}
      {!showsCode && (
        <ActionResult tone="danger" title={t('manage.cancelledTitle')} focus={false}>
          <p className="kern-body">{t('manage.cancelledText')}</p>
          <p className="kern-body">
            <Link to={`/buchen?services=${encodeURIComponent(servicesParameter)}`} className="kern-link">
              {t('manage.bookAgain')}
            </Link>
          </p>
        </ActionResult>
      )}
      <Details booking={booking} />
      {showsCode && (
        <>
          <figure className="booking-qr">
            <img
              src={booking.qrCodeDataUrl}
              width={200}
              height={200}
              alt={t('manage.qrAlt', { code: booking.code })}
            />
            <figcaption className="kern-body kern-body--small">{t('manage.qrCaption')}</figcaption>
          </figure>
          <p className="kern-body">
            <a
              className="kern-link"
              href={calendar.href}
              download={`termin-${booking.code}.ics`}
              onClick={calendar.onClick}
            >
              {t('manage.calendarLink')}
            </a>
          </p>
          {calendar.failed && <ActionResult tone="danger" title={t('manage.calendarFailed')} />}
        </>
      )}
      {active && booking.status === 'confirmed' && <WhatHappensNow />}
      <CaseStatusSection base={base} token={token} />
      <ServicesToBring booking={booking} />

      {active && (
        <section aria-labelledby="manage-change" className="page-section">
          <h2 id="manage-change" className="kern-heading-medium">
            {t('manage.changeHeading')}
          </h2>
          {action.kind === 'confirmCancel' ? (
            <div className="kern-alert kern-alert--warning confirm-box">
              <div className="kern-alert__header">
                <span className="kern-icon kern-icon--warning" aria-hidden="true" />
                <h3 className="kern-title">{t('manage.cancelQuestion')}</h3>
              </div>
              <div className="kern-alert__body">
                <p className="kern-body">{t('manage.cancelWarning')}</p>
                <div className="button-row">
                  <button
                    type="button"
                    className="kern-btn kern-btn--primary"
                    autoFocus
                    onClick={() => run(`${base}/cancel`, {}, t('manage.cancelled'))}
                  >
                    <span className="kern-label">{t('manage.cancelYes')}</span>
                  </button>
                  <button
                    type="button"
                    className="kern-btn kern-btn--secondary"
                    onClick={() => setAction({ kind: 'none' })}
                  >
                    <span className="kern-label">{t('manage.cancelNo')}</span>
                  </button>
                </div>
              </div>
            </div>
          ) : action.kind === 'confirmMove' ? (
            <div className="kern-alert kern-alert--info confirm-box">
              <div className="kern-alert__header">
                <span className="kern-icon kern-icon--info" aria-hidden="true" />
                <h3 className="kern-title">{t('manage.moveQuestion')}</h3>
              </div>
              <div className="kern-alert__body">
                <p className="kern-body kern-body--bold">
                  {slotLabel(t, language, action.slot.startsAt, action.stop.site.name)}
                </p>
                <div className="button-row">
                  <button
                    type="button"
                    className="kern-btn kern-btn--primary"
                    autoFocus
                    onClick={() =>
                      run(
                        `${base}/reschedule`,
                        { stopId: action.stop.id, startsAt: action.slot.startsAt },
                        t('manage.moved'),
                      )
                    }
                  >
                    <span className="kern-label">{t('manage.moveYes')}</span>
                  </button>
                  <button
                    type="button"
                    className="kern-btn kern-btn--secondary"
                    onClick={() => setAction({ kind: 'choosingSlot' })}
                  >
                    <span className="kern-label">{t('manage.moveOther')}</span>
                  </button>
                </div>
              </div>
            </div>
          ) : action.kind === 'choosingSlot' ? (
            <>
              <button
                type="button"
                className="kern-btn kern-btn--tertiary"
                onClick={() => setAction({ kind: 'none' })}
              >
                <span className="kern-label">{t('manage.moveAbort')}</span>
              </button>
              {districts.status === 'ready' && sites.status === 'ready' ? (
                <SlotPicker
                  services={servicesParameter}
                  filters={filters}
                  onFiltersChange={setFilters}
                  districts={districts.data.items}
                  sites={sites.data.items}
                  onChoose={(stop, slot) => setAction({ kind: 'confirmMove', stop: stop.stop, slot })}
                  waitlistPath={`/warteliste?services=${encodeURIComponent(servicesParameter)}`}
                />
              ) : (
                <LoadingStatus />
              )}
            </>
          ) : (
            <div className="button-row">
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                onClick={() => setAction({ kind: 'choosingSlot' })}
              >
                <span className="kern-label">{t('manage.move')}</span>
              </button>
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                onClick={() => setAction({ kind: 'confirmCancel' })}
              >
                <span className="kern-label">{t('manage.cancel')}</span>
              </button>
            </div>
          )}
        </section>
      )}
    </>
  );
}

/** `/termin/:bookingId#token`: the appointment with code, QR code, documents, fees; cancel or move it. */
export function BookingManagePage() {
  const { t } = useTranslation();
  const { bookingId = '' } = useParams();
  const token = useFragmentToken();
  const [version, setVersion] = useState(0);
  const path = `/api/v1/bookings/${encodeURIComponent(bookingId)}`;
  // The secret goes in a header: an address with it would end up in a proxy's access log.
  const state = useApi<BookingDetails>(path, version, { 'x-booking-token': token });
  // Keep the page (and the success message) while the changed booking loads again.
  const [last, setLast] = useState<BookingDetails | null>(null);
  if (state.status === 'ready' && state.data !== last) setLast(state.data);

  if (
    !token ||
    (state.status === 'error' && (state.problem.status === 404 || state.problem.status === 400))
  ) {
    return (
      <>
        <PageHeading>{t('manage.title')}</PageHeading>
        <ActionResult tone="danger" title={t('links.wrongTitle')} focus={false}>
          <p className="kern-body">{token ? t('links.wrongText') : t('links.noToken')}</p>
          <p className="kern-body">
            <Link to="/buchen" className="kern-link">
              {t('nav.book')}
            </Link>
          </p>
        </ActionResult>
      </>
    );
  }
  if (state.status === 'error') {
    return (
      <>
        <PageHeading>{t('manage.title')}</PageHeading>
        <LoadError />
      </>
    );
  }
  const booking = state.status === 'ready' ? state.data : last;
  if (!booking) {
    return (
      <>
        <PageHeading>{t('manage.title')}</PageHeading>
        <LoadingStatus />
      </>
    );
  }
  return (
    <ManageBooking
      booking={booking}
      bookingId={bookingId}
      token={token}
      onChanged={() => setVersion((count) => count + 1)}
    />
  );
}
