import { FormField } from '../components/FormField.tsx';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { timeZone } from '../../format/dateTime.ts';
import { planningApi, type AuditEvent, type AuditSearch } from '../api.ts';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import {
  auditActionLabelKey,
  auditActions,
  auditFiltersFromParams,
  auditFiltersToParams,
  auditPeriods,
  auditSpecialActors,
  auditSubjectTypes,
  emptyAuditFilters,
  formatAuditDetails,
  MAX_FILTER_LENGTH,
  validateAuditFilters,
  type AuditFilterError,
  type AuditFilterField,
  type AuditFilterValues,
} from '../auditFilters.ts';
import { useFormat } from '../format.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { Cell, DataTable, RowHeader } from '../components/backoffice/index.ts';

/** Entries per page: "Weitere laden" fetches the next ones by the API's cursor. */
export const AUDIT_PAGE_SIZE = 25;

const fieldId = (field: AuditFilterField) => `audit-${field}`;
const auditPath = (values: Partial<AuditFilterValues>) => {
  const query = auditFiltersToParams(values).toString();
  return `/planung/protokoll${query ? `?${query}` : ''}`;
};

type Results =
  | { state: 'loading' }
  | { state: 'forbidden' }
  | { state: 'failed'; detail: string }
  | { state: 'invalid' }
  | { state: 'ready'; search: AuditSearch; items: AuditEvent[]; nextCursor: number | null };

