import { ApiProblem } from '../../api/client.ts';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { useLocation, useNavigate, useParams } from 'react-router';
import { stationApi } from '../api/client.ts';
import type { OfferedService, TicketView } from '../api/types.ts';
import { VisitSurveyForm, type VisitSurveyAnswers } from '../../components/VisitSurvey/VisitSurveyForm.tsx';
import { DistrictSelect, useDistricts } from '../components/DistrictSelect.tsx';
import { ErrorSummary, Notice, type FieldError } from '../components/Form.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { PublicLayout } from '../components/StationLayout.tsx';
import { serviceName } from '../format.ts';

const REFRESH_MS = 5_000;
const walkInLocales = ['de', 'en', 'tr', 'uk', 'ar'];

/** The secret after `#`: never sent to the server with the page request, never in its logs. */
function fragmentToken(hash: string): string {
  return decodeURIComponent(hash.replace(/^#/, ''));
}

/** Walk-in pages live under /station/warteschlange, and under /warteschlange if the server sends them there. */
function prefixOf(pathname: string): string {
  return pathname.startsWith('/station/') ? '/station' : '';
}

/** A walk-in scanned the poster: draw a number for this stop. */
export function WalkInJoinPage() {
  const { stopId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const posterToken = fragmentToken(location.hash);
  const [services, setServices] = useState<OfferedService[]>([]);
  const [siteName, setSiteName] = useState<string>();
  const [chosen, setChosen] = useState<string[]>([]);
  const [districtId, setDistrictId] = useState('');
  const districts = useDistricts();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    fetch(`/api/v1/stops/${encodeURIComponent(stopId)}`, { headers: { accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : undefined))
      .then((stop: { services?: OfferedService[]; site?: { name?: string } } | undefined) => {
        if (cancelled || !stop) return;
        setServices(stop.services ?? []);
        setSiteName(stop.site?.name);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [stopId]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmission((n) => n + 1);
    if (!posterToken) {
      setErrors([{ fieldId: 'join-submit', message: t('join.noToken') }]);
      return;
    }
    setBusy(true);
    try {
      const joined = await stationApi.joinQueue(stopId, {
        posterToken,
        ...(chosen.length > 0 ? { services: chosen.map((serviceId) => ({ serviceId, quantity: 1 })) } : {}),
        ...(districtId ? { originDistrictId: districtId } : {}),
        locale: walkInLocales.includes(i18n.language) ? i18n.language : 'de',
      });
      await navigate(
        `${prefixOf(location.pathname)}/warteschlange/ticket/${joined.ticketId}#${encodeURIComponent(joined.token)}`,
      );
    } catch (error) {
      const status = error instanceof ApiProblem ? error.status : -1;
      const code = error instanceof ApiProblem ? error.code : undefined;
      const existing = error instanceof ApiProblem ? error.details?.displayNumber : undefined;
      setErrors([
        {
          fieldId: 'join-submit',
          message:
            status === 0
              ? t('join.offline')
              : code === 'ticket_already_active'
                ? typeof existing === 'string'
                  ? t('join.alreadyActive', { number: existing })
                  : t('join.alreadyActiveUnknown')
                : code === 'poster_token_expired'
                  ? t('join.expired')
                  : status === 429
                    ? t('join.tooMany')
                    : status === 403 || status === 401
                      ? t('join.badToken')
                      : status === 409
                        ? t('join.notOpen')
                        : t('join.failed'),
        },
      ]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicLayout>
      <PageHeading>{t('join.heading')}</PageHeading>
      {siteName && <p className="kern-body kern-body--large">{siteName}</p>}
      <p className="kern-body">{t('join.intro')}</p>
      <form className="station-form" noValidate onSubmit={(event) => void submit(event)}>
        <ErrorSummary errors={errors} submission={submission} />
        {services.length > 0 && (
          <fieldset className="kern-fieldset">
            <legend className="kern-label">
              {t('join.services')} <span className="kern-label__optional">{t('form.optional')}</span>
            </legend>
            <div className="kern-fieldset__body">
              {services.map((service) => (
                <div className="kern-form-check" key={service.id}>
                  <input
                    className="kern-form-check__checkbox"
                    id={`join-service-${service.id}`}
                    type="checkbox"
                    checked={chosen.includes(service.id)}
                    onChange={(event) =>
                      setChosen((current) =>
                        event.target.checked
                          ? [...current, service.id]
                          : current.filter((c) => c !== service.id),
                      )
                    }
                  />
                  <label className="kern-label" htmlFor={`join-service-${service.id}`}>
                    {serviceName(service, i18n.language)}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        )}
        <DistrictSelect
          id="join-district"
          districts={districts}
          value={districtId}
          onChange={setDistrictId}
        />
        <button id="join-submit" type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
          <span className="kern-label">{t('join.submit')}</span>
        </button>
      </form>
      <p className="kern-body kern-body--small">{t('join.privacy')}</p>
    </PublicLayout>
  );
}

/** The walk-in's own number: place in the queue, estimated wait, and the counter once called. */
export function WalkInTicketPage() {
  const { ticketId = '' } = useParams();
  const { t } = useTranslation();
  const location = useLocation();
  const token = fragmentToken(location.hash);
  const [ticket, setTicket] = useState<TicketView>();
  const [problem, setProblem] = useState<'notFound' | 'offline'>();
  const [survey, setSurvey] = useState<'open' | 'sending' | 'done' | 'already' | 'failed'>('open');

  const sendSurvey = async (answers: VisitSurveyAnswers) => {
    setSurvey('sending');
    try {
      await stationApi.visitFeedback({ ticketId, token, ...answers });
      setSurvey('done');
    } catch (error) {
      setSurvey(
        error instanceof ApiProblem && error.code === 'feedback_already_given' ? 'already' : 'failed',
      );
    }
  };

  useEffect(() => {
    if (!token) {
      setProblem('notFound');
      return;
    }
    let cancelled = false;
    const load = () =>
      stationApi
        .ticket(ticketId, token)
        .then((answer) => {
          if (cancelled) return;
          setTicket(answer);
          setProblem(undefined);
        })
        .catch((error: unknown) => {
          if (cancelled) return;
          setProblem(error instanceof ApiProblem && error.status === 0 ? 'offline' : 'notFound');
        });
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, [ticketId, token]);

  return (
    <PublicLayout>
      <PageHeading>{t('ticket.heading')}</PageHeading>
      {ticket && <p className="ticket-number">{ticket.displayNumber}</p>}
      <div aria-live="polite" aria-atomic="true" className="ticket-state">
        {ticket && (
          <p className="kern-body kern-body--large">
            {ticket.status === 'called' && ticket.calledToCounter
              ? t('ticket.called', { counter: ticket.calledToCounter })
              : ticket.status === 'waiting'
                ? ticket.estimatedWaitMinutes === null
                  ? t('ticket.waitingNoEstimate', { position: ticket.position ?? '–' })
                  : t('ticket.waiting', {
                      position: ticket.position ?? '–',
                      minutes: ticket.estimatedWaitMinutes,
                    })
                : t(`ticket.status.${ticket.status}`)}
          </p>
        )}
        {!ticket && !problem && <p className="kern-body">{t('common.loading')}</p>}
      </div>
      {ticket?.status === 'finished' && (ticket.feedbackOpen || survey !== 'open') && (
        <section className="ticket-survey" aria-labelledby="ticket-survey-heading">
          <h2 className="kern-heading-medium" id="ticket-survey-heading">
            {t('survey.title')}
          </h2>
          {survey === 'done' ? (
            <Notice tone="success">{t('survey.done')}</Notice>
          ) : survey === 'already' ? (
            <Notice tone="info">{t('survey.already')}</Notice>
          ) : (
            <>
              {survey === 'failed' && <Notice tone="warning">{t('survey.failed')}</Notice>}
              <p className="kern-body">{t('survey.intro')}</p>
              <VisitSurveyForm
                onSubmit={sendSurvey}
                busy={survey === 'sending'}
                errorTitle={t('form.errorTitle')}
                errorPrefix={t('form.errorPrefix')}
                optionalText={t('form.optional')}
                headingLevel={3}
              />
            </>
          )}
        </section>
      )}
      {problem === 'notFound' && <p className="kern-body">{t('ticket.notFound')}</p>}
      {problem === 'offline' && <p className="kern-body">{t('ticket.offline')}</p>}
      <p className="kern-body kern-body--small">{t('ticket.keepOpen')}</p>
    </PublicLayout>
  );
}
