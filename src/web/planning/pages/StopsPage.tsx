import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from 'luxon';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import {
  planningApi,
  type ChecklistProblem,
  type Site,
  type StaffStop,
  type StopConflictExplained,
  type Unit,
} from '../api.ts';
import { FormField } from '../components/FormField.tsx';
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
  const [units, setUnits] = useState<Unit[]>([]);
  const [sites, setSites] = useState<Site[]>([]);
  const [stops, setStops] = useState<StaffStop[] | null>(null);
  const [loadError, setLoadError] = useState('');
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

  const load = useCallback(async () => {
    try {
      const list = await planningApi.listStaffStops(fromIso, toIso);
      setStops(list.items);
    } catch (error) {
      setLoadError(t('app.loadFailed', { detail: problemText(t, error) }));
    }
  }, [fromIso, toIso, t]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
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
  }, [t]);
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
  const errorOf = (list: FieldError[], id: string) => list.find((error) => error.fieldId === id)?.message;

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
          <button type="button" className="kern-btn kern-btn--secondary" onClick={onConfirm}>
            <span className="kern-label">{t('stops.saveAnyway')}</span>
          </button>
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
        <FormField id="stop-unit" label={t('stops.unit')}>
          {(describedBy) => (
            <select
              id="stop-unit"
              className="kern-form-input__select"
              value={value.unitId}
              onChange={(event) => set({ ...value, unitId: event.target.value })}
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
      )}
      <FormField id={`${prefix}-site`} label={t('stops.site')} error={errorOf(list, `${prefix}-site`)}>
        {(describedBy) => (
          <select
            id={`${prefix}-site`}
            className="kern-form-input__select"
            value={value.siteId}
            onChange={(event) => set({ ...value, siteId: event.target.value })}
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
      <FormField id={`${prefix}-date`} label={t('stops.date')} error={errorOf(list, `${prefix}-date`)}>
        {(describedBy) => (
          <input
            id={`${prefix}-date`}
            type="date"
            className="kern-form-input__input"
            value={value.date}
            onChange={(event) => set({ ...value, date: event.target.value })}
            aria-describedby={describedBy}
          />
        )}
      </FormField>
      <FormField
        id={`${prefix}-start`}
        label={t('stops.start')}
        hint={t('stops.timeHint')}
        error={errorOf(list, `${prefix}-start`)}
      >
        {(describedBy) => (
          <input
            id={`${prefix}-start`}
            className="kern-form-input__input"
            value={value.startTime}
            onChange={(event) => set({ ...value, startTime: event.target.value })}
            aria-describedby={describedBy}
            autoComplete="off"
            inputMode="numeric"
          />
        )}
      </FormField>
      <FormField
        id={`${prefix}-end`}
        label={t('stops.end')}
        hint={t('stops.timeHint')}
        error={errorOf(list, `${prefix}-end`)}
      >
        {(describedBy) => (
          <input
            id={`${prefix}-end`}
            className="kern-form-input__input"
            value={value.endTime}
            onChange={(event) => set({ ...value, endTime: event.target.value })}
            aria-describedby={describedBy}
            autoComplete="off"
            inputMode="numeric"
          />
        )}
      </FormField>
    </>
  );

  return (
    <>
      <PageHeading title={t('stops.heading')}>{t('stops.heading')}</PageHeading>
      <p>{t('stops.intro')}</p>
      <p role="status" className="backoffice-status">
        {status}
      </p>
      {loadError && <p className="planning-error">{loadError}</p>}

      <form className="planning-form backoffice-filters" onSubmit={(event) => event.preventDefault()}>
        <FormField id="calendar-view" label={t('stops.view')}>
          {(describedBy) => (
            <select
              id="calendar-view"
              className="kern-form-input__select"
              value={view}
              onChange={(event) => setView(event.target.value as View)}
              aria-describedby={describedBy}
            >
              <option value="week">{t('stops.views.week')}</option>
              <option value="month">{t('stops.views.month')}</option>
            </select>
          )}
        </FormField>
        <FormField id="calendar-unit" label={t('stops.filterUnit')}>
          {(describedBy) => (
            <select
              id="calendar-unit"
              className="kern-form-input__select"
              value={unitFilter}
              onChange={(event) => setUnitFilter(event.target.value)}
              aria-describedby={describedBy}
            >
              <option value="">{t('stops.allUnits')}</option>
              {units.map((unit) => (
                <option key={unit.id} value={unit.id}>
                  {unit.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id="calendar-site" label={t('stops.filterSite')}>
          {(describedBy) => (
            <select
              id="calendar-site"
              className="kern-form-input__select"
              value={siteFilter}
              onChange={(event) => setSiteFilter(event.target.value)}
              aria-describedby={describedBy}
            >
              <option value="">{t('stops.allSites')}</option>
              {sites.map((site) => (
                <option key={site.id} value={site.id}>
                  {site.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <div className="backoffice-period">
          <button type="button" className="kern-btn kern-btn--secondary" onClick={() => move(-1)}>
            <span className="kern-label">{t(`stops.previous.${view}`)}</span>
          </button>
          <button type="button" className="kern-btn kern-btn--secondary" onClick={() => move(1)}>
            <span className="kern-label">{t(`stops.next.${view}`)}</span>
          </button>
        </div>
      </form>

      {stops === null && !loadError && <p>{t('app.loading')}</p>}
      {stops && (
        <div className="planning-table-wrap">
          <table className="kern-table planning-table">
            <caption className="kern-table__caption">{t('stops.caption', { period: periodLabel })}</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                {(['day', 'time', 'unit', 'site', 'status', 'actions'] as const).map((column) => (
                  <th key={column} scope="col" className="kern-table__header">
                    {t(`stops.columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {shown.length === 0 && (
                <tr className="kern-table__row">
                  <td className="kern-table__cell" colSpan={6}>
                    {t('stops.none')}
                  </td>
                </tr>
              )}
              {shown.map((stop) => {
                const label = { site: stop.site.name, day: longDay(stop.date) };
                return (
                  <tr key={stop.id} className="kern-table__row">
                    <th scope="row" className="kern-table__cell">
                      {longDay(stop.date)}
                    </th>
                    <td className="kern-table__cell">
                      {t('stops.timeRange', { from: time(stop.startsAt), to: time(stop.endsAt) })}
                    </td>
                    <td className="kern-table__cell">{stop.unit.name}</td>
                    <td className="kern-table__cell">{stop.site.name}</td>
                    <td className="kern-table__cell">
                      {t(`stops.statuses.${stop.status}`)}
                      {stop.cancelReason ? ` – ${stop.cancelReason}` : ''}
                    </td>
                    <td className="kern-table__cell">
                      {stop.status === 'scheduled' && (
                        <div className="backoffice-actions">
                          <button
                            type="button"
                            className="kern-btn kern-btn--secondary"
                            onClick={() => openAction('change', stop)}
                          >
                            <span className="kern-label">{t('stops.changeOf', label)}</span>
                          </button>
                          <button
                            type="button"
                            className="kern-btn kern-btn--tertiary"
                            onClick={() => openAction('cancel', stop)}
                          >
                            <span className="kern-label">{t('stops.cancelOf', label)}</span>
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {action && (
        <section aria-labelledby="stop-action" className="backoffice-section">
          <h2 id="stop-action" className="kern-heading-medium" tabIndex={-1} ref={actionHeading}>
            {t(action.mode === 'change' ? 'stops.changeHeading' : 'stops.cancelHeading', {
              site: action.stop.site.name,
              day: longDay(action.stop.date),
            })}
          </h2>
          <ErrorSummary errors={actionErrors} submission={submission} />
          {action.mode === 'change' ? (
            <form noValidate onSubmit={(event) => void saveChange(event)} className="planning-form">
              <p>{t('stops.changeIntro')}</p>
              {stopFields(change, setChange, 'change', actionErrors)}
              {conflictList(actionConflicts, function confirmChange(event) {
                void saveChange(event, true);
              })}
              <div className="backoffice-actions">
                <button type="submit" className="kern-btn kern-btn--primary">
                  <span className="kern-label">{t('stops.checkAndSave')}</span>
                </button>
                <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setAction(null)}>
                  <span className="kern-label">{t('stops.abort')}</span>
                </button>
              </div>
            </form>
          ) : (
            <form noValidate onSubmit={(event) => void cancel(event)} className="planning-form">
              <p>{t('stops.cancelIntro')}</p>
              <div
                className={`kern-form-input${errorOf(actionErrors, 'cancel-reason') ? ' kern-form-input--error' : ''}`}
              >
                <label className="kern-label" htmlFor="cancel-reason">
                  {t('stops.reason')}
                </label>
                <div className="kern-hint" id="cancel-reason-hint">
                  {t('stops.reasonHint')}
                </div>
                {errorOf(actionErrors, 'cancel-reason') && (
                  <p className="kern-error" id="cancel-reason-error">
                    {errorOf(actionErrors, 'cancel-reason')}
                  </p>
                )}
                <textarea
                  id="cancel-reason"
                  className="kern-form-input__input"
                  value={reason}
                  maxLength={500}
                  onChange={(event) => setReason(event.target.value)}
                  aria-describedby={
                    errorOf(actionErrors, 'cancel-reason')
                      ? 'cancel-reason-hint cancel-reason-error'
                      : 'cancel-reason-hint'
                  }
                />
              </div>
              <div className="backoffice-actions">
                <button type="submit" className="kern-btn kern-btn--primary">
                  <span className="kern-label">{t('stops.cancelConfirm')}</span>
                </button>
                <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setAction(null)}>
                  <span className="kern-label">{t('stops.abort')}</span>
                </button>
              </div>
            </form>
          )}
        </section>
      )}

      <section aria-labelledby="checklist-problems" className="backoffice-section">
        <h2 id="checklist-problems" className="kern-heading-medium">
          {t('stops.problemsHeading')}
        </h2>
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
      </section>

      <section aria-labelledby="stop-create" className="backoffice-section">
        <h2 id="stop-create" className="kern-heading-medium">
          {t('stops.createHeading')}
        </h2>
        <ErrorSummary errors={errors} submission={submission} />
        <form noValidate onSubmit={(event) => void create(event)} className="planning-form">
          {stopFields(draft, setDraft, 'stop', errors)}
          {conflictList(conflicts, function confirmCreate(event) {
            void create(event, true);
          })}
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('stops.checkAndSave')}</span>
          </button>
        </form>
      </section>
    </>
  );
}
