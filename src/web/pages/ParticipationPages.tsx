import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/react.tsx';
import { Link, useParams } from 'react-router';
import { ApiProblem, postJson } from '../api/client.ts';
import type { District, ListResponse, Service, Site } from '../api/types.ts';
import { useApi } from '../api/useApi.ts';
import { useCaptcha } from '../captcha/useCaptcha.ts';
import { ActionResult } from '../components/ActionResult/ActionResult.tsx';
import { LoadError, LoadingStatus } from '../components/ApiStatus/ApiStatus.tsx';
import { CaptchaStatus, captchaFieldId } from '../components/CaptchaStatus/CaptchaStatus.tsx';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary/ErrorSummary.tsx';
import { FormField } from '../components/FormField/FormField.tsx';
import { PageHeading } from '../components/PageHeading/PageHeading.tsx';
import { SiteMap } from '../components/SiteMap/SiteMap.tsx';
import { TextField } from '../components/TextField/TextField.tsx';
import { useMunicipality } from '../municipality.tsx';
import { TokenActionPage } from './TokenActionPage.tsx';
import type {
  CommentList,
  CommentReport,
  ProjectFacts,
  ReportReason,
  Suggestion,
  SuggestionList,
} from '../../contracts/participation.ts';

/** The reasons the report form offers, in this order. */
const REPORT_REASONS: readonly ReportReason[] = ['spam', 'offensive', 'personal_data', 'off_topic', 'other'];

const COMMENT_MAX = 2000;
const validEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());

