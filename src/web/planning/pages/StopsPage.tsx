import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { DateTime } from 'luxon';
import { planningApi, type ChecklistProblem, type StaffStop, type StopConflictExplained } from '../api.ts';
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
  TextAreaField,
  TextField,
  type FieldError,
  usePageLoad,
  useUnitsAndSites,
} from '../components/backoffice/index.ts';
import { PageHeading } from '../components/PageHeading.tsx';

const zone = 'Europe/Berlin';
const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

type View = 'week' | 'month';
interface StopDraft {
  unitId: string;
  siteId: string;
  date: string;
  startTime: string;
  endTime: string;
}

function periodOf(view: View, anchor: DateTime) {
  const from = view === 'week' ? anchor.startOf('week') : anchor.startOf('month');
  const to = view === 'week' ? from.plus({ days: 6 }) : from.endOf('month').startOf('day');
  return { from, to };
}

/** Explains each conflict in the page's language. */
export function useConflictText() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'de-DE';
  const time = (iso: string) => DateTime.fromISO(iso).setZone(zone).setLocale(locale).toFormat('HH:mm');
  const day = (iso: string) =>
    DateTime.fromISO(iso).setZone(zone).setLocale(locale).toLocaleString(DateTime.DATE_MED_WITH_WEEKDAY);
  return (conflict: StopConflictExplained) => {
    const other = conflict.other;
    switch (conflict.kind) {
      case 'overlap':
        return t('stops.conflicts.overlap', {
          site: other?.siteName,
          day: other ? day(other.startsAt) : '',
          from: other ? time(other.startsAt) : '',
          to: other ? time(other.endsAt) : '',
          minutes: conflict.overlapMinutes,
        });
      case 'travel':
        return t(`stops.conflicts.travel_${conflict.direction ?? 'from_previous'}`, {
          site: other?.siteName,
          from: other ? time(other.startsAt) : '',
          to: other ? time(other.endsAt) : '',
          required: conflict.requiredMinutes,
          available: Math.max(0, conflict.availableMinutes ?? 0),
        });
      default:
        return t(`stops.conflicts.${conflict.reason ?? 'closed_that_day'}`, {
          holiday: conflict.holidayName,
          opens: conflict.opens,
          closes: conflict.closes,
        });
    }
  };
}

/**
 * Stops in a week or month calendar per unit and per site (an accessible table), with creating, moving and
 * cancelling stops; conflicts are explained before anything is saved.
 */
