import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import {
  planningApi,
  type HomeVisit,
  type HomeVisitDay,
  type HomeVisitList,
  type StaffMemberList,
  type Unit,
} from '../api.ts';
import { ApiProblem } from '../../api/client.ts';
import { problemText } from '../../api/problemMessages.ts';
import {
  BackOfficeForm,
  BackOfficeSection,
  Button,
  Cell,
  CheckboxGroup,
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
} from '../components/backoffice/index.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { useFormat } from '../format.ts';

/** Minutes after midnight as "HH:MM". */
const clock = (minutes: number) => {
  const whole = Math.round(minutes);
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
};
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const timePattern = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** Where a server problem's field points in the day form. */
const dayFieldIds: Record<string, string> = {
  date: 'day-date',
  unitId: 'day-unit',
  staffMemberIds: 'day-staff-1',
  dayStart: 'day-start',
  dayEnd: 'day-end',
};
const triageFieldIds: Record<string, string> = {
  reason: 'triage-reason',
  channel: 'triage-channel',
  serviceMinutes: 'triage-minutes',
  decision: 'triage-decision',
};

/**
 * Home visits (Hausbesuche) for the coordinator (planner, admin): the requests with address and reason (the
 * opening is audited), accepting or declining with a reason (by mail or a letter to print), planning a day
 * for a unit and two staff members, and the day's route with its explanation as a printable route sheet.
 */