/** The field a refusal names, mapped to the form's field id and a message key. */
function fieldErrorOf(
  error: unknown,
  ids: Record<string, string>,
  t: (key: string, options?: Record<string, unknown>) => string,
): FieldError {
  if (error instanceof ApiProblem) {
    const field = error.problem.field ?? '';
    const code = error.code ?? '';
    if (field === 'captcha') return { fieldId: captchaFieldId, message: t('booking.errors.captcha') };
    const fieldId = ids[field.replace(/\[.*$/, '')] ?? Object.values(ids)[0]!;
    return {
      fieldId,
      message: t(`participation.errors.${code}`, { defaultValue: t('booking.errors.general') }),
    };
  }
  return { fieldId: captchaFieldId, message: t('booking.errors.captcha') };
}

/** `/vorschlaege`: published suggestions on a map and in a list. */
export function SuggestionsPage() {
  const { t } = useTranslation();
  const municipality = useMunicipality();
  const suggestions = useApi<SuggestionList>('/api/v1/suggestions');
  return (
    <>
      <PageHeading>{t('participation.listTitle')}</PageHeading>
      <p className="kern-body">{t('participation.listIntro')}</p>
      <p>
        <Link to="/vorschlaege/neu" className="kern-btn kern-btn--primary">
          <span className="kern-label">{t('participation.newLink')}</span>
        </Link>
      </p>
      {suggestions.status === 'loading' ? (
        <LoadingStatus />
      ) : suggestions.status === 'error' ? (
        <LoadError />
      ) : (
        <>
          {municipality && suggestions.data.items.length > 0 && (
            <SiteMap
              sites={suggestions.data.items.map((s) => ({
                id: s.id,
                name: s.siteName ?? s.districtName ?? t('participation.placeOnMap'),
                lat: s.lat,
                lon: s.lon,
                href: `/vorschlaege/${s.id}`,
                linkText: t('participation.open'),
              }))}
              districts={[]}
              map={municipality.map}
              center={municipality.center}
              label={t('participation.mapLabel')}
              describedBy="suggestions-map-hint"
            />
          )}
          <p className="kern-hint" id="suggestions-map-hint">
            {t('participation.mapHint')}
          </p>
          {suggestions.data.items.length === 0 ? (
            <p className="kern-body">{t('participation.none')}</p>
          ) : (
            <ul className="suggestion-list">
              {suggestions.data.items.map((s) => (
                <li key={s.id}>
                  <Link to={`/vorschlaege/${s.id}`} className="kern-link">
                    {s.siteName ?? s.districtName ?? t('participation.placeOnMap')}
                  </Link>{' '}
                  – {t('participation.supports', { count: s.supports })}
                  {s.answer && <> – {t(`participation.answer.${s.answer}`)}</>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

/** `/vorschlaege/neu`: suggest a stop — a venue from the list or a place on the map, the reason, the services. */
export function SuggestionNewPage() {
  const { t, i18n } = useTranslation();
  const municipality = useMunicipality();
  const sites = useApi<ListResponse<Site>>('/api/v1/sites');
  const services = useApi<ListResponse<Service>>('/api/v1/services');
  const districts = useApi<ListResponse<District>>('/api/v1/districts');
  const [siteId, setSiteId] = useState('');
  const [picked, setPicked] = useState<{ lat: number; lon: number } | null>(null);
  const [reason, setReason] = useState('');
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const captcha = useCaptcha();
  const onPick = useCallback((point: { lat: number; lon: number }) => {
    setPicked(point);
    setSiteId('');
  }, []);
  const ids = {
    siteId: 'suggestion-site',
    lat: 'suggestion-site',
    reason: 'suggestion-reason',
    serviceIds: 'suggestion-services',
    email: 'suggestion-email',
  };
  const errorFor = (id: string) => errors.find((e) => e.fieldId === id)?.message;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const found: FieldError[] = [
      ...(!siteId && !picked ? [{ fieldId: ids.siteId, message: t('participation.errors.place') }] : []),
      ...(reason.trim().length < 10
        ? [{ fieldId: ids.reason, message: t('participation.errors.reason') }]
        : []),
      ...(!validEmail(email) ? [{ fieldId: ids.email, message: t('participation.errors.email') }] : []),
    ];
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    setBusy(true);
    try {
      await postJson('/api/v1/suggestions', {
        ...(siteId ? { siteId } : { lat: picked!.lat, lon: picked!.lon }),
        reason: reason.trim(),
        serviceIds,
        email: email.trim(),
        locale: i18n.language,
        captcha: await captcha.take(),
      });
      setDone(true);
    } catch (error) {
      setErrors([fieldErrorOf(error, ids, t)]);
      setSubmission((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <ActionResult tone="success" title={t('participation.sentTitle')}>
        <p className="kern-body">{t('participation.sentText')}</p>
      </ActionResult>
    );
  return (
    <>
      <PageHeading>{t('participation.newTitle')}</PageHeading>
      <p className="kern-body">{t('participation.newIntro')}</p>
      <form noValidate onSubmit={submit}>
        <ErrorSummary errors={errors} submission={submission} />
        <FormField
          id={ids.siteId}
          label={t('participation.venue')}
          hint={t('participation.venueHint')}
          error={errorFor(ids.siteId)}
        >
          {(describedBy) => (
            <select
              id={ids.siteId}
              className="kern-form-input__select"
              value={siteId}
              aria-describedby={describedBy}
              aria-invalid={errorFor(ids.siteId) ? true : undefined}
              onChange={(event) => {
                setSiteId(event.target.value);
                if (event.target.value) setPicked(null);
              }}
            >
              <option value="">{picked ? t('participation.pickedOnMap') : t('participation.noVenue')}</option>
              {sites.status === 'ready' &&
                sites.data.items.map((site) => (
                  <option key={site.id} value={site.id}>
                    {site.name}
                  </option>
                ))}
            </select>
          )}
        </FormField>
        {municipality && (
          <SiteMap
            sites={[]}
            districts={districts.status === 'ready' ? districts.data.items : []}
            map={municipality.map}
            center={municipality.center}
            label={t('participation.pickMapLabel')}
            describedBy="suggestion-map-hint"
            onPick={onPick}
            picked={picked}
          />
        )}
        <p className="kern-hint" id="suggestion-map-hint" aria-live="polite">
          {picked ? t('participation.pickedOnMap') : t('participation.pickHint')}
        </p>
        <FormField
          id={ids.reason}
          label={t('participation.reason')}
          hint={t('participation.reasonHint')}
          error={errorFor(ids.reason)}
        >
          {(describedBy) => (
            <textarea
              id={ids.reason}
              className="kern-form-input__input"
              rows={4}
              maxLength={2000}
              value={reason}
              aria-describedby={describedBy}
              aria-invalid={errorFor(ids.reason) ? true : undefined}
              onChange={(event) => setReason(event.target.value)}
            />
          )}
        </FormField>
        <fieldset className="kern-fieldset" id={ids.serviceIds}>
          <legend className="kern-label">{t('participation.services')}</legend>
          <div className="kern-fieldset__body checkbox-columns">
            {services.status === 'ready' &&
              services.data.items.map((service) => (
                <div className="kern-form-check" key={service.id}>
                  <input
                    className="kern-form-check__checkbox"
                    type="checkbox"
                    id={`suggestion-service-${service.id}`}
                    checked={serviceIds.includes(service.id)}
                    onChange={(event) =>
                      setServiceIds((current) =>
                        event.target.checked
                          ? [...current, service.id]
                          : current.filter((id) => id !== service.id),
                      )
                    }
                  />
                  <label className="kern-label" htmlFor={`suggestion-service-${service.id}`}>
                    {i18n.language === 'de' ? service.nameDe : service.nameEn}
                  </label>
                </div>
              ))}
          </div>
        </fieldset>
        <TextField
          id={ids.email}
          type="email"
          autoComplete="email"
          label={t('participation.email')}
          hint={t('participation.emailHint')}
          value={email}
          error={errorFor(ids.email)}
          onValueChange={setEmail}
        />
        <CaptchaStatus state={captcha.state} />
        <button type="submit" className="kern-btn kern-btn--primary">
          <span className="kern-label">{t('participation.submit')}</span>
        </button>
      </form>
    </>
  );
}

/** Support by e-mail: the mail carries the link that confirms it (and the one that withdraws it). */
function SupportForm({ suggestionId }: { suggestionId: string }) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [done, setDone] = useState(false);
  const captcha = useCaptcha();
  const id = 'support-email';
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validEmail(email) ? [] : [{ fieldId: id, message: t('participation.errors.email') }];
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    try {
      await postJson(`/api/v1/suggestions/${encodeURIComponent(suggestionId)}/supports`, {
        email: email.trim(),
        locale: i18n.language,
        captcha: await captcha.take(),
      });
      setDone(true);
    } catch (error) {
      setErrors([fieldErrorOf(error, { email: id }, t)]);
      setSubmission((n) => n + 1);
    }
  };
  if (done)
    return (
      <ActionResult tone="success" title={t('participation.sentTitle')}>
        <p className="kern-body">{t('participation.supportSentText')}</p>
      </ActionResult>
    );
  return (
    <form noValidate onSubmit={submit} aria-labelledby="support-heading">
      <h2 className="kern-heading-medium" id="support-heading">
        {t('participation.supportTitle')}
      </h2>
      <ErrorSummary errors={errors} submission={submission} />
      <TextField
        id={id}
        type="email"
        autoComplete="email"
        label={t('participation.email')}
        value={email}
        error={errors.find((e) => e.fieldId === id)?.message}
        onValueChange={setEmail}
      />
      <CaptchaStatus state={captcha.state} />
      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-label">{t('participation.support')}</span>
      </button>
    </form>
  );
}

/** Published comments with official answers marked, a report button each, and the form for a new one. */
export function CommentSection({ suggestionId }: { suggestionId: string | null }) {
  const { t, i18n } = useTranslation();
  const [reload] = useState(0);
  const comments = useApi<CommentList>(
    suggestionId ? `/api/v1/comments?suggestionId=${encodeURIComponent(suggestionId)}` : '/api/v1/comments',
    reload,
  );
  const [body, setBody] = useState('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [done, setDone] = useState(false);
  const captcha = useCaptcha();
  const ids = { body: 'comment-body', email: 'comment-email' };
  const errorFor = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: FieldError[] = [
      ...(body.trim().length === 0 ? [{ fieldId: ids.body, message: t('participation.errors.body') }] : []),
      ...([...body.trim()].length > COMMENT_MAX
        ? [{ fieldId: ids.body, message: t('participation.errors.comment_too_long') }]
        : []),
      ...(!validEmail(email) ? [{ fieldId: ids.email, message: t('participation.errors.email') }] : []),
    ];
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    try {
      await postJson('/api/v1/comments', {
        ...(suggestionId ? { suggestionId } : {}),
        body: body.trim(),
        email: email.trim(),
        locale: i18n.language,
        captcha: await captcha.take(),
      });
      setDone(true);
    } catch (error) {
      setErrors([fieldErrorOf(error, ids, t)]);
      setSubmission((n) => n + 1);
    }
  };
  return (
    <section aria-labelledby="comments-heading">
      <h2 className="kern-heading-medium" id="comments-heading">
        {t('participation.commentsTitle')}
      </h2>
      {comments.status === 'loading' ? (
        <LoadingStatus />
      ) : comments.status === 'error' ? (
        <LoadError />
      ) : comments.data.items.length === 0 ? (
        <p className="kern-body">{t('participation.noComments')}</p>
      ) : (
        <ul className="comment-list">
          {comments.data.items.map((comment) => (
            <li key={comment.id} className={comment.official ? 'comment comment--official' : 'comment'}>
              {comment.official && <strong>{t('participation.official')}: </strong>}
              <span>{comment.body}</span> {!comment.official && <ReportComment commentId={comment.id} />}
            </li>
          ))}
        </ul>
      )}
      {done ? (
        <ActionResult tone="success" title={t('participation.sentTitle')}>
          <p className="kern-body">{t('participation.commentSentText')}</p>
        </ActionResult>
      ) : (
        <form noValidate onSubmit={submit}>
          <ErrorSummary errors={errors} submission={submission} />
          <FormField
            id={ids.body}
            label={t('participation.comment')}
            hint={t('participation.commentHint')}
            error={errorFor(ids.body)}
          >
            {(describedBy) => (
              <textarea
                id={ids.body}
                className="kern-form-input__input"
                rows={4}
                value={body}
                aria-describedby={describedBy}
                aria-invalid={errorFor(ids.body) ? true : undefined}
                onChange={(event) => setBody(event.target.value)}
              />
            )}
          </FormField>
          <TextField
            id={ids.email}
            type="email"
            autoComplete="email"
            label={t('participation.email')}
            value={email}
            error={errorFor(ids.email)}
            onValueChange={setEmail}
          />
          <CaptchaStatus state={captcha.state} />
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('participation.sendComment')}</span>
          </button>
        </form>
      )}
    </section>
  );
}

/** `/vorschlaege/:id`: one suggestion, its supports and the planner's answer, support and comments. */
export function SuggestionDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const suggestion = useApi<Suggestion>(`/api/v1/suggestions/${encodeURIComponent(id)}`);
  if (suggestion.status === 'loading') return <LoadingStatus />;
  if (suggestion.status === 'error') return <LoadError message={t('participation.notFound')} />;
  const s = suggestion.data;
  return (
    <>
      <PageHeading>{s.siteName ?? s.districtName ?? t('participation.placeOnMap')}</PageHeading>
      <p className="kern-body">{s.reason}</p>
      <p className="kern-body">{t('participation.supports', { count: s.supports })}</p>
      {s.answer && (
        <p className="kern-body">
          <strong>{t(`participation.answer.${s.answer}`)}</strong>
          {s.answerReason ? ` – ${s.answerReason}` : ''}
        </p>
      )}
      <SupportForm suggestionId={s.id} />
      <CommentSection suggestionId={s.id} />
    </>
  );
}

/** `/projekt`: the project itself — goals, the test phase and its figures, comments. */
export function ProjectPage() {
  const { t, i18n } = useTranslation();
  const facts = useApi<ProjectFacts>('/api/v1/project');
  const day = (value: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${value}T00:00:00Z`),
    );
  return (
    <>
      <PageHeading>{t('project.title')}</PageHeading>
      <h2 className="kern-heading-medium">{t('project.goalsTitle')}</h2>
      <ul>
        <li>{t('project.goal1')}</li>
        <li>{t('project.goal2')}</li>
        <li>{t('project.goal3')}</li>
      </ul>
      <h2 className="kern-heading-medium">{t('project.phaseTitle')}</h2>
      {facts.status === 'loading' ? (
        <LoadingStatus />
      ) : facts.status === 'error' ? (
        <LoadError />
      ) : (
        <>
          {facts.data.testPhase ? (
            <p className="kern-body">
              {t('project.phase', {
                name: facts.data.testPhase.name,
                from: day(facts.data.testPhase.startDate),
                to: day(facts.data.testPhase.endDate),
              })}
            </p>
          ) : (
            <p className="kern-body">{t('project.noPhase')}</p>
          )}
          {facts.data.figures && (
            <dl>
              <dt>{t('project.stopsHeld')}</dt>
              <dd>{facts.data.figures.stopsHeld}</dd>
              <dt>{t('project.contacts')}</dt>
              <dd>{facts.data.figures.contacts ?? t('project.fewer')}</dd>
              {facts.data.figures.waitMedianMinutes !== null && (
                <>
                  <dt>{t('project.wait')}</dt>
                  <dd>{t('project.minutes', { count: Math.round(facts.data.figures.waitMedianMinutes) })}</dd>
                </>
              )}
            </dl>
          )}
          <p className="kern-body">
            <Link to="/vorschlaege" className="kern-link">
              {t('project.suggestionsLink', { count: facts.data.publishedSuggestions })}
            </Link>
          </p>
        </>
      )}
      <CommentSection suggestionId={null} />
    </>
  );
}

export const SuggestionConfirmPage = () => (
  <TokenActionPage
    apiPath={(id) => `/api/v1/suggestions/${id}/confirm`}
    messages="participation.confirmSuggestion"
  />
);
export const SupportConfirmPage = () => (
  <TokenActionPage
    apiPath={(id) => `/api/v1/supports/${id}/confirm`}
    messages="participation.confirmSupport"
  />
);
export const SupportWithdrawPage = () => (
  <TokenActionPage
    apiPath={(id) => `/api/v1/supports/${id}/withdraw`}
    messages="participation.withdrawSupport"
  />
);
export const CommentConfirmPage = () => (
  <TokenActionPage
    apiPath={(id) => `/api/v1/comments/${id}/confirm`}
    messages="participation.confirmComment"
  />
);

/**
 * The report button of a comment: it opens a small form asking for the reason (a select), then sends the
 * report to the moderators.
 */
function ReportComment({ commentId }: { commentId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<ReportReason>('spam');
  const [state, setState] = useState<'idle' | 'sent' | 'failed'>('idle');
  const selectId = `report-reason-${commentId}`;
  const send = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      const report: CommentReport = { reason };
      await postJson(`/api/v1/comments/${encodeURIComponent(commentId)}/reports`, report);
      setState('sent');
    } catch {
      setState('failed');
    }
  };
  if (state === 'sent') return <span role="status">{t('participation.reported')}</span>;
  if (!open)
    return (
      <button
        type="button"
        className="kern-btn kern-btn--tertiary"
        aria-expanded={false}
        onClick={() => setOpen(true)}
      >
        <span className="kern-label">{t('participation.report')}</span>
      </button>
    );
  return (
    <form noValidate className="report-form" onSubmit={(event) => void send(event)}>
      <div className="kern-form-input">
        <label className="kern-label" htmlFor={selectId}>
          {t('participation.reportReason')}
        </label>
        <select
          id={selectId}
          className="kern-form-input__select"
          value={reason}
          onChange={(event) => setReason(event.target.value as ReportReason)}
        >
          {REPORT_REASONS.map((option) => (
            <option key={option} value={option}>
              {t(`participation.reportReasons.${option}`)}
            </option>
          ))}
        </select>
      </div>
      {state === 'failed' && (
        <p role="alert" className="kern-text kern-text--error">
          {t('participation.reportFailed')}
        </p>
      )}
      <button type="submit" className="kern-btn kern-btn--secondary">
        <span className="kern-label">{t('participation.reportSend')}</span>
      </button>{' '}
      <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setOpen(false)}>
        <span className="kern-label">{t('participation.reportCancel')}</span>
      </button>
    </form>
  );
}