export function StopsPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'de-DE';
  const conflictText = useConflictText();
  const [view, setView] = useState<View>('week');
  const [anchor, setAnchor] = useState(() => DateTime.now().setZone(zone).startOf('day'));
  const [unitFilter, setUnitFilter] = useState('');
  const [siteFilter, setSiteFilter] = useState('');
  const [stops, setStops] = useState<StaffStop[] | null>(null);
  const [status, setStatus] = useState('');
  const [draft, setDraft] = useState<StopDraft>({
    unitId: '',
    siteId: '',
    date: '',
    startTime: '09:00',
    endTime: '12:00',
  });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [conflicts, setConflicts] = useState<StopConflictExplained[] | null>(null);
  const [submission, setSubmission] = useState(0);
  const [action, setAction] = useState<{ mode: 'change' | 'cancel'; stop: StaffStop } | null>(null);
  const [change, setChange] = useState<StopDraft>(draft);
  const [reason, setReason] = useState('');
  const [actionErrors, setActionErrors] = useState<FieldError[]>([]);
  const [actionConflicts, setActionConflicts] = useState<StopConflictExplained[] | null>(null);
  const actionHeading = useRef<HTMLHeadingElement>(null);
  const [checklistProblems, setChecklistProblems] = useState<ChecklistProblem[]>([]);
  useEffect(() => {
    planningApi
      .listChecklistProblems()
      .then((list) => setChecklistProblems(list.items))
      .catch(() => setChecklistProblems([]));
  }, []);
  const checkItemName = (key: string) =>
    key.startsWith('device:')
      ? t('stops.checklistItems.device', { kind: key.slice('device:'.length) })
      : t(`stops.checklistItems.${key}`);

  const { from, to } = periodOf(view, anchor);
  const fromIso = from.toISODate()!;
  const toIso = to.toISODate()!;

  const {
    loadError,
    reload: load,
    fail,
  } = usePageLoad(async () => {
    const list = await planningApi.listStaffStops(fromIso, toIso);
    setStops(list.items);
  }, [fromIso, toIso]);
  const { units, sites } = useUnitsAndSites(fail, (first) =>
    setDraft((current) => ({
      ...current,
      unitId: current.unitId || first.unitId,
      siteId: current.siteId || first.siteId,
    })),
  );
  useEffect(() => {
    if (action) actionHeading.current?.focus();
  }, [action]);

  const shown = (stops ?? []).filter(
    (stop) => (!unitFilter || stop.unit.id === unitFilter) && (!siteFilter || stop.site.id === siteFilter),
  );
  const time = (iso: string) => DateTime.fromISO(iso).setZone(zone).toFormat('HH:mm');
  const longDay = (date: string) =>
    DateTime.fromISO(date, { zone }).setLocale(locale).toLocaleString(DateTime.DATE_HUGE);
  const periodLabel =
    view === 'week'
      ? t('stops.weekOf', {
          from: from.setLocale(locale).toLocaleString(DateTime.DATE_MED),
          to: to.setLocale(locale).toLocaleString(DateTime.DATE_MED),
        })
      : from.setLocale(locale).toFormat('LLLL yyyy');
  const move = (step: number) =>
    setAnchor((current) =>
      view === 'week' ? current.plus({ weeks: step }) : current.plus({ months: step }),
    );

  const validate = (value: StopDraft, prefix: string) => {
    const found: FieldError[] = [];
    if (!isoDate.test(value.date)) found.push({ fieldId: `${prefix}-date`, message: t('stops.dateMissing') });
    if (!clock.test(value.startTime))
      found.push({ fieldId: `${prefix}-start`, message: t('stops.timeInvalid') });
    if (!clock.test(value.endTime)) found.push({ fieldId: `${prefix}-end`, message: t('stops.timeInvalid') });
    else if (clock.test(value.startTime) && value.endTime <= value.startTime)
      found.push({ fieldId: `${prefix}-end`, message: t('stops.endBeforeStart') });
    return found;
  };
  const fieldIdOf = (prefix: string, field: string | undefined) => {
    const suffix: Record<string, string> = {
      siteId: 'site',
      date: 'date',
      startTime: 'start',
      endTime: 'end',
      unitId: 'unit',
    };
    const known = field ? suffix[field] : undefined;
    return `${prefix}-${known && !(prefix === 'change' && known === 'unit') ? known : 'date'}`;
  };
  const problemOf = (prefix: string, error: unknown): FieldError => {
    const problem = error instanceof ApiProblem ? error.problem : undefined;
    const code = (problem as { code?: string } | undefined)?.code;
    const known = code && ['stop_conflict', 'stop_in_past', 'stop_has_bookings'].includes(code);
    return {
      fieldId: fieldIdOf(prefix, problem?.field),
      message: known ? t(`stops.problems.${code}`) : t('stops.failed', { detail: problemText(t, error) }),
    };
  };

  const create = async (event: FormEvent, confirmed = false) => {
    event.preventDefault();
    const found = validate(draft, 'stop');
    setErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    try {
      if (!confirmed) {
        const check = await planningApi.checkStop(draft);
        setConflicts(check.conflicts);
        if (check.conflicts.length > 0) return;
      }
      const created = await planningApi.createStop(draft);
      setConflicts(null);
      setStatus(t('stops.created', { site: created.site.name, day: longDay(created.date) }));
      await load();
    } catch (error) {
      setErrors([problemOf('stop', error)]);
      setSubmission((n) => n + 1);
    }
  };

  const openAction = (mode: 'change' | 'cancel', stop: StaffStop) => {
    setAction({ mode, stop });
    setActionErrors([]);
    setActionConflicts(null);
    setReason('');
    setChange({
      unitId: stop.unit.id,
      siteId: stop.site.id,
      date: stop.date,
      startTime: time(stop.startsAt),
      endTime: time(stop.endsAt),
    });
  };

  const saveChange = async (event: FormEvent, confirmed = false) => {
    event.preventDefault();
    if (!action) return;
    const found = validate(change, 'change');
    setActionErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    const body = {
      siteId: change.siteId,
      date: change.date,
      startTime: change.startTime,
      endTime: change.endTime,
    };
    try {
      if (!confirmed) {
        const check = await planningApi.checkStop({ stopId: action.stop.id, ...body });
        setActionConflicts(check.conflicts);
        if (check.conflicts.length > 0) return;
      }
      const changed = await planningApi.changeStop(action.stop.id, body);
      setAction(null);
      setStatus(t('stops.changed', { site: changed.site.name, day: longDay(changed.date) }));
      await load();
    } catch (error) {
      setActionErrors([problemOf('change', error)]);
      setSubmission((n) => n + 1);
    }
  };

  const cancel = async (event: FormEvent) => {
    event.preventDefault();
    if (!action) return;
    if (!reason.trim()) {
      setActionErrors([{ fieldId: 'cancel-reason', message: t('stops.reasonMissing') }]);
      setSubmission((n) => n + 1);
      return;
    }
    try {
      const result = await planningApi.cancelStop(action.stop.id, reason.trim());
      setStatus(
        t('stops.cancelled', {
          site: action.stop.site.name,
          day: longDay(action.stop.date),
          count: result.bookingsCancelled,
        }),
      );
      setAction(null);
      await load();
    } catch (error) {
      setActionErrors([
        { fieldId: 'cancel-reason', message: t('stops.failed', { detail: problemText(t, error) }) },
      ]);
      setSubmission((n) => n + 1);
    }
  };
  const conflictList = (list: StopConflictExplained[] | null, onConfirm: (event: FormEvent) => void) =>
    list &&
    list.length > 0 && (
      <div className="backoffice-conflicts" role="region" aria-labelledby={`conflicts-${onConfirm.name}`}>
        <h3 className="kern-heading-small" id={`conflicts-${onConfirm.name}`}>
          {list.some((conflict) => conflict.blocking)
            ? t('stops.conflictsBlocking')
            : t('stops.conflictsWarning')}
        </h3>
        <ul>
          {list.map((conflict, index) => (
            <li key={index}>{conflictText(conflict)}</li>
          ))}
        </ul>
        {!list.some((conflict) => conflict.blocking) && (
          <Button onClick={onConfirm}>{t('stops.saveAnyway')}</Button>
        )}
      </div>
    );

  const stopFields = (
    value: StopDraft,
    set: (next: StopDraft) => void,
    prefix: string,
    list: FieldError[],
  ) => (
    <>
      {prefix === 'stop' && (
        <SelectField
          id="stop-unit"
          label={t('stops.unit')}
          value={value.unitId}
          onValueChange={(unitId) => set({ ...value, unitId })}
        >
          <Options items={units} />
        </SelectField>
      )}
      <SelectField
        id={`${prefix}-site`}
        label={t('stops.site')}
        error={errorOf(list, `${prefix}-site`)}
        value={value.siteId}
        onValueChange={(siteId) => set({ ...value, siteId })}
      >
        <Options items={sites} />
      </SelectField>
      <TextField
        id={`${prefix}-date`}
        type="date"
        label={t('stops.date')}
        error={errorOf(list, `${prefix}-date`)}
        value={value.date}
        onValueChange={(date) => set({ ...value, date })}
      />
      {(['start', 'end'] as const).map((end) => (
        <TextField
          key={end}
          id={`${prefix}-${end}`}
          label={t(`stops.${end}`)}
          hint={t('stops.timeHint')}
          error={errorOf(list, `${prefix}-${end}`)}
          value={end === 'start' ? value.startTime : value.endTime}
          onValueChange={(time) =>
            set(end === 'start' ? { ...value, startTime: time } : { ...value, endTime: time })
          }
          autoComplete="off"
          inputMode="numeric"
        />
      ))}
    </>
  );

  const abort = (
    <Button appearance="tertiary" onClick={() => setAction(null)}>
      {t('stops.abort')}
    </Button>
  );

  return (
    <>
      <PageHeading title={t('stops.heading')}>{t('stops.heading')}</PageHeading>
      <p>{t('stops.intro')}</p>
      <PageStatus status={status} loadError={loadError} />

      <form className="planning-form backoffice-filters" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          id="calendar-view"
          label={t('stops.view')}
          value={view}
          onValueChange={(next) => setView(next as View)}
        >
          <option value="week">{t('stops.views.week')}</option>
          <option value="month">{t('stops.views.month')}</option>
        </SelectField>
        <SelectField
          id="calendar-unit"
          label={t('stops.filterUnit')}
          value={unitFilter}
          onValueChange={setUnitFilter}
        >
          <option value="">{t('stops.allUnits')}</option>
          <Options items={units} />
        </SelectField>
        <SelectField
          id="calendar-site"
          label={t('stops.filterSite')}
          value={siteFilter}
          onValueChange={setSiteFilter}
        >
          <option value="">{t('stops.allSites')}</option>
          <Options items={sites} />
        </SelectField>
        <div className="backoffice-period">
          <Button onClick={() => move(-1)}>{t(`stops.previous.${view}`)}</Button>
          <Button onClick={() => move(1)}>{t(`stops.next.${view}`)}</Button>
        </div>
      </form>

      <PageStatus loading={stops === null && !loadError} />
      {stops && (
        <DataTable
          caption={t('stops.caption', { period: periodLabel })}
          columns={(['day', 'time', 'unit', 'site', 'status', 'actions'] as const).map((column) =>
            t(`stops.columns.${column}`),
          )}
          rows={shown}
          rowKey={(stop) => stop.id}
          empty={t('stops.none')}
          emptyInTable
        >
          {(stop) => {
            const label = { site: stop.site.name, day: longDay(stop.date) };
            return (
              <>
                <RowHeader>{longDay(stop.date)}</RowHeader>
                <Cell>{t('stops.timeRange', { from: time(stop.startsAt), to: time(stop.endsAt) })}</Cell>
                <Cell>{stop.unit.name}</Cell>
                <Cell>{stop.site.name}</Cell>
                <Cell>
                  {t(`stops.statuses.${stop.status}`)}
                  {stop.cancelReason ? ` – ${stop.cancelReason}` : ''}
                </Cell>
                <Cell>
                  {stop.status === 'scheduled' && (
                    <div className="backoffice-actions">
                      <Button onClick={() => openAction('change', stop)}>{t('stops.changeOf', label)}</Button>
                      <Button appearance="tertiary" onClick={() => openAction('cancel', stop)}>
                        {t('stops.cancelOf', label)}
                      </Button>
                    </div>
                  )}
                </Cell>
              </>
            );
          }}
        </DataTable>
      )}

      {action && (
        <BackOfficeSection
          id="stop-action"
          heading={t(action.mode === 'change' ? 'stops.changeHeading' : 'stops.cancelHeading', {
            site: action.stop.site.name,
            day: longDay(action.stop.date),
          })}
          headingRef={actionHeading}
        >
          {action.mode === 'change' ? (
            <BackOfficeForm
              errors={actionErrors}
              submission={submission}
              onSubmit={(event) => void saveChange(event)}
              submitLabel={t('stops.checkAndSave')}
              actions={abort}
            >
              <p>{t('stops.changeIntro')}</p>
              {stopFields(change, setChange, 'change', actionErrors)}
              {conflictList(actionConflicts, function confirmChange(event) {
                void saveChange(event, true);
              })}
            </BackOfficeForm>
          ) : (
            <BackOfficeForm
              errors={actionErrors}
              submission={submission}
              onSubmit={(event) => void cancel(event)}
              submitLabel={t('stops.cancelConfirm')}
              actions={abort}
            >
              <p>{t('stops.cancelIntro')}</p>
              <TextAreaField
                id="cancel-reason"
                label={t('stops.reason')}
                hint={t('stops.reasonHint')}
                error={errorOf(actionErrors, 'cancel-reason')}
                value={reason}
                maxLength={500}
                onValueChange={setReason}
              />
            </BackOfficeForm>
          )}
        </BackOfficeSection>
      )}

      <BackOfficeSection id="checklist-problems" heading={t('stops.problemsHeading')}>
        {checklistProblems.length === 0 ? (
          <p>{t('stops.noProblems')}</p>
        ) : (
          <ul className="backoffice-list">
            {checklistProblems.map((entry) => (
              <li key={entry.stopId}>
                {t('stops.problemAt', {
                  site: entry.siteName,
                  unit: entry.unitName,
                  day: longDay(entry.date),
                })}
                <ul>
                  {entry.openedWithoutChecklist && (
                    <li>
                      {t('stops.openedWithoutChecklist', { reason: entry.openedWithoutChecklist.reason })}
                    </li>
                  )}
                  {entry.problems.map((item) => (
                    <li key={item.key}>
                      {checkItemName(item.key)}: {item.note}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </BackOfficeSection>

      <BackOfficeSection id="stop-create" heading={t('stops.createHeading')}>
        <BackOfficeForm
          errors={errors}
          submission={submission}
          onSubmit={(event) => void create(event)}
          submitLabel={t('stops.checkAndSave')}
        >
          {stopFields(draft, setDraft, 'stop', errors)}
          {conflictList(conflicts, function confirmCreate(event) {
            void create(event, true);
          })}
        </BackOfficeForm>
      </BackOfficeSection>
    </>
  );
}
