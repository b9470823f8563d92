import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { planningApi, type Roster, type StaffMember } from '../api.ts';
import { FormField } from '../components/FormField.tsx';
import { PageHeading } from '../components/PageHeading.tsx';

const isoDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** The roster: choose a period, propose it exactly, see each stop's crew and override one, checked. */
export function RosterPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'de-DE';
  const today = new Date();
  const [from, setFrom] = useState(isoDay(today));
  const [to, setTo] = useState(isoDay(new Date(today.getTime() + 13 * 86_400_000)));
  const [roster, setRoster] = useState<Roster | null>(null);
  const [members, setMembers] = useState<StaffMember[]>([]);
  const [periodErrors, setPeriodErrors] = useState<FieldError[]>([]);
  const [overrideErrors, setOverrideErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [overrideSubmission, setOverrideSubmission] = useState(0);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [overrideStop, setOverrideStop] = useState('');
  const [crew, setCrew] = useState<string[]>([]);

  const serviceName = (service: { nameDe: string; nameEn: string }) =>
    i18n.language === 'en' ? service.nameEn : service.nameDe;
  const dayOf = (date: string) =>
    new Intl.DateTimeFormat(locale, {
      weekday: 'short',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(new Date(`${date}T12:00:00`));
  const timeOf = (instant: string) =>
    new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }).format(
      new Date(instant),
    );
  const stopLabel = (stopId: string, shown: Roster | null = roster) => {
    const stop = shown?.stops.find((entry) => entry.stopId === stopId);
    return stop
      ? t('roster.stopLabel', { day: dayOf(stop.date), site: stop.siteName, unit: stop.unitName })
      : stopId;
  };
  const memberName = (id: string) => members.find((member) => member.id === id)?.name ?? id;

  const periodProblem = (): FieldError[] => {
    const found: FieldError[] = [];
    if (!from) found.push({ fieldId: 'roster-from', message: t('roster.errors.fromMissing') });
    if (!to) found.push({ fieldId: 'roster-to', message: t('roster.errors.toMissing') });
    if (from && to && to < from) found.push({ fieldId: 'roster-to', message: t('roster.errors.range') });
    return found;
  };

  const show = useCallback(async (first: string, last: string) => {
    const [loaded, staff] = await Promise.all([
      planningApi.listRoster(first, last),
      planningApi.listStaffMembers(),
    ]);
    setRoster(loaded);
    setMembers(staff.items.filter((member) => member.active));
    return loaded;
  }, []);
  const [initial] = useState({ from, to });
  useEffect(() => {
    // The first period; later ones are shown on request.
    void show(initial.from, initial.to).catch((error: unknown) =>
      setStatus(t('app.loadFailed', { detail: problemText(t, error) })),
    );
  }, [show, initial, t]);

  const proposalError = (error: unknown, shown: Roster | null): FieldError => {
    if (error instanceof ApiProblem) {
      const { code, details = {}, field } = error.problem;
      const stopId = typeof details.stopId === 'string' ? details.stopId : '';
      const stop = shown?.stops.find((entry) => entry.stopId === stopId);
      if (code === 'roster_missing_qualification') {
        const service = stop?.requiredServices.find((entry) => entry.id === details.serviceId);
        return {
          fieldId: 'roster-from',
          message: t('roster.errors.missingQualification', {
            stop: stopLabel(stopId, shown),
            service: service ? serviceName(service) : String(details.serviceId),
          }),
        };
      }
      if (code === 'roster_understaffed')
        return {
          fieldId: 'roster-from',
          message: t('roster.errors.understaffed', {
            stop: stopLabel(stopId, shown),
            count: Number(details.crewSize),
          }),
        };
      if (code === 'horizon_too_long') return { fieldId: 'roster-to', message: t('roster.errors.tooLong') };
      if (field === 'to') return { fieldId: 'roster-to', message: t('roster.errors.range') };
    }
    return { fieldId: 'roster-from', message: t('roster.errors.failed', { detail: problemText(t, error) }) };
  };

  const submitPeriod = async (event: FormEvent, propose: boolean) => {
    event.preventDefault();
    const found = periodProblem();
    setPeriodErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    setBusy(true);
    setStatus(propose ? t('roster.proposing') : t('app.loading'));
    let loaded: Roster | null = null;
    try {
      loaded = await show(from, to);
      if (propose) {
        const proposal = await planningApi.proposeRoster(from, to);
        setRoster(proposal);
        setStatus(
          t('roster.proposed', {
            stops: proposal.stops.length,
            unmet: proposal.quality?.unmetWishes ?? 0,
            max: proposal.quality?.maxUnmetPerPerson ?? 0,
          }),
        );
      } else setStatus(t('roster.shown', { stops: loaded.stops.length }));
    } catch (error) {
      setStatus('');
      setPeriodErrors([proposalError(error, loaded)]);
      setSubmission((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const chooseStop = (stopId: string) => {
    setOverrideStop(stopId);
    setCrew(roster?.stops.find((stop) => stop.stopId === stopId)?.staff.map((person) => person.id) ?? []);
    setOverrideErrors([]);
  };

  const overrideError = (error: unknown): FieldError => {
    const firstMember = members[0] ? `override-member-${members[0].id}` : 'override-stop';
    if (!(error instanceof ApiProblem))
      return { fieldId: firstMember, message: t('roster.errors.failed', { detail: problemText(t, error) }) };
    const { code = '', field = '', details = {} } = error.problem;
    const index = /^staffMemberIds\[(\d+)\]$/.exec(field);
    const memberId = index ? crew[Number(index[1])] : undefined;
    const fieldId = memberId ? `override-member-${memberId}` : firstMember;
    const name = memberId ? memberName(memberId) : '';
    const stop = roster?.stops.find((entry) => entry.stopId === overrideStop);
    switch (code) {
      case 'staff_unavailable':
        return { fieldId, message: t(`roster.errors.unavailable.${String(details.reason)}`, { name }) };
      case 'staff_busy':
        return {
          fieldId,
          message: t('roster.errors.busy', { name, stop: stopLabel(String(details.otherStopId)) }),
        };
      case 'staff_over_share':
        return {
          fieldId,
          message: t('roster.errors.overShare', {
            name,
            hours: Math.round(Number(details.minutes) / 6) / 10,
            allowed: Math.round(Number(details.allowedMinutes) / 6) / 10,
          }),
        };
      case 'crew_too_small':
        return { fieldId, message: t('roster.errors.crewTooSmall', { count: Number(details.needed) }) };
      case 'missing_qualification': {
        const service = stop?.requiredServices.find((entry) => entry.id === details.serviceId);
        return {
          fieldId,
          message: t('roster.errors.crewUnqualified', {
            service: service ? serviceName(service) : String(details.serviceId),
          }),
        };
      }
      default:
        return { fieldId, message: t('roster.errors.failed', { detail: problemText(t, error) }) };
    }
  };

  const submitOverride = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!overrideStop) found.push({ fieldId: 'override-stop', message: t('roster.errors.stopMissing') });
    else if (crew.length === 0)
      found.push({
        fieldId: members[0] ? `override-member-${members[0].id}` : 'override-stop',
        message: t('roster.errors.crewEmpty'),
      });
    setOverrideErrors(found);
    setOverrideSubmission((n) => n + 1);
    if (found.length > 0) return;
    try {
      const updated = await planningApi.assignStaffToStop(overrideStop, crew);
      setRoster((current) =>
        current
          ? {
              ...current,
              stops: current.stops.map((stop) => (stop.stopId === updated.stopId ? updated : stop)),
            }
          : current,
      );
      setStatus(t('roster.overridden', { stop: stopLabel(overrideStop) }));
    } catch (error) {
      setOverrideErrors([overrideError(error)]);
      setOverrideSubmission((n) => n + 1);
    }
  };
  const errorOf = (errors: FieldError[], id: string) => errors.find((error) => error.fieldId === id)?.message;

  return (
    <>
      <PageHeading title={t('roster.heading')}>{t('roster.heading')}</PageHeading>
      <p>{t('roster.intro')}</p>
      <p role="status" className="backoffice-status">
        {status}
      </p>
      <ErrorSummary errors={periodErrors} submission={submission} />
      <form noValidate onSubmit={(event) => void submitPeriod(event, true)} className="planning-form">
        <FormField id="roster-from" label={t('roster.from')} error={errorOf(periodErrors, 'roster-from')}>
          {(describedBy) => (
            <input
              id="roster-from"
              type="date"
              className="kern-form-input__input"
              value={from}
              onChange={(event) => setFrom(event.target.value)}
              aria-describedby={describedBy}
            />
          )}
        </FormField>
        <FormField id="roster-to" label={t('roster.to')} error={errorOf(periodErrors, 'roster-to')}>
          {(describedBy) => (
            <input
              id="roster-to"
              type="date"
              className="kern-form-input__input"
              value={to}
              onChange={(event) => setTo(event.target.value)}
              aria-describedby={describedBy}
            />
          )}
        </FormField>
        <button
          type="button"
          className="kern-btn kern-btn--secondary"
          disabled={busy}
          onClick={(event) => void submitPeriod(event, false)}
        >
          <span className="kern-label">{t('roster.show')}</span>
        </button>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
          <span className="kern-label">{t('roster.propose')}</span>
        </button>
      </form>

      {roster && roster.stops.length === 0 && <p>{t('roster.noStops')}</p>}
      {roster && roster.stops.length > 0 && (
        <div className="planning-table-wrap">
          <table className="kern-table planning-table">
            <caption className="kern-table__caption">
              {t('roster.caption', { from: dayOf(roster.from), to: dayOf(roster.to) })}
            </caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                {(['stop', 'time', 'unit', 'services', 'crew'] as const).map((column) => (
                  <th key={column} scope="col" className="kern-table__header">
                    {t(`roster.columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {roster.stops.map((stop) => (
                <tr key={stop.stopId} className="kern-table__row" data-stop-id={stop.stopId}>
                  <th scope="row" className="kern-table__cell">
                    {dayOf(stop.date)}, {stop.siteName}
                    {stop.districtName ? ` (${stop.districtName})` : ''}
                  </th>
                  <td className="kern-table__cell">
                    {timeOf(stop.startsAt)}–{timeOf(stop.endsAt)}
                  </td>
                  <td className="kern-table__cell">
                    {stop.unitName} ({t('roster.crewSize', { count: stop.crewSize })})
                  </td>
                  <td className="kern-table__cell">
                    {stop.requiredServices.map(serviceName).join(', ') || '–'}
                  </td>
                  <td className="kern-table__cell">
                    {stop.staff.length === 0
                      ? t('roster.unstaffed')
                      : stop.staff
                          .map((person) =>
                            person.source === 'override'
                              ? `${person.name} (${t('roster.overrideMark')})`
                              : person.name,
                          )
                          .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {roster && roster.stops.length > 0 && (
        <section aria-labelledby="override-heading" className="backoffice-section">
          <h2 id="override-heading" className="kern-heading-medium">
            {t('roster.overrideHeading')}
          </h2>
          <p>{t('roster.overrideIntro')}</p>
          <ErrorSummary errors={overrideErrors} submission={overrideSubmission} />
          <form noValidate onSubmit={(event) => void submitOverride(event)} className="planning-form">
            <FormField
              id="override-stop"
              label={t('roster.overrideStop')}
              error={errorOf(overrideErrors, 'override-stop')}
            >
              {(describedBy) => (
                <select
                  id="override-stop"
                  className="kern-form-input__select"
                  value={overrideStop}
                  onChange={(event) => chooseStop(event.target.value)}
                  aria-describedby={describedBy}
                >
                  <option value="">{t('roster.chooseStop')}</option>
                  {roster.stops.map((stop) => (
                    <option key={stop.stopId} value={stop.stopId}>
                      {stopLabel(stop.stopId)}, {timeOf(stop.startsAt)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <fieldset className="kern-fieldset">
              <legend className="kern-label">{t('roster.overrideCrew')}</legend>
              <div className="kern-fieldset__body">
                {members.map((member) => {
                  const id = `override-member-${member.id}`;
                  const error = errorOf(overrideErrors, id);
                  return (
                    <div
                      key={member.id}
                      className={`kern-form-check${error ? ' kern-form-input--error' : ''}`}
                    >
                      <input
                        id={id}
                        className="kern-form-check__checkbox"
                        type="checkbox"
                        checked={crew.includes(member.id)}
                        aria-describedby={error ? `${id}-error` : undefined}
                        onChange={(event) =>
                          setCrew((current) =>
                            event.target.checked
                              ? [...current, member.id]
                              : current.filter((entry) => entry !== member.id),
                          )
                        }
                      />
                      <label className="kern-label" htmlFor={id}>
                        {member.name}
                      </label>
                      {error && (
                        <p className="kern-error" id={`${id}-error`}>
                          {error}
                        </p>
                      )}
                    </div>
                  );
                })}
              </div>
            </fieldset>
            <button type="submit" className="kern-btn kern-btn--primary">
              <span className="kern-label">{t('roster.overrideSave')}</span>
            </button>
          </form>
        </section>
      )}
    </>
  );
}
