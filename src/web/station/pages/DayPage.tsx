import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react.tsx';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmQuestion } from '../../components/ConfirmAction/ConfirmAction.tsx';
import { stationApi } from '../api/client.ts';
import type { Entry, EntryService, StationDay } from '../api/types.ts';
import { CheckInForm } from '../components/CheckInForm.tsx';
import { CounterPanel, entryLabel } from '../components/CounterPanel.tsx';
import { DocumentCapture } from '../components/DocumentCapture.tsx';
import { Notice } from '../components/Form.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { StationPanel, StationTable } from '../components/StationPanel.tsx';
import { StopReadiness } from '../components/StopReadiness.tsx';
import { WalkInDialog } from '../components/WalkInDialog.tsx';
import { counterNumbers, formatDate, formatTime, servicesText } from '../format.ts';
import { findEntry, normaliseCode } from '../offline/dayReducer.ts';
import { deviceTicketNumber, type OperationPayload } from '../offline/operations.ts';
import { vault } from '../offline/vault.ts';
import { useStation } from '../StationContext.tsx';
import { useStationDay } from '../useStationDay.ts';

function documentsOf(services: EntryService[]): string[] {
  const all = services.flatMap((s) =>
    Array.isArray(s.documents) ? s.documents : s.documents ? [s.documents] : [],
  );
  return [...new Set(all)];
}

