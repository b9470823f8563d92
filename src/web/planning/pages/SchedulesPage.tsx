import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { planningApi, type Schedule, type Site, type Unit } from '../api.ts';
import { FormField } from '../components/FormField.tsx';
import { PageHeading } from '../components/PageHeading.tsx';

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

/** Recurring schedules: list, create, pause and resume, exception dates, end. */
export function SchedulesPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'de-DE';
  const [schedules, setSchedules] = useState<Schedule[] | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [sites, setSites] = useState<Site[]>([]);
  const [loadError, setLoadError] = useState('');
  const [status, setStatus] = useState('');
  const [draft, setDraft] = useState({
    unitId: '',
    siteId: '',
    every: '2',
    weekday: '2',
    startTime: '09:00',
    endTime: '12:00',
    validFrom: '',
  });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [selected, setSelected] = useState<Schedule | null>(null);
  const [exception, setException] = useState('');
  const [end, setEnd] = useState({ endDate: '', reason: '' });
  const [actionErrors, setActionErrors] = useState<FieldError[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);

  const day = (date: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${date}T12:00Z`),
    );
  const weekdayName = (n: number) =>
    new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, 0, n)), // 1 January 2024 was a Monday
    );

  const load = useCallback(async () => {
    try {
      const list = await planningApi.listSchedules();
      setSchedules(list.items);
      setSelected((current) =>
        current ? (list.items.find((item) => item.id === current.id) ?? null) : null,
      );
    } catch (error) {
      setLoadError(t('app.loadFailed', { detail: problemText(t, error) }));
    }
  }, [t]);
  useEffect(() => {
    void load();
    void Promise.all([planningApi.listUnits(), planningApi.listSites()])
      .then(([unitList, siteList]) => {
        setUnits(unitList.items);
        setSites(siteList.items);
        setDraft((current) => ({
          ...current,
          unitId: current.unitId || (unitList.items[0]?.id ?? ''),
          siteId: current.siteId || (siteList.items[0]?.id ?? ''),
        }));
      })
      .catch((error: unknown) => setLoadError(t('app.loadFailed', { detail: problemText(t, error) })));
  }, [load, t]);
  // The heading takes the focus only when another schedule is chosen, not when the chosen one reloads.
  const selectedId = selected?.id;
  useEffect(() => {
    if (selectedId) heading.current?.focus();
  }, [selectedId]);

  const rhythm = (schedule: Schedule) => {
    const days = (schedule.pattern.weekdays ?? []).map(weekdayName).join(', ');
    if (schedule.pattern.kind === 'weekly') return t('schedules.rhythm.weekly', { days });
    if (schedule.pattern.kind === 'every_n_weeks')
      return t('schedules.rhythm.everyNWeeks', { days, weeks: schedule.pattern.intervalWeeks });
    return t('schedules.rhythm.monthly');
  };
  const problemMessage = (error: unknown) => {
    const code = error instanceof ApiProblem ? error.code : undefined;
    return code && ['stop_conflict', 'schedule_end_in_past', 'schedule_ended', 'stop_in_past'].includes(code)
      ? t(`schedules.problems.${code}`, { detail: problemText(t, error) })
      : t('schedules.failed', { detail: problemText(t, error) });
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!isoDate.test(draft.validFrom))
      found.push({ fieldId: 'schedule-from', message: t('schedules.fromMissing') });
    if (!clock.test(draft.startTime))
      found.push({ fieldId: 'schedule-start', message: t('schedules.timeInvalid') });
    if (!clock.test(draft.endTime) || draft.endTime <= draft.startTime)
      found.push({ fieldId: 'schedule-end', message: t('schedules.endInvalid') });
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    const every = Number(draft.every);
    const days = [Number(draft.weekday)];
    try {
      const created = await planningApi.createSchedule({
        unitId: draft.unitId,
        siteId: draft.siteId,
        pattern:
          every === 1
            ? { kind: 'weekly', weekdays: days }
            : { kind: 'every_n_weeks', intervalWeeks: every, anchorDate: draft.validFrom, weekdays: days },
        startTime: draft.startTime,
        endTime: draft.endTime,
        validFrom: draft.validFrom,
      });
      setStatus(t('schedules.created', { count: created.stopIds.length }));
      await load();
    } catch (error) {
      const field = error instanceof ApiProblem ? error.problem.field : undefined;
      setErrors([
        {
          fieldId:
            field === 'endTime' ? 'schedule-end' : field === 'siteId' ? 'schedule-site' : 'schedule-from',
          message: problemMessage(error),
        },
      ]);
      setSubmission((n) => n + 1);
    }
  };

  const update = async (
    schedule: Schedule,
    body: { status?: 'active' | 'paused'; exceptionDates?: string[] },
    fieldId: string,
  ) => {
    try {
      const result = await planningApi.updateSchedule(schedule.id, body);
      setActionErrors([]);
      setStatus(
        t(body.status ? `schedules.now.${body.status}` : 'schedules.exceptionsSaved', {
          cancelled: result.stopsCancelled,
          created: result.stopsCreated,
        }),
      );
      await load();
    } catch (error) {
      setActionErrors([{ fieldId, message: problemMessage(error) }]);
      setSubmission((n) => n + 1);
    }
  };
  const addException = (event: FormEvent) => {
    event.preventDefault();
    if (!selected) return;
    if (!isoDate.test(exception)) {
      setActionErrors([{ fieldId: 'exception-date', message: t('schedules.exceptionMissing') }]);
      setSubmission((n) => n + 1);
      return;
    }
    void update(selected, { exceptionDates: [...selected.exceptionDates, exception] }, 'exception-date').then(
      () => setException(''),
    );
  };
  const endSchedule = async (event: FormEvent) => {
    event.preventDefault();
    if (!selected) return;
    if (!isoDate.test(end.endDate)) {
      setActionErrors([{ fieldId: 'end-date', message: t('schedules.endDateMissing') }]);
      setSubmission((n) => n + 1);
      return;
    }
    try {
      const result = await planningApi.endSchedule(selected.id, {
        endDate: end.endDate,
        ...(end.reason.trim() ? { reason: end.reason.trim() } : {}),
      });
      setActionErrors([]);
      setStatus(t('schedules.ended', { day: day(end.endDate), count: result.stopsCancelled }));
      await load();
    } catch (error) {
      setActionErrors([{ fieldId: 'end-date', message: problemMessage(error) }]);
      setSubmission((n) => n + 1);
    }
  };
  const errorOf = (list: FieldError[], id: string) => list.find((error) => error.fieldId === id)?.message;

  return (
    <>
      <PageHeading title={t('schedules.heading')}>{t('schedules.heading')}</PageHeading>
      <p>{t('schedules.intro')}</p>
      <p role="status" className="backoffice-status">
        {status}
      </p>
      {loadError && <p className="planning-error">{loadError}</p>}
      {schedules === null && !loadError && <p>{t('app.loading')}</p>}
      {schedules && schedules.length === 0 && <p>{t('schedules.none')}</p>}
      {schedules && schedules.length > 0 && (
        <div className="planning-table-wrap">
          <table className="kern-table planning-table">
            <caption className="kern-table__caption">{t('schedules.caption')}</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                {(
                  ['unit', 'site', 'rhythm', 'valid', 'exceptions', 'status', 'next', 'actions'] as const
                ).map((column) => (
                  <th key={column} scope="col" className="kern-table__header">
                    {t(`schedules.columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {schedules.map((schedule) => (
                <tr key={schedule.id} className="kern-table__row">
                  <th scope="row" className="kern-table__cell">
                    {schedule.unit.name}
                  </th>
                  <td className="kern-table__cell">{schedule.site.name}</td>
                  <td className="kern-table__cell">
                    {rhythm(schedule)},{' '}
                    {t('schedules.times', { from: schedule.startTime, to: schedule.endTime })}
                  </td>
                  <td className="kern-table__cell">
                    {schedule.validUntil
                      ? t('schedules.validRange', {
                          from: day(schedule.validFrom),
                          to: day(schedule.validUntil),
                        })
                      : t('schedules.validFrom', { from: day(schedule.validFrom) })}
                  </td>
                  <td className="kern-table__cell">
                    {[...schedule.exceptionDates, ...schedule.skippedDates].map(day).join(', ') || '–'}
                  </td>
                  <td className="kern-table__cell">{t(`schedules.statuses.${schedule.status}`)}</td>
                  <td className="kern-table__cell">
                    {schedule.nextStopDate
                      ? t('schedules.nextStop', {
                          day: day(schedule.nextStopDate),
                          count: schedule.upcomingStops,
                        })
                      : '–'}
                  </td>
                  <td className="kern-table__cell">
                    {schedule.status !== 'ended' && schedule.status !== 'draft' && (
                      <button
                        type="button"
                        className="kern-btn kern-btn--secondary"
                        onClick={() => {
                          setSelected(schedule);
                          setActionErrors([]);
                        }}
                      >
                        <span className="kern-label">
                          {t('schedules.edit', { unit: schedule.unit.name, site: schedule.site.name })}
                        </span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {selected && (
        <section aria-labelledby="schedule-edit" className="backoffice-section">
          <h2 id="schedule-edit" className="kern-heading-medium" tabIndex={-1} ref={heading}>
            {t('schedules.editHeading', { unit: selected.unit.name, site: selected.site.name })}
          </h2>
          <ErrorSummary errors={actionErrors} submission={submission} />
          <p>{t(`schedules.statusNow.${selected.status}`)}</p>
          {selected.status === 'active' || selected.status === 'paused' ? (
            <button
              type="button"
              id="schedule-pause"
              className="kern-btn kern-btn--secondary"
              onClick={() =>
                void update(
                  selected,
                  { status: selected.status === 'active' ? 'paused' : 'active' },
                  'schedule-pause',
                )
              }
            >
              <span className="kern-label">
                {t(selected.status === 'active' ? 'schedules.pause' : 'schedules.resume')}
              </span>
            </button>
          ) : null}

          <h3 className="kern-heading-small">{t('schedules.exceptionsHeading')}</h3>
          <p>{t('schedules.exceptionsIntro')}</p>
          {selected.exceptionDates.length > 0 && (
            <ul className="backoffice-list">
              {selected.exceptionDates.map((date) => (
                <li key={date}>
                  {day(date)}{' '}
                  <button
                    type="button"
                    className="kern-btn kern-btn--tertiary"
                    onClick={() =>
                      void update(
                        selected,
                        { exceptionDates: selected.exceptionDates.filter((other) => other !== date) },
                        'exception-date',
                      )
                    }
                  >
                    <span className="kern-label">{t('schedules.removeException', { day: day(date) })}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <form noValidate onSubmit={addException} className="planning-form">
            <FormField
              id="exception-date"
              label={t('schedules.exceptionDate')}
              error={errorOf(actionErrors, 'exception-date')}
            >
              {(describedBy) => (
                <input
                  id="exception-date"
                  type="date"
                  className="kern-form-input__input"
                  value={exception}
                  onChange={(event) => setException(event.target.value)}
                  aria-describedby={describedBy}
                />
              )}
            </FormField>
            <button type="submit" className="kern-btn kern-btn--secondary">
              <span className="kern-label">{t('schedules.addException')}</span>
            </button>
          </form>

          <h3 className="kern-heading-small">{t('schedules.endHeading')}</h3>
          <p>{t('schedules.endIntro')}</p>
          <form noValidate onSubmit={(event) => void endSchedule(event)} className="planning-form">
            <FormField id="end-date" label={t('schedules.endDate')} error={errorOf(actionErrors, 'end-date')}>
              {(describedBy) => (
                <input
                  id="end-date"
                  type="date"
                  className="kern-form-input__input"
                  value={end.endDate}
                  onChange={(event) => setEnd((current) => ({ ...current, endDate: event.target.value }))}
                  aria-describedby={describedBy}
                />
              )}
            </FormField>
            <FormField id="end-reason" label={t('schedules.endReason')} hint={t('schedules.endReasonHint')}>
              {(describedBy) => (
                <input
                  id="end-reason"
                  className="kern-form-input__input"
                  value={end.reason}
                  maxLength={500}
                  onChange={(event) => setEnd((current) => ({ ...current, reason: event.target.value }))}
                  aria-describedby={describedBy}
                  autoComplete="off"
                />
              )}
            </FormField>
            <button type="submit" className="kern-btn kern-btn--primary">
              <span className="kern-label">{t('schedules.end')}</span>
            </button>
          </form>
        </section>
      )}

      <section aria-labelledby="schedule-create" className="backoffice-section">
        <h2 id="schedule-create" className="kern-heading-medium">
          {t('schedules.createHeading')}
        </h2>
        <ErrorSummary errors={errors} submission={submission} />
        <form noValidate onSubmit={(event) => void create(event)} className="planning-form">
          <FormField id="schedule-unit" label={t('schedules.unit')}>
            {(describedBy) => (
              <select
                id="schedule-unit"
                className="kern-form-input__select"
                value={draft.unitId}
                onChange={(event) => setDraft((current) => ({ ...current, unitId: event.target.value }))}
                aria-describedby={describedBy}
              >
                {units.map((unit) => (
                  <option key={unit.id} value={unit.id}>
                    {unit.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField id="schedule-site" label={t('schedules.site')} error={errorOf(errors, 'schedule-site')}>
            {(describedBy) => (
              <select
                id="schedule-site"
                className="kern-form-input__select"
                value={draft.siteId}
                onChange={(event) => setDraft((current) => ({ ...current, siteId: event.target.value }))}
                aria-describedby={describedBy}
              >
                {sites.map((site) => (
                  <option key={site.id} value={site.id}>
                    {site.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField id="schedule-every" label={t('schedules.every')}>
            {(describedBy) => (
              <select
                id="schedule-every"
                className="kern-form-input__select"
                value={draft.every}
                onChange={(event) => setDraft((current) => ({ ...current, every: event.target.value }))}
                aria-describedby={describedBy}
              >
                {['1', '2', '3', '4'].map((weeks) => (
                  <option key={weeks} value={weeks}>
                    {t(`schedules.everyOptions.${weeks}`)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField id="schedule-weekday" label={t('schedules.weekday')}>
            {(describedBy) => (
              <select
                id="schedule-weekday"
                className="kern-form-input__select"
                value={draft.weekday}
                onChange={(event) => setDraft((current) => ({ ...current, weekday: event.target.value }))}
                aria-describedby={describedBy}
              >
                {weekdays.map((n) => (
                  <option key={n} value={String(n)}>
                    {weekdayName(n)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField
            id="schedule-start"
            label={t('schedules.start')}
            hint={t('schedules.timeHint')}
            error={errorOf(errors, 'schedule-start')}
          >
            {(describedBy) => (
              <input
                id="schedule-start"
                className="kern-form-input__input"
                value={draft.startTime}
                onChange={(event) => setDraft((current) => ({ ...current, startTime: event.target.value }))}
                aria-describedby={describedBy}
                autoComplete="off"
                inputMode="numeric"
              />
            )}
          </FormField>
          <FormField
            id="schedule-end"
            label={t('schedules.endTime')}
            hint={t('schedules.timeHint')}
            error={errorOf(errors, 'schedule-end')}
          >
            {(describedBy) => (
              <input
                id="schedule-end"
                className="kern-form-input__input"
                value={draft.endTime}
                onChange={(event) => setDraft((current) => ({ ...current, endTime: event.target.value }))}
                aria-describedby={describedBy}
                autoComplete="off"
                inputMode="numeric"
              />
            )}
          </FormField>
          <FormField
            id="schedule-from"
            label={t('schedules.firstDate')}
            hint={t('schedules.firstDateHint')}
            error={errorOf(errors, 'schedule-from')}
          >
            {(describedBy) => (
              <input
                id="schedule-from"
                type="date"
                className="kern-form-input__input"
                value={draft.validFrom}
                onChange={(event) => setDraft((current) => ({ ...current, validFrom: event.target.value }))}
                aria-describedby={describedBy}
              />
            )}
          </FormField>
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('schedules.create')}</span>
          </button>
        </form>
      </section>
    </>
  );
}
