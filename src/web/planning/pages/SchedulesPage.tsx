import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { ConfirmAction, ConfirmQuestion } from '../../components/ConfirmAction/ConfirmAction.tsx';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { planningApi, type Schedule } from '../api.ts';
import {
  BackOfficeForm,
  BackOfficeSection,
  Button,
  Cell,
  DataTable,
  errorOf,
  Options,
  PageStatus,
  RowHeader,
  SelectField,
  TextField,
  usePageLoad,
  useUnitsAndSites,
} from '../components/backoffice/index.ts';
import { PageHeading } from '../components/PageHeading.tsx';

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

/** Recurring schedules: list, create, pause and resume, exception dates, end. */
export function SchedulesPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'de-DE';
  const [schedules, setSchedules] = useState<Schedule[] | null>(null);
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
  // A checked exception date or end date waits for "yes": both cancel stops and mail the people booked there.
  const [asking, setAsking] = useState<'exception' | 'end' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const day = (date: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${date}T12:00Z`),
    );
  const weekdayName = (n: number) =>
    new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, 0, n)), // 1 January 2024 was a Monday
    );

  const {
    loadError,
    reload: load,
    fail,
  } = usePageLoad(async () => {
    const list = await planningApi.listSchedules();
    setSchedules(list.items);
    setSelected((current) => (current ? (list.items.find((item) => item.id === current.id) ?? null) : null));
  });
  const { units, sites } = useUnitsAndSites(fail, (first) =>
    setDraft((current) => ({
      ...current,
      unitId: current.unitId || first.unitId,
      siteId: current.siteId || first.siteId,
    })),
  );
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
    setActionErrors([]);
    setAsking('exception');
  };
  const saveException = () => {
    setAsking(null);
    if (!selected) return;
    void update(selected, { exceptionDates: [...selected.exceptionDates, exception] }, 'exception-date').then(
      () => setException(''),
    );
  };
  const askToEnd = (event: FormEvent) => {
    event.preventDefault();
    if (!selected) return;
    if (!isoDate.test(end.endDate)) {
      setActionErrors([{ fieldId: 'end-date', message: t('schedules.endDateMissing') }]);
      setSubmission((n) => n + 1);
      return;
    }
    setActionErrors([]);
    setAsking('end');
  };
  const endSchedule = async () => {
    setAsking(null);
    if (!selected) return;
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
  return (
    <>
      <PageHeading title={t('schedules.heading')}>{t('schedules.heading')}</PageHeading>
      <p>{t('schedules.intro')}</p>
      <PageStatus status={status} loadError={loadError} loading={schedules === null} />
      {schedules && (
        <DataTable
          caption={t('schedules.caption')}
          columns={(
            ['unit', 'site', 'rhythm', 'valid', 'exceptions', 'status', 'next', 'actions'] as const
          ).map((column) => t(`schedules.columns.${column}`))}
          rows={schedules}
          rowKey={(schedule) => schedule.id}
          empty={t('schedules.none')}
        >
          {(schedule) => (
            <>
              <RowHeader>{schedule.unit.name}</RowHeader>
              <Cell>{schedule.site.name}</Cell>
              <Cell>
                {rhythm(schedule)}, {t('schedules.times', { from: schedule.startTime, to: schedule.endTime })}
              </Cell>
              <Cell>
                {schedule.validUntil
                  ? t('schedules.validRange', {
                      from: day(schedule.validFrom),
                      to: day(schedule.validUntil),
                    })
                  : t('schedules.validFrom', { from: day(schedule.validFrom) })}
              </Cell>
              <Cell>{[...schedule.exceptionDates, ...schedule.skippedDates].map(day).join(', ') || '–'}</Cell>
              <Cell>{t(`schedules.statuses.${schedule.status}`)}</Cell>
              <Cell>
                {schedule.nextStopDate
                  ? t('schedules.nextStop', {
                      day: day(schedule.nextStopDate),
                      count: schedule.upcomingStops,
                    })
                  : '–'}
              </Cell>
              <Cell>
                {schedule.status !== 'ended' && schedule.status !== 'draft' && (
                  <Button
                    onClick={() => {
                      setSelected(schedule);
                      setActionErrors([]);
                      setAsking(null);
                    }}
                  >
                    {t('schedules.edit', { unit: schedule.unit.name, site: schedule.site.name })}
                  </Button>
                )}
              </Cell>
            </>
          )}
        </DataTable>
      )}

      {selected && (
        <BackOfficeSection
          id="schedule-edit"
          heading={t('schedules.editHeading', { unit: selected.unit.name, site: selected.site.name })}
          headingRef={heading}
        >
          <ErrorSummary errors={actionErrors} submission={submission} />
          <p>{t(`schedules.statusNow.${selected.status}`)}</p>
          {selected.status === 'active' || selected.status === 'paused' ? (
            <ConfirmAction
              id="schedule-pause"
              appearance="secondary"
              label={t(selected.status === 'active' ? 'schedules.pause' : 'schedules.resume')}
              question={t(
                selected.status === 'active' ? 'schedules.pauseQuestion' : 'schedules.resumeQuestion',
                { unit: selected.unit.name, site: selected.site.name },
              )}
              consequence={t(
                selected.status === 'active' ? 'schedules.pauseConsequence' : 'schedules.resumeConsequence',
              )}
              yes={t(selected.status === 'active' ? 'schedules.pauseYes' : 'schedules.resumeYes')}
              no={t('app.confirmNo')}
              onConfirm={() =>
                void update(
                  selected,
                  { status: selected.status === 'active' ? 'paused' : 'active' },
                  'schedule-pause',
                )
              }
            />
          ) : null}

          <h3 className="kern-heading-small">{t('schedules.exceptionsHeading')}</h3>
          <p>{t('schedules.exceptionsIntro')}</p>
          {selected.exceptionDates.length > 0 && (
            <ul className="backoffice-list">
              {selected.exceptionDates.map((date) => (
                <li key={date}>
                  {day(date)}{' '}
                  <ConfirmAction
                    appearance="tertiary"
                    label={t('schedules.removeException', { day: day(date) })}
                    question={t('schedules.removeExceptionQuestion', { day: day(date) })}
                    consequence={t('schedules.removeExceptionConsequence')}
                    yes={t('schedules.removeExceptionYes')}
                    no={t('app.confirmNo')}
                    onConfirm={() =>
                      void update(
                        selected,
                        { exceptionDates: selected.exceptionDates.filter((other) => other !== date) },
                        'exception-date',
                      )
                    }
                  />
                </li>
              ))}
            </ul>
          )}
          <BackOfficeForm onSubmit={addException}>
            <TextField
              id="exception-date"
              type="date"
              label={t('schedules.exceptionDate')}
              error={errorOf(actionErrors, 'exception-date')}
              value={exception}
              onValueChange={setException}
            />
            <Button type="submit">{t('schedules.addException')}</Button>
          </BackOfficeForm>
          {asking === 'exception' && (
            <ConfirmQuestion
              question={t('schedules.addExceptionQuestion', { day: day(exception) })}
              consequence={t('schedules.addExceptionConsequence')}
              yes={t('schedules.addExceptionYes')}
              no={t('app.confirmNo')}
              onYes={saveException}
              onNo={() => setAsking(null)}
            />
          )}

          <h3 className="kern-heading-small">{t('schedules.endHeading')}</h3>
          <p>{t('schedules.endIntro')}</p>
          <BackOfficeForm onSubmit={askToEnd} submitLabel={t('schedules.end')}>
            <TextField
              id="end-date"
              type="date"
              label={t('schedules.endDate')}
              error={errorOf(actionErrors, 'end-date')}
              value={end.endDate}
              onValueChange={(endDate) => setEnd((current) => ({ ...current, endDate }))}
            />
            <TextField
              id="end-reason"
              label={t('schedules.endReason')}
              hint={t('schedules.endReasonHint')}
              value={end.reason}
              maxLength={500}
              onValueChange={(reason) => setEnd((current) => ({ ...current, reason }))}
              autoComplete="off"
            />
          </BackOfficeForm>
          {asking === 'end' && (
            <ConfirmQuestion
              question={t('schedules.endQuestion', { day: day(end.endDate) })}
              consequence={t('schedules.endConsequence')}
              yes={t('schedules.endYes')}
              no={t('app.confirmNo')}
              onYes={() => void endSchedule()}
              onNo={() => setAsking(null)}
            />
          )}
        </BackOfficeSection>
      )}

      <BackOfficeSection id="schedule-create" heading={t('schedules.createHeading')}>
        <BackOfficeForm
          errors={errors}
          submission={submission}
          onSubmit={(event) => void create(event)}
          submitLabel={t('schedules.create')}
        >
          <SelectField
            id="schedule-unit"
            label={t('schedules.unit')}
            value={draft.unitId}
            onValueChange={(unitId) => setDraft((current) => ({ ...current, unitId }))}
          >
            <Options items={units} />
          </SelectField>
          <SelectField
            id="schedule-site"
            label={t('schedules.site')}
            error={errorOf(errors, 'schedule-site')}
            value={draft.siteId}
            onValueChange={(siteId) => setDraft((current) => ({ ...current, siteId }))}
          >
            <Options items={sites} />
          </SelectField>
          <SelectField
            id="schedule-every"
            label={t('schedules.every')}
            value={draft.every}
            onValueChange={(every) => setDraft((current) => ({ ...current, every }))}
          >
            {['1', '2', '3', '4'].map((weeks) => (
              <option key={weeks} value={weeks}>
                {t(`schedules.everyOptions.${weeks}`)}
              </option>
            ))}
          </SelectField>
          <SelectField
            id="schedule-weekday"
            label={t('schedules.weekday')}
            value={draft.weekday}
            onValueChange={(weekday) => setDraft((current) => ({ ...current, weekday }))}
          >
            {weekdays.map((n) => (
              <option key={n} value={String(n)}>
                {weekdayName(n)}
              </option>
            ))}
          </SelectField>
          <TextField
            id="schedule-start"
            label={t('schedules.start')}
            hint={t('schedules.timeHint')}
            error={errorOf(errors, 'schedule-start')}
            value={draft.startTime}
            onValueChange={(startTime) => setDraft((current) => ({ ...current, startTime }))}
            autoComplete="off"
            inputMode="numeric"
          />
          <TextField
            id="schedule-end"
            label={t('schedules.endTime')}
            hint={t('schedules.timeHint')}
            error={errorOf(errors, 'schedule-end')}
            value={draft.endTime}
            onValueChange={(endTime) => setDraft((current) => ({ ...current, endTime }))}
            autoComplete="off"
            inputMode="numeric"
          />
          <TextField
            id="schedule-from"
            type="date"
            label={t('schedules.firstDate')}
            hint={t('schedules.firstDateHint')}
            error={errorOf(errors, 'schedule-from')}
            value={draft.validFrom}
            onValueChange={(validFrom) => setDraft((current) => ({ ...current, validFrom }))}
          />
        </BackOfficeForm>
      </BackOfficeSection>
    </>
  );
}