export function HomeVisitsPage() {
  const { t, i18n } = useTranslation();
  const { day: longDay, number } = useFormat();
  const [list, setList] = useState<HomeVisitList | null>(null);
  const [units, setUnits] = useState<Unit[]>([]);
  const [members, setMembers] = useState<StaffMemberList | null>(null);
  const [status, setStatus] = useState('');
  const [selected, setSelected] = useState<HomeVisit | null>(null);
  const [decision, setDecision] = useState<'accept' | 'decline'>('accept');
  const [channel, setChannel] = useState<'email' | 'letter'>('email');
  const [reason, setReason] = useState('');
  const [serviceMinutes, setServiceMinutes] = useState('');
  const [triageErrors, setTriageErrors] = useState<FieldError[]>([]);
  const [letter, setLetter] = useState<{ subject: string; text: string } | null>(null);
  const [dayDate, setDayDate] = useState(dayFromToday(7));
  const [unitId, setUnitId] = useState('');
  const [staffA, setStaffA] = useState('');
  const [staffB, setStaffB] = useState('');
  const [dayStart, setDayStart] = useState('08:00');
  const [dayEnd, setDayEnd] = useState('16:00');
  const [visitIds, setVisitIds] = useState<string[]>([]);
  const [dayErrors, setDayErrors] = useState<FieldError[]>([]);
  const [submission, setSubmission] = useState(0);
  const [sheet, setSheet] = useState<HomeVisitDay | null>(null);
  const [busy, setBusy] = useState(false);
  const triageHeading = useRef<HTMLHeadingElement>(null);
  const sheetHeading = useRef<HTMLHeadingElement>(null);

  const { loadError, reload } = usePageLoad(async () => {
    const [visits, unitList, memberList] = await Promise.all([
      planningApi.listHomeVisits(),
      planningApi.listUnits(),
      planningApi.listStaffMembers(),
    ]);
    setList(visits);
    setUnits(unitList.items);
    setMembers(memberList);
    setUnitId((current) => current || (unitList.items[0]?.id ?? ''));
  });

  const english = i18n.language === 'en';
  const serviceName = (id: string) => {
    const found = members?.services.find((service) => service.id === id);
    return found ? (english ? found.nameEn : found.nameDe) : id;
  };
  const districtName = (id: string) => members?.districts.find((district) => district.id === id)?.name ?? id;
  const personOf = (visit: HomeVisit) => visit.personal?.personName ?? t('homeVisits.sealed');
  const addressOf = (visit: HomeVisit) =>
    visit.personal
      ? `${visit.personal.street}, ${visit.personal.postcode} ${visit.personal.city}`
      : t('homeVisits.sealed');
  const availabilityOf = (visit: HomeVisit) =>
    visit.availability
      .map((slot) => t('homeVisits.slot', { date: longDay(slot.date), from: slot.from, until: slot.until }))
      .join('; ');
  const visits = list?.items ?? [];
  const accepted = visits.filter((visit) => visit.status === 'accepted');

  const openTriage = (visit: HomeVisit) => {
    setSelected(visit);
    setDecision('accept');
    setChannel(visit.requesterEmail ? 'email' : 'letter');
    setReason('');
    setServiceMinutes('');
    setTriageErrors([]);
    setLetter(null);
    setTimeout(() => triageHeading.current?.focus(), 0);
  };

  const triage = async (event: FormEvent) => {
    event.preventDefault();
    if (!selected) return;
    const found: FieldError[] = [];
    if (decision === 'decline' && !reason.trim())
      found.push({ fieldId: 'triage-reason', message: t('homeVisits.reasonMissing') });
    const minutes = serviceMinutes.trim() ? Number(serviceMinutes.trim()) : undefined;
    if (minutes !== undefined && (!Number.isInteger(minutes) || minutes < 5 || minutes > 240))
      found.push({ fieldId: 'triage-minutes', message: t('homeVisits.minutesInvalid') });
    setTriageErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const result = await planningApi.triageHomeVisit(selected.id, {
        decision,
        channel,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(minutes !== undefined && decision === 'accept' ? { serviceMinutes: minutes } : {}),
      });
      setStatus(
        t(decision === 'accept' ? 'homeVisits.accepted' : 'homeVisits.declined', {
          person: personOf(selected),
        }),
      );
      setLetter(result.letter);
      if (!result.letter) setSelected(null);
      await reload();
    } catch (error) {
      const field = error instanceof ApiProblem ? error.field : undefined;
      setTriageErrors([
        {
          fieldId: triageFieldIds[field ?? ''] ?? 'triage-decision',
          message: t('homeVisits.failed', { detail: problemText(t, error) }),
        },
      ]);
      setSubmission((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const planDay = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dayDate))
      found.push({ fieldId: 'day-date', message: t('homeVisits.dateInvalid') });
    if (!unitId) found.push({ fieldId: 'day-unit', message: t('homeVisits.unitMissing') });
    if (!staffA) found.push({ fieldId: 'day-staff-1', message: t('homeVisits.staffMissing') });
    if (!staffB) found.push({ fieldId: 'day-staff-2', message: t('homeVisits.staffMissing') });
    else if (staffA === staffB) found.push({ fieldId: 'day-staff-2', message: t('homeVisits.staffSame') });
    if (!timePattern.test(dayStart))
      found.push({ fieldId: 'day-start', message: t('homeVisits.timeInvalid') });
    if (!timePattern.test(dayEnd)) found.push({ fieldId: 'day-end', message: t('homeVisits.timeInvalid') });
    if (visitIds.length === 0) found.push({ fieldId: 'day-visits', message: t('homeVisits.visitsMissing') });
    setDayErrors(found);
    setSubmission((n) => n + 1);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const planned = await planningApi.planHomeVisitDay({
        date: dayDate,
        unitId,
        staffMemberIds: [staffA, staffB],
        homeVisitIds: visitIds,
        dayStart,
        dayEnd,
      });
      setStatus(t('homeVisits.planned', { count: planned.visits.length, date: longDay(dayDate) }));
      setVisitIds([]);
      setSheet(await planningApi.getHomeVisitDay(planned.dayId));
      await reload();
      setTimeout(() => sheetHeading.current?.focus(), 0);
    } catch (error) {
      const field = error instanceof ApiProblem ? error.field : undefined;
      const fieldId = field?.startsWith('homeVisitIds')
        ? 'day-visits'
        : field?.startsWith('staffMemberIds')
          ? 'day-staff-1'
          : (dayFieldIds[field ?? ''] ?? 'day-visits');
      setDayErrors([{ fieldId, message: t('homeVisits.planFailed', { detail: problemText(t, error) }) }]);
      setSubmission((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const openSheet = async (dayId: string) => {
    try {
      setSheet(await planningApi.getHomeVisitDay(dayId));
      setTimeout(() => sheetHeading.current?.focus(), 0);
    } catch (error) {
      setStatus(t('homeVisits.failed', { detail: problemText(t, error) }));
    }
  };

  const staffOptions = (members?.items ?? []).map((member) => (
    <option key={member.id} value={member.id}>
      {member.name}
    </option>
  ));
  const dayIds = [...new Set(visits.flatMap((visit) => (visit.dayId ? [visit.dayId] : [])))];

  return (
    <>
      <PageHeading title={t('homeVisits.heading')}>{t('homeVisits.heading')}</PageHeading>
      <div className="planning-no-print">
        <p>{t('homeVisits.intro')}</p>
        <PageStatus status={status} />
        <PageStatus loadError={loadError} loading={list === null} />
        {list && (
          <DataTable
            caption={t('homeVisits.caption', { count: visits.length })}
            columns={(['person', 'for', 'services', 'availability', 'state', 'actions'] as const).map(
              (column) => t(`homeVisits.columns.${column}`),
            )}
            rows={visits}
            rowKey={(visit) => visit.id}
            rowData={(visit) => ({ 'data-home-visit-id': visit.id })}
            empty={t('homeVisits.none')}
            scrollLabel={t('homeVisits.scrollLabel')}
          >
            {(visit) => (
              <>
                <RowHeader>
                  {personOf(visit)}
                  <br />
                  {addressOf(visit)}
                  <br />
                  <span className="kern-hint">{districtName(visit.districtId)}</span>
                </RowHeader>
                <Cell>
                  {t(`homeVisits.for.${visit.visitFor}`)}
                  <br />
                  {t('homeVisits.askedBy', { name: visit.requesterName ?? '–' })}
                  {visit.personal && (
                    <>
                      <br />
                      {t(`homeVisits.reasons.${visit.personal.reason}`)}
                      {visit.personal.reasonDetails && `: ${visit.personal.reasonDetails}`}
                    </>
                  )}
                </Cell>
                <Cell>{visit.serviceIds.map(serviceName).join(', ')}</Cell>
                <Cell>{availabilityOf(visit)}</Cell>
                <Cell>
                  {t(`homeVisits.states.${visit.status}`)}
                  {visit.decisionReason && (
                    <>
                      <br />
                      <span className="kern-hint">{visit.decisionReason}</span>
                    </>
                  )}
                </Cell>
                <Cell className="backoffice-row-actions">
                  {visit.status === 'requested' && (
                    <Button onClick={() => openTriage(visit)} disabled={busy}>
                      {t('homeVisits.decide', { person: personOf(visit) })}
                    </Button>
                  )}
                  {visit.dayId && (
                    <Button onClick={() => void openSheet(visit.dayId ?? '')}>
                      {t('homeVisits.showSheet', { person: personOf(visit) })}
                    </Button>
                  )}
                </Cell>
              </>
            )}
          </DataTable>
        )}

        {selected && (
          <BackOfficeSection
            id="triage-heading"
            headingRef={triageHeading}
            heading={t('homeVisits.triageHeading', { person: personOf(selected) })}
          >
            {letter ? (
              <>
                <p>{t('homeVisits.letterIntro')}</p>
                <div className="backoffice-actions">
                  <Button onClick={() => window.print()}>{t('homeVisits.print')}</Button>
                  <Button onClick={() => setSelected(null)}>{t('homeVisits.close')}</Button>
                </div>
              </>
            ) : (
              <BackOfficeForm
                errors={triageErrors}
                submission={submission}
                onSubmit={(event) => void triage(event)}
                submitLabel={t('homeVisits.triageSubmit')}
                actions={<Button onClick={() => setSelected(null)}>{t('homeVisits.cancel')}</Button>}
              >
                <SelectField
                  id="triage-decision"
                  label={t('homeVisits.decision')}
                  value={decision}
                  error={errorOf(triageErrors, 'triage-decision')}
                  onValueChange={(value) => setDecision(value as 'accept' | 'decline')}
                >
                  <option value="accept">{t('homeVisits.decisions.accept')}</option>
                  <option value="decline">{t('homeVisits.decisions.decline')}</option>
                </SelectField>
                <TextAreaField
                  id="triage-reason"
                  label={t('homeVisits.reason')}
                  hint={t('homeVisits.reasonHint')}
                  value={reason}
                  error={errorOf(triageErrors, 'triage-reason')}
                  onValueChange={setReason}
                  rows={3}
                />
                <SelectField
                  id="triage-channel"
                  label={t('homeVisits.channel')}
                  hint={selected.requesterEmail ? undefined : t('homeVisits.noEmail')}
                  value={channel}
                  error={errorOf(triageErrors, 'triage-channel')}
                  onValueChange={(value) => setChannel(value as 'email' | 'letter')}
                >
                  {selected.requesterEmail && <option value="email">{t('homeVisits.channels.email')}</option>}
                  <option value="letter">{t('homeVisits.channels.letter')}</option>
                </SelectField>
                {decision === 'accept' && (
                  <TextField
                    id="triage-minutes"
                    label={t('homeVisits.minutes')}
                    hint={t('homeVisits.minutesHint')}
                    inputMode="numeric"
                    autoComplete="off"
                    value={serviceMinutes}
                    error={errorOf(triageErrors, 'triage-minutes')}
                    onValueChange={setServiceMinutes}
                  />
                )}
              </BackOfficeForm>
            )}
          </BackOfficeSection>
        )}

        <BackOfficeSection id="day-heading" heading={t('homeVisits.dayHeading')}>
          <p>{t('homeVisits.dayIntro')}</p>
          <BackOfficeForm
            errors={dayErrors}
            submission={submission}
            onSubmit={(event) => void planDay(event)}
            submitLabel={t('homeVisits.planSubmit')}
          >
            <TextField
              id="day-date"
              type="date"
              label={t('homeVisits.date')}
              value={dayDate}
              error={errorOf(dayErrors, 'day-date')}
              onValueChange={setDayDate}
            />
            <SelectField
              id="day-unit"
              label={t('homeVisits.unit')}
              value={unitId}
              error={errorOf(dayErrors, 'day-unit')}
              onValueChange={setUnitId}
            >
              <option value="">{t('homeVisits.choose')}</option>
              <Options items={units} />
            </SelectField>
            <SelectField
              id="day-staff-1"
              label={t('homeVisits.staff1')}
              value={staffA}
              error={errorOf(dayErrors, 'day-staff-1')}
              onValueChange={setStaffA}
            >
              <option value="">{t('homeVisits.choose')}</option>
              {staffOptions}
            </SelectField>
            <SelectField
              id="day-staff-2"
              label={t('homeVisits.staff2')}
              hint={t('homeVisits.twoPersonRule')}
              value={staffB}
              error={errorOf(dayErrors, 'day-staff-2')}
              onValueChange={setStaffB}
            >
              <option value="">{t('homeVisits.choose')}</option>
              {staffOptions}
            </SelectField>
            <TextField
              id="day-start"
              label={t('homeVisits.dayStart')}
              hint={t('homeVisits.timeHint')}
              autoComplete="off"
              value={dayStart}
              error={errorOf(dayErrors, 'day-start')}
              onValueChange={setDayStart}
            />
            <TextField
              id="day-end"
              label={t('homeVisits.dayEnd')}
              hint={t('homeVisits.timeHint')}
              autoComplete="off"
              value={dayEnd}
              error={errorOf(dayErrors, 'day-end')}
              onValueChange={setDayEnd}
            />
            {accepted.length === 0 ? (
              <p id="day-visits" tabIndex={-1}>
                {t('homeVisits.noneAccepted')}
              </p>
            ) : (
              <CheckboxGroup
                id="day-visits"
                legend={t('homeVisits.visits')}
                error={errorOf(dayErrors, 'day-visits')}
                idPrefix="day-visit"
                options={accepted.map((visit) => ({
                  value: visit.id,
                  label: `${personOf(visit)}, ${addressOf(visit)} (${availabilityOf(visit)})`,
                }))}
                selected={visitIds}
                onSelectedChange={setVisitIds}
              />
            )}
          </BackOfficeForm>
          {dayIds.length > 0 && (
            <>
              <h3 className="kern-heading-small">{t('homeVisits.daysHeading')}</h3>
              <ul>
                {dayIds.map((dayId, index) => (
                  <li key={dayId}>
                    <Button appearance="tertiary" onClick={() => void openSheet(dayId)}>
                      {t('homeVisits.openDay', { number: index + 1 })}
                    </Button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </BackOfficeSection>
      </div>

      {selected && letter && (
        // Outside the part hidden in print: "Brief drucken" prints the letter (and the route sheet, if open).
        <div className="home-visit-letter" data-testid="home-visit-letter">
          <p>
            <strong>{letter.subject}</strong>
          </p>
          <pre className="home-visit-letter__text">{letter.text}</pre>
        </div>
      )}
      {sheet && (
        <section aria-labelledby="sheet-heading" className="backoffice-section home-visit-sheet">
          <h2 id="sheet-heading" className="kern-heading-medium" tabIndex={-1} ref={sheetHeading}>
            {t('homeVisits.sheetHeading', { date: longDay(sheet.date) })}
          </h2>
          <p>
            {t('homeVisits.sheetCrew', {
              names: sheet.staff.map((member) => member.name).join(t('homeVisits.and')),
              unit: units.find((unit) => unit.id === sheet.unitId)?.name ?? sheet.unitId,
              start: sheet.dayStart,
              end: sheet.dayEnd,
            })}
          </p>
          <div className="planning-no-print backoffice-actions">
            <Button onClick={() => window.print()}>{t('homeVisits.printSheet')}</Button>
          </div>
          <div className="planning-table-wrap">
            <table className="kern-table planning-table" data-testid="home-visit-route">
              <caption className="kern-table__caption">{t('homeVisits.sheetCaption')}</caption>
              <thead className="kern-table__head">
                <tr className="kern-table__row">
                  {(['position', 'window', 'person', 'address', 'drive', 'arrival', 'slack'] as const).map(
                    (column) => (
                      <th key={column} scope="col" className="kern-table__header">
                        {t(`homeVisits.sheetColumns.${column}`)}
                      </th>
                    ),
                  )}
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {sheet.route.legs.map((leg, index) => {
                  const visit = sheet.visits.find((entry) => entry.id === leg.visitId);
                  return (
                    <tr key={leg.visitId} className="kern-table__row">
                      <th scope="row" className="kern-table__cell">
                        {index + 1}
                      </th>
                      <td className="kern-table__cell">
                        {clock(leg.windowStart)}–{clock(leg.windowEnd)}
                      </td>
                      <td className="kern-table__cell">
                        {visit ? personOf(visit) : leg.visitId}
                        {visit?.personal?.phone && (
                          <>
                            <br />
                            {t('homeVisits.phone', { phone: visit.personal.phone })}
                          </>
                        )}
                      </td>
                      <td className="kern-table__cell">
                        {visit ? addressOf(visit) : ''}
                        {visit?.personal?.addressNote && (
                          <>
                            <br />
                            <span className="kern-hint">{visit.personal.addressNote}</span>
                          </>
                        )}
                      </td>
                      <td className="kern-table__cell">
                        {t('homeVisits.minutesValue', { value: number(leg.travelMinutes) })}
                      </td>
                      <td className="kern-table__cell">
                        {t('homeVisits.arrivalValue', {
                          arrival: clock(leg.arrival),
                          start: clock(leg.start),
                          end: clock(leg.end),
                        })}
                        {leg.waitMinutes > 0 &&
                          ` ${t('homeVisits.waitValue', { value: number(leg.waitMinutes) })}`}
                      </td>
                      <td className="kern-table__cell">
                        {t('homeVisits.minutesValue', { value: number(leg.slackMinutes) })}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <h3 className="kern-heading-small">{t('homeVisits.explanationHeading')}</h3>
          <ul data-testid="home-visit-explanation">
            <li>
              {t('homeVisits.explainTotal', {
                drive: number(sheet.route.totalTravelMinutes),
                wait: number(sheet.route.totalWaitMinutes),
              })}
            </li>
            <li>
              {t('homeVisits.explainReturn', {
                drive: number(sheet.route.returnTravelMinutes),
                at: clock(sheet.route.returnAt),
              })}
            </li>
            <li>
              {sheet.route.windowOrderTravelMinutes === null
                ? t('homeVisits.explainWindowOrderInfeasible')
                : t('homeVisits.explainWindowOrder', {
                    drive: number(sheet.route.windowOrderTravelMinutes),
                  })}
            </li>
            <li>{t('homeVisits.explainExact')}</li>
          </ul>
        </section>
      )}
    </>
  );
}