/** The admin's search in the append-only audit trail (`GET /api/v1/staff/audit`). */
export function AuditLogPage() {
  const { t, locale } = useFormat();
  const [params, setParams] = useSearchParams();
  const paramsKey = params.toString();
  const [values, setValues] = useState<AuditFilterValues>(() => auditFiltersFromParams(params));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [reload, setReload] = useState(0);
  const [results, setResults] = useState<Results>({ state: 'loading' });
  const [loadingMore, setLoadingMore] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [focusRow, setFocusRow] = useState<number | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [namesFailed, setNamesFailed] = useState<unknown>(null);
  const fromInput = useRef<HTMLInputElement>(null);
  const toInput = useRef<HTMLInputElement>(null);

  const labelOf = (field: AuditFilterField) =>
    field === 'actor'
      ? t('auditFilters.person')
      : field === 'action' || field === 'period'
        ? t(`auditFilters.${field}`)
        : t(`audit.${field}`);
  const messageOf = (error: AuditFilterError) =>
    error.problem === 'tooLong'
      ? t('audit.errors.tooLong', { field: labelOf(error.field), max: MAX_FILTER_LENGTH })
      : error.problem === 'fromAfterTo'
        ? t('audit.errors.fromAfterTo')
        : t(error.field === 'from' ? 'audit.errors.fromInvalid' : 'audit.errors.toInvalid');
  const toFieldErrors = (found: AuditFilterError[]) =>
    found
      .filter((error, index) => found.findIndex((other) => other.field === error.field) === index)
      .map((error) => ({ fieldId: fieldId(error.field), message: messageOf(error) }));

  // The address holds the search: a submitted form, a link in the table and the back button all land here.
  useEffect(() => {
    const fromAddress = auditFiltersFromParams(new URLSearchParams(paramsKey));
    setValues(fromAddress);
    const { errors: found, search } = validateAuditFilters(fromAddress);
    if (found.length > 0) {
      setErrors(toFieldErrors(found));
      setSubmission((n) => n + 1);
      setResults({ state: 'invalid' });
      return;
    }
    setErrors([]);
    let current = true;
    setResults({ state: 'loading' });
    planningApi
      .searchAudit({ ...search, limit: AUDIT_PAGE_SIZE })
      .then((page) => {
        if (!current) return;
        setResults({ state: 'ready', search, items: page.items, nextCursor: page.nextCursor });
        setAnnouncement(
          page.nextCursor === null
            ? t('audit.found', { count: page.items.length })
            : t('audit.foundMore', { count: page.items.length }),
        );
      })
      .catch((error: unknown) => {
        if (!current) return;
        if (error instanceof ApiProblem && error.status === 403) setResults({ state: 'forbidden' });
        else setResults({ state: 'failed', detail: problemText(t, error) });
      });
    return () => {
      current = false;
    };
    // Messages are read when the answer comes; a language switch need not search again.
  }, [paramsKey, reload]);

  // People's names instead of raw ids: the audit trail itself holds ids only.
  useEffect(() => {
    planningApi
      .listUsers()
      .then((list) => {
        const byName = [...list.items].sort((a, b) => a.name.localeCompare(b.name, 'de'));
        setNames(new Map(byName.map((user) => [`staff:${user.id}`, user.name])));
        setNamesFailed(null);
      })
      .catch((error: unknown) => {
        setNames(new Map());
        setNamesFailed(error);
      });
  }, []);
  const actorName = (actor: string) =>
    names.get(actor) ??
    (actor === 'system'
      ? t('auditFilters.personSystem')
      : actor === 'citizen'
        ? t('auditFilters.personCitizen')
        : actor);

  useEffect(() => {
    if (focusRow === null) return;
    document.getElementById(`audit-event-${focusRow}`)?.focus();
    setFocusRow(null);
  }, [focusRow]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { errors: found } = validateAuditFilters(values, {
      from: fromInput.current?.validity.badInput ?? false,
      to: toInput.current?.validity.badInput ?? false,
    });
    setErrors(toFieldErrors(found));
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    const next = auditFiltersToParams(values);
    if (next.toString() === paramsKey) setReload((n) => n + 1);
    else setParams(next);
  };

  const reset = () => {
    setErrors([]);
    setValues(emptyAuditFilters);
    if (paramsKey) setParams(new URLSearchParams());
    else setReload((n) => n + 1);
  };

  const loadMore = async () => {
    if (loadingMore || results.state !== 'ready' || results.nextCursor === null) return;
    setLoadingMore(true);
    try {
      const page = await planningApi.searchAudit({
        ...results.search,
        limit: AUDIT_PAGE_SIZE,
        cursor: results.nextCursor,
      });
      // Appended only if no other search has replaced these results in the meantime.
      setResults((current) =>
        current.state === 'ready' && current.search === results.search
          ? { ...current, items: [...current.items, ...page.items], nextCursor: page.nextCursor }
          : current,
      );
      setAnnouncement(t('audit.loadedMore', { count: page.items.length }));
      // The first new row takes the focus: the button may be gone, and the reader continues where it was.
      if (page.items[0]) setFocusRow(page.items[0].id);
    } catch (error) {
      setAnnouncement(t('app.loadFailed', { detail: problemText(t, error) }));
    } finally {
      setLoadingMore(false);
    }
  };

  const time = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'medium' });
  const typeLabel = (type: string) =>
    (auditSubjectTypes as readonly string[]).includes(type) ? t(`audit.subjectTypes.${type}`) : type;
  const knownAction = (action: string) => (auditActions as readonly string[]).includes(action);
  const errorOf = (field: AuditFilterField) =>
    errors.find((error) => error.fieldId === fieldId(field))?.message;
  const set = (field: AuditFilterField) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }));
  // Only "Eigener Zeitraum" takes dates: another period leaves none behind that would still filter.
  const setPeriod = (period: string) =>
    setValues((current) =>
      period === 'custom' ? { ...current, period } : { ...current, period, from: '', to: '' },
    );

  const heading = <PageHeading title={t('audit.heading')}>{t('audit.heading')}</PageHeading>;
  if (results.state === 'forbidden') {
    return (
      <>
        {heading}
        <div className="kern-alert kern-alert--warning audit-forbidden">
          <div className="kern-alert__body">
            <p className="kern-body">{t('audit.forbidden')}</p>
          </div>
        </div>
        <p>
          <Link className="kern-link" to="/planung">
            {t('app.back')}
          </Link>
        </p>
      </>
    );
  }

  const text = (field: AuditFilterField, hint?: string, type: 'text' | 'date' = 'text') => (
    <FormField id={fieldId(field)} label={labelOf(field)} hint={hint} error={errorOf(field)}>
      {(describedBy) => (
        <input
          id={fieldId(field)}
          ref={field === 'from' ? fromInput : field === 'to' ? toInput : undefined}
          className={`kern-form-input__input${errorOf(field) ? ' kern-form-input__input--error' : ''}`}
          type={type}
          value={values[field]}
          onChange={(event) => set(field)(event.target.value)}
          aria-invalid={errorOf(field) ? true : undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          spellCheck={false}
        />
      )}
    </FormField>
  );
  const setActor = set('actor');
  /** A dropdown filter; a value from the address that it does not offer (an old link) is kept and named. */
  const select = (
    field: AuditFilterField,
    hint: string,
    options: { value: string; label: string }[],
    unknownLabel: (value: string) => string,
    onChange: (value: string) => void,
  ) => (
    <FormField id={fieldId(field)} label={labelOf(field)} hint={hint} error={errorOf(field)}>
      {(describedBy) => (
        <select
          id={fieldId(field)}
          className={`kern-form-input__select${errorOf(field) ? ' kern-form-input__input--error' : ''}`}
          value={values[field]}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={errorOf(field) ? true : undefined}
          aria-describedby={describedBy}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
          {values[field] && !options.some((option) => option.value === values[field]) && (
            <option value={values[field]}>{unknownLabel(values[field])}</option>
          )}
        </select>
      )}
    </FormField>
  );
  const knownType = (auditSubjectTypes as readonly string[]).includes(values.subjectType);

  return (
    <>
      {heading}
      <ErrorSummary errors={errors} submission={submission} />
      <p>{t('audit.intro')}</p>
      <p>{t('audit.appendOnly')}</p>
      {namesFailed !== null && (
        <p className="planning-error">
          {t('auditFilters.namesFailed', { detail: problemText(t, namesFailed) })}
        </p>
      )}
      <form noValidate onSubmit={submit} className="planning-form audit-form" role="search">
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{t('audit.searchLegend')}</legend>
          <p className="kern-hint">{t('audit.searchHint')}</p>
          <div className="kern-fieldset__body audit-form__fields">
            <FormField
              id={fieldId('subjectType')}
              label={labelOf('subjectType')}
              error={errorOf('subjectType')}
            >
              {(describedBy) => (
                <select
                  id={fieldId('subjectType')}
                  className="kern-form-input__select"
                  value={values.subjectType}
                  onChange={(event) => set('subjectType')(event.target.value)}
                  aria-describedby={describedBy}
                >
                  <option value="">{t('audit.subjectTypeAll')}</option>
                  {auditSubjectTypes.map((type) => (
                    <option key={type} value={type}>
                      {t(`audit.subjectTypes.${type}`)}
                    </option>
                  ))}
                  {values.subjectType && !knownType && (
                    <option value={values.subjectType}>{values.subjectType}</option>
                  )}
                </select>
              )}
            </FormField>
            {text('subjectId', t('audit.subjectIdHint'))}
            {select(
              'actor',
              t('auditFilters.personHint'),
              [
                { value: '', label: t('auditFilters.personAll') },
                ...auditSpecialActors.map((actor) => ({
                  value: actor,
                  label: t(actor === 'system' ? 'auditFilters.personSystem' : 'auditFilters.personCitizen'),
                })),
                ...[...names].map(([actor, name]) => ({ value: actor, label: name })),
              ],
              (actor) => t('auditFilters.personUnknown', { actor }),
              setActor,
            )}
            {select(
              'action',
              t('auditFilters.actionHint'),
              [
                { value: '', label: t('auditFilters.actionAll') },
                ...auditActions.map((action) => ({ value: action, label: t(auditActionLabelKey(action)) })),
              ],
              (action) => t('auditFilters.actionUnknown', { action }),
              set('action'),
            )}
            {select(
              'period',
              t('auditFilters.periodHint'),
              auditPeriods.map((period) => ({
                value: period,
                label: t(`auditFilters.periods.${period || 'all'}`),
              })),
              () => t('auditFilters.periods.all'),
              setPeriod,
            )}
            {values.period === 'custom' && (
              <>
                {text('from', t('audit.fromHint'), 'date')}
                {text('to', t('audit.toHint'), 'date')}
              </>
            )}
          </div>
        </fieldset>
        <div className="planning-actions">
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('audit.submit')}</span>
          </button>
          <button type="button" className="kern-btn kern-btn--secondary" onClick={reset}>
            <span className="kern-label">{t('audit.reset')}</span>
          </button>
        </div>
      </form>
      <p role="status" className="audit-status">
        {results.state === 'ready' ? announcement : ''}
      </p>
      {results.state === 'loading' && <p>{t('app.loading')}</p>}
      {results.state === 'failed' && (
        <p className="planning-error">{t('app.loadFailed', { detail: results.detail })}</p>
      )}
      {results.state === 'ready' && (
        <DataTable
          caption={t('audit.caption')}
          columns={(['time', 'who', 'what', 'type', 'id', 'details'] as const).map((column) =>
            t(`audit.${column}`),
          )}
          rows={results.items}
          rowKey={(event) => event.id}
          empty={t('audit.empty')}
          emptyClassName="audit-empty"
          className="audit-table"
          more={
            results.nextCursor !== null
              ? {
                  label: loadingMore ? t('audit.loadingMore') : t('audit.more'),
                  onMore: () => void loadMore(),
                  busy: loadingMore,
                }
              : undefined
          }
        >
          {(event) => (
            <>
              <RowHeader id={`audit-event-${event.id}`} tabIndex={-1}>
                <time dateTime={event.occurredAt}>{time.format(new Date(event.occurredAt))}</time>
              </RowHeader>
              <Cell className="audit-table__code">
                <Link
                  className="kern-link"
                  to={auditPath({ actor: event.actor })}
                  aria-label={t('audit.filterByActor', { actor: actorName(event.actor) })}
                >
                  {actorName(event.actor)}
                </Link>
              </Cell>
              <Cell>
                {knownAction(event.action) && (
                  <>
                    {t(auditActionLabelKey(event.action))}
                    <br />
                  </>
                )}
                <code lang="en" className="audit-table__key">
                  {event.action}
                </code>
              </Cell>
              <Cell>{typeLabel(event.subjectType)}</Cell>
              <Cell className="audit-table__code">
                {event.subjectId ? (
                  <Link
                    className="kern-link"
                    to={auditPath({ subjectType: event.subjectType, subjectId: event.subjectId })}
                    aria-label={t('audit.filterBySubject', {
                      type: typeLabel(event.subjectType),
                      id: event.subjectId,
                    })}
                  >
                    {event.subjectId}
                  </Link>
                ) : (
                  t('audit.none')
                )}
              </Cell>
              <Cell className="audit-table__code">
                {formatAuditDetails(event.details) || t('audit.none')}
              </Cell>
            </>
          )}
        </DataTable>
      )}
    </>
  );
}
