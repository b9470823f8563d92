import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import { planningApi, type Roster, type StaffMember } from '../api.ts';
import {
  BackOfficeForm,
  BackOfficeSection,
  Button,
  Cell,
  CheckboxGroup,
  DataTable,
  errorOf,
  PageStatus,
  RowHeader,
  SelectField,
  TextField,
  type FieldError,
} from '../components/backoffice/index.ts';
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
  return (
    <>
      <PageHeading title={t('roster.heading')}>{t('roster.heading')}</PageHeading>
      <p>{t('roster.intro')}</p>
      <PageStatus status={status} />
      <BackOfficeForm
        errors={periodErrors}
        submission={submission}
        onSubmit={(event) => void submitPeriod(event, true)}
      >
        <TextField
          id="roster-from"
          type="date"
          label={t('roster.from')}
          error={errorOf(periodErrors, 'roster-from')}
          value={from}
          onValueChange={setFrom}
        />
        <TextField
          id="roster-to"
          type="date"
          label={t('roster.to')}
          error={errorOf(periodErrors, 'roster-to')}
          value={to}
          onValueChange={setTo}
        />
        <Button disabled={busy} onClick={(event) => void submitPeriod(event, false)}>
          {t('roster.show')}
        </Button>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t('roster.propose')}
        </Button>
      </BackOfficeForm>

      {roster && (
        <DataTable
          caption={t('roster.caption', { from: dayOf(roster.from), to: dayOf(roster.to) })}
          columns={(['stop', 'time', 'unit', 'services', 'crew'] as const).map((column) =>
            t(`roster.columns.${column}`),
          )}
          rows={roster.stops}
          rowKey={(stop) => stop.stopId}
          rowData={(stop) => ({ 'data-stop-id': stop.stopId })}
          empty={t('roster.noStops')}
        >
          {(stop) => (
            <>
              <RowHeader>
                {dayOf(stop.date)}, {stop.siteName}
                {stop.districtName ? ` (${stop.districtName})` : ''}
              </RowHeader>
              <Cell>
                {timeOf(stop.startsAt)}–{timeOf(stop.endsAt)}
              </Cell>
              <Cell>
                {stop.unitName} ({t('roster.crewSize', { count: stop.crewSize })})
              </Cell>
              <Cell>{stop.requiredServices.map(serviceName).join(', ') || '–'}</Cell>
              <Cell>
                {stop.staff.length === 0
                  ? t('roster.unstaffed')
                  : stop.staff
                      .map((person) =>
                        person.source === 'override'
                          ? `${person.name} (${t('roster.overrideMark')})`
                          : person.name,
                      )
                      .join(', ')}
              </Cell>
            </>
          )}
        </DataTable>
      )}

      {roster && roster.stops.length > 0 && (
        <BackOfficeSection id="override-heading" heading={t('roster.overrideHeading')}>
          <p>{t('roster.overrideIntro')}</p>
          <BackOfficeForm
            errors={overrideErrors}
            submission={overrideSubmission}
            onSubmit={(event) => void submitOverride(event)}
            submitLabel={t('roster.overrideSave')}
          >
            <SelectField
              id="override-stop"
              label={t('roster.overrideStop')}
              error={errorOf(overrideErrors, 'override-stop')}
              value={overrideStop}
              onValueChange={chooseStop}
            >
              <option value="">{t('roster.chooseStop')}</option>
              {roster.stops.map((stop) => (
                <option key={stop.stopId} value={stop.stopId}>
                  {stopLabel(stop.stopId)}, {timeOf(stop.startsAt)}
                </option>
              ))}
            </SelectField>
            <CheckboxGroup
              legend={t('roster.overrideCrew')}
              idPrefix="override-member"
              options={members.map((member) => ({ value: member.id, label: member.name }))}
              selected={crew}
              onSelectedChange={setCrew}
              optionError={(id) => errorOf(overrideErrors, id)}
            />
          </BackOfficeForm>
        </BackOfficeSection>
      )}
    </>
  );
}