export function DayPage() {
  const { stopId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { enqueue, pending, online } = useStation();
  const { day, services, queue, checklist, checklistSignedOff, savedAt, loading, error, reload } =
    useStationDay(stopId);
  // Walk-in tickets chosen for removal in bulk (a flood drawn from the poster).
  const [selectedTickets, setSelectedTickets] = useState<string[]>([]);
  const [removing, setRemoving] = useState(false);
  // Removing walk-in numbers makes them lapse: the question comes first.
  const [askingRemove, setAskingRemove] = useState(false);
  const [counter, setCounter] = useState(1);
  const [announcement, setAnnouncement] = useState('');
  const [confirmClose, setConfirmClose] = useState(false);
  const [closing, setClosing] = useState(false);
  // Numbers issued here but perhaps not yet in the rendered day: two quick issues never get the same number.
  const issuedNumbers = useRef<string[]>([]);
  const language = i18n.language;

  useEffect(() => {
    void vault.counter().then((stored) => {
      if (stored) setCounter(stored);
    });
  }, []);

  const chooseCounter = (value: number) => {
    setCounter(value);
    void vault.setCounter(value);
  };

  const stopPending = pending.filter((entry) => entry.stopId === stopId).length;

  // Once the close has reached the server, the day's data is gone from the device: back to the list.
  useEffect(() => {
    if (closing && stopPending === 0 && day?.stop.status === 'closed') {
      void navigate('/station/', { state: { closed: true } });
    }
  }, [closing, stopPending, day, navigate]);

  const act = useCallback(
    async (payload: OperationPayload, entry?: Entry) => {
      await enqueue(stopId, payload);
      const label = entry ? entryLabel(entry) : '';
      setAnnouncement(t(`done.${payload.type}`, { entry: label, counter }));
    },
    [enqueue, stopId, t, counter],
  );

  if (!day) {
    return (
      <>
        <PageHeading>{t('day.heading')}</PageHeading>
        {loading && <p className="kern-body">{t('common.loading')}</p>}
        {!loading && error?.status === 404 && <Notice tone="warning">{t('day.notFound')}</Notice>}
        {!loading && error && error.status !== 404 && <Notice tone="warning">{t('day.failed')}</Notice>}
        {!loading && !error && !online && <Notice tone="warning">{t('day.offlineNoData')}</Notice>}
        <p className="kern-body">
          <Link className="kern-link" to="/station/">
            {t('day.back')}
          </Link>
        </p>
      </>
    );
  }

  const closed = day.stop.status === 'closed' || day.stop.status === 'cancelled';
  const parked = [...day.appointments, ...day.tickets].filter((e) => e.status === 'parked');
  const counterFree = ![...day.appointments, ...day.tickets].some(
    (e) => e.counter === counter && (e.status === 'called' || e.status === 'in_service'),
  );

  const checkIn = async (code: string) => {
    const appointment = day.appointments.find((a) => normaliseCode(a.code) === code);
    await act({ type: 'check_in', code }, appointment);
    return code;
  };

  const issueTicket = async (input: {
    services: { serviceId: string; quantity: number }[];
    name?: string;
    originDistrictId?: string;
  }) => {
    const displayNumber = deviceTicketNumber(counter, [
      ...day.tickets.map((ticket) => ticket.displayNumber),
      ...issuedNumbers.current,
    ]);
    issuedNumbers.current.push(displayNumber);
    await enqueue(stopId, {
      type: 'issue_ticket',
      ticketId: globalThis.crypto.randomUUID(),
      displayNumber,
      services: input.services,
      ...(input.name ? { name: input.name } : {}),
      ...(input.originDistrictId ? { originDistrictId: input.originDistrictId } : {}),
    });
    setAnnouncement(t('done.issue_ticket', { entry: displayNumber }));
    return displayNumber;
  };

  const close = async () => {
    setConfirmClose(false);
    setClosing(true);
    await act({ type: 'close_stop' });
  };

  return (
    <>
      <PageHeading>{day.stop.siteName}</PageHeading>
      <p className="kern-body">
        {formatDate(day.stop.startsAt, language)},{' '}
        {t('days.time', {
          from: formatTime(day.stop.startsAt, language),
          to: formatTime(day.stop.endsAt, language),
        })}
        {day.stop.address ? ` · ${day.stop.address}` : ''} ·{' '}
        <strong>{t(`stopStatus.${day.stop.status}`)}</strong>
      </p>
      {savedAt && !online && (
        <p className="kern-body kern-body--small">{t('day.asOf', { time: formatTime(savedAt, language) })}</p>
      )}
      <div role="status" className="announcement">
        {announcement && <p className="kern-body kern-body--bold">{announcement}</p>}
      </div>

      {closed ? (
        <Notice tone="info">{closing ? t('day.closing') : t('day.closed')}</Notice>
      ) : (
        <div className="button-row stop-actions">
          {day.stop.status === 'open' && <WalkInDialog services={services} onIssue={issueTicket} />}
          {online && (
            <Link className="kern-link" to={`/station/tag/${stopId}/termin`}>
              {t('staffBooking.link')}
            </Link>
          )}
          <Link className="kern-link" to={`/station/tag/${stopId}/aushang`}>
            {t('day.posterLink')}
          </Link>
          <a className="kern-link" href={`/station/anzeige/${stopId}`} target="_blank" rel="noopener">
            {t('day.displayLink')}
          </a>
        </div>
      )}

      {/* The first screen of a landscape tablet (1024×768): my counter with the next action beside the queue. */}
      <div className={closed ? 'station-day' : 'station-day station-day--split'}>
        {!closed && (
          <div className="station-day__counter">
            {day.stop.status === 'open' ? (
              <>
                <CounterPanel
                  day={day}
                  queue={queue}
                  services={services}
                  counter={counter}
                  onCounterChange={chooseCounter}
                  act={act}
                />
                <CheckInForm day={day} onCheckIn={checkIn} />
              </>
            ) : (
              <>
                <Notice tone="info">{t('day.openFirst')}</Notice>
                <StopReadiness
                  checklist={checklist}
                  signedOff={checklistSignedOff}
                  onSignOff={(items) => act({ type: 'sign_off_checklist', items })}
                  onOpen={(reason) => act(reason ? { type: 'open_stop', reason } : { type: 'open_stop' })}
                />
              </>
            )}
          </div>
        )}
        {QueueSection({ day, queue, canCall: !closed && counterFree, counter, act })}
      </div>

      {parked.length > 0 && (
        <StationPanel headingId="parked-heading" heading={t('parked.heading')}>
          <ul className="parked-list">
            {parked.map((entry) => (
              <li key={entry.id}>
                <span className="kern-body">{entryLabel(entry)}</span>{' '}
                <button
                  type="button"
                  className="kern-btn kern-btn--secondary kern-btn--x-small"
                  disabled={closed || !counterFree}
                  onClick={() => void act({ type: 'resume', entryId: entry.id, counter }, entry)}
                >
                  <span className="kern-label">{t('actions.resume')}</span>
                  <span className="kern-sr-only"> {entry.displayNumber}</span>
                </button>
              </li>
            ))}
          </ul>
        </StationPanel>
      )}

      <StationPanel headingId="counters-heading" heading={t('counters.heading')}>
        <ul className="counter-list">
          {counterNumbers(day.stop.counters).map((n) => {
            const busy = day.counters.find((c) => c.number === n)?.busyWith;
            const entry = busy ? findEntry(day, busy) : undefined;
            return (
              <li key={n} className="kern-body">
                <strong>{t('counter.name', { counter: n })}:</strong>{' '}
                {entry ? `${entry.displayNumber} · ${t(`entryStatus.${entry.status}`)}` : t('counters.free')}
              </li>
            );
          })}
        </ul>
      </StationPanel>

      {AppointmentsSection({ day })}
      {TicketsSection({ day })}
      <DocumentCapture day={day} />

      {!closed && (
        <StationPanel headingId="close-heading" heading={t('close.heading')}>
          <p className="kern-body">{t('close.intro')}</p>
          {confirmClose ? (
            <div className="button-row">
              <button type="button" className="kern-btn kern-btn--primary" onClick={() => void close()}>
                <span className="kern-label">{t('close.confirm')}</span>
              </button>
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                onClick={() => setConfirmClose(false)}
              >
                <span className="kern-label">{t('close.cancel')}</span>
              </button>
            </div>
          ) : (
            <button
              type="button"
              className="kern-btn kern-btn--secondary"
              onClick={() => setConfirmClose(true)}
            >
              <span className="kern-label">{t('close.button')}</span>
            </button>
          )}
        </StationPanel>
      )}
    </>
  );

  function QueueSection({
    day: shown,
    queue: items,
    canCall,
    counter: mine,
    act: run,
  }: {
    day: StationDay;
    queue: typeof queue;
    canCall: boolean;
    counter: number;
    act: typeof act;
  }) {
    return (
      <StationPanel headingId="queue-heading" heading={t('queue.heading', { count: items.length })}>
        {items.length === 0 ? (
          <p className="kern-body">{t('queue.empty')}</p>
        ) : (
          <StationTable
            columns={[
              { label: t('queue.position'), modifier: 'numeric' },
              { label: t('queue.number') },
              { label: t('queue.name') },
              { label: t('queue.kind') },
              { label: t('queue.services') },
              { label: t('queue.estimate') },
              { label: <span className="kern-sr-only">{t('queue.actions')}</span>, modifier: 'action' },
            ]}
          >
            {items.map((item) => {
              const entry = findEntry(shown, item.entryId);
              if (!entry) return null;
              return (
                <tr key={item.entryId} className="kern-table__row">
                  <td className="kern-table__cell kern-table__cell--numeric">{item.position}</td>
                  <th scope="row" className="kern-table__cell">
                    {entry.displayNumber}
                  </th>
                  <td className="kern-table__cell">{entry.name ?? t('queue.noName')}</td>
                  <td className="kern-table__cell">{t(`queue.kinds.${entry.kind}`)}</td>
                  <td className="kern-table__cell">
                    {servicesText(entry.services, language, t('queue.noServices'))}
                  </td>
                  <td className="kern-table__cell">
                    {item.estimatedWaitMinutes === null
                      ? t('queue.noEstimate')
                      : t('queue.wait', {
                          time: formatTime(item.estimatedCallAt, language),
                          minutes: item.estimatedWaitMinutes,
                        })}
                  </td>
                  <td className="kern-table__cell kern-table__cell--action">
                    {canCall && (
                      <button
                        type="button"
                        className="kern-btn kern-btn--secondary kern-btn--x-small"
                        onClick={() => void run({ type: 'call', entryId: entry.id, counter: mine }, entry)}
                      >
                        <span className="kern-label">{t('actions.call')}</span>
                        <span className="kern-sr-only"> {entry.displayNumber}</span>
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </StationTable>
        )}
      </StationPanel>
    );
  }

  function AppointmentsSection({ day: shown }: { day: StationDay }) {
    const appointments = [...shown.appointments].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    return (
      <StationPanel
        headingId="appointments-heading"
        heading={t('appointments.heading', { count: appointments.length })}
      >
        {appointments.length === 0 ? (
          <p className="kern-body">{t('appointments.none')}</p>
        ) : (
          <StationTable
            columns={[
              { label: t('appointments.time') },
              { label: t('queue.number') },
              { label: t('queue.name') },
              { label: t('queue.services') },
              { label: t('appointments.documents') },
              { label: t('appointments.status') },
            ]}
          >
            {appointments.map((a) => {
              const documents = documentsOf(a.services);
              return (
                <tr key={a.id} className="kern-table__row">
                  <td className="kern-table__cell">{formatTime(a.startsAt, language)}</td>
                  <th scope="row" className="kern-table__cell">
                    {a.displayNumber}
                  </th>
                  <td className="kern-table__cell">{a.name ?? t('queue.noName')}</td>
                  <td className="kern-table__cell">
                    {servicesText(a.services, language, t('queue.noServices'))}
                  </td>
                  <td className="kern-table__cell">
                    {documents.length === 0 ? (
                      '–'
                    ) : (
                      <ul className="documents-list">
                        {documents.map((d) => (
                          <li key={d}>{d}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="kern-table__cell">{t(`entryStatus.${a.status}`)}</td>
                </tr>
              );
            })}
          </StationTable>
        )}
      </StationPanel>
    );
  }

  function TicketsSection({ day: shown }: { day: StationDay }) {
    if (shown.tickets.length === 0) return null;
    const removable = shown.tickets.filter(
      (ticket) => ticket.status === 'waiting' || ticket.status === 'parked',
    );
    const chosen = selectedTickets.filter((id) => removable.some((ticket) => ticket.id === id));
    const toggle = (id: string, on: boolean) =>
      setSelectedTickets((current) => (on ? [...current, id] : current.filter((c) => c !== id)));
    const removeChosen = async () => {
      setAskingRemove(false);
      if (chosen.length === 0 || removing) return;
      setRemoving(true);
      try {
        const result = await stationApi.removeTickets(stopId, chosen);
        setSelectedTickets([]);
        setAnnouncement(t('tickets.removed', { count: result.removed.length }));
        reload();
      } catch {
        setAnnouncement(t('tickets.removeFailed'));
      } finally {
        setRemoving(false);
      }
    };
    return (
      <StationPanel
        headingId="tickets-heading"
        heading={t('tickets.heading', { count: shown.tickets.length })}
      >
        {removable.length > 0 && (
          <div className="station-actions">
            <button
              type="button"
              className="kern-btn kern-btn--secondary"
              onClick={() => setSelectedTickets(removable.map((ticket) => ticket.id))}
            >
              <span className="kern-label">{t('tickets.selectAllWaiting')}</span>
            </button>
            <button
              type="button"
              className="kern-btn kern-btn--secondary"
              disabled={chosen.length === 0 || removing || !online}
              onClick={() => setAskingRemove(true)}
            >
              <span className="kern-label">{t('tickets.remove', { count: chosen.length })}</span>
            </button>
          </div>
        )}
        {askingRemove && chosen.length > 0 && (
          <ConfirmQuestion
            question={t('tickets.removeQuestion', { count: chosen.length })}
            consequence={t('tickets.removeConsequence')}
            yes={t('tickets.removeYes')}
            no={t('app.confirmNo')}
            disabled={removing || !online}
            onYes={() => void removeChosen()}
            onNo={() => setAskingRemove(false)}
          />
        )}
        <StationTable
          columns={[
            { label: t('tickets.selectColumn') },
            { label: t('queue.number') },
            { label: t('tickets.drawn') },
            { label: t('queue.name') },
            { label: t('queue.services') },
            { label: t('appointments.status') },
          ]}
        >
          {shown.tickets.map((ticket) => {
            const canRemove = removable.includes(ticket);
            return (
              <tr key={ticket.id} className="kern-table__row">
                <td className="kern-table__cell">
                  {canRemove && (
                    <input
                      type="checkbox"
                      className="kern-form-check__checkbox"
                      aria-label={t('tickets.select', { number: ticket.displayNumber })}
                      checked={chosen.includes(ticket.id)}
                      onChange={(event) => toggle(ticket.id, event.target.checked)}
                    />
                  )}
                </td>
                <th scope="row" className="kern-table__cell">
                  {ticket.displayNumber}
                </th>
                <td className="kern-table__cell">{formatTime(ticket.createdAt, language)}</td>
                <td className="kern-table__cell">{ticket.name ?? t('queue.noName')}</td>
                <td className="kern-table__cell">
                  {servicesText(ticket.services, language, t('queue.noServices'))}
                </td>
                <td className="kern-table__cell">{t(`entryStatus.${ticket.status}`)}</td>
              </tr>
            );
          })}
        </StationTable>
      </StationPanel>
    );
  }
}
