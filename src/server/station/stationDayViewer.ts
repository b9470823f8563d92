import type { Kysely } from 'kysely';
import { addDays, zonedInstant, type LocalDate } from '../../domain/time.ts';
import type {
  BookingRowStatus,
  Database,
  DeliveredService,
  ServiceOutcome,
  StopStatus,
  TicketRowStatus,
  TicketService,
} from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { notFound } from '../problem.ts';
import { appointmentNumbers, stationVersion } from './stationEntries.ts';
import { ensurePoster, posterUrl } from './stationPoster.ts';
import { busyCounters, dayBookingStatuses, stopQueue } from './stationQueue.ts';

export interface EntryServiceView {
  id: string;
  nameDe: string;
  nameEn: string;
  quantity: number;
  minutesEach: number;
  documents: string[];
}

/** An open case of the visit (tracker issue 11): the clerk captures its documents on the tablet. */
export interface EntryCaseView {
  id: string;
  number: string;
  serviceId: string;
  serviceNameDe: string;
  serviceNameEn: string;
}

interface EntryProgress {
  counter: number | null;
  reservedForCounter: number | null;
  calledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  outcome: ServiceOutcome | null;
  deliveredServices: DeliveredService[] | null;
}

export interface AppointmentView extends EntryProgress {
  id: string;
  kind: 'appointment';
  displayNumber: string;
  code: string;
  status: BookingRowStatus;
  startsAt: string;
  endsAt: string;
  name: string | null;
  phone: string | null;
  services: EntryServiceView[];
  checkedInAt: string | null;
  cases: EntryCaseView[];
}

export interface TicketView extends EntryProgress {
  id: string;
  kind: 'walk_in';
  displayNumber: string;
  status: TicketRowStatus;
  name: string | null;
  services: EntryServiceView[];
  createdAt: string;
  origin: 'self' | 'staff';
  cases: EntryCaseView[];
}

export interface StationDayView {
  stop: {
    id: string;
    status: StopStatus;
    siteName: string;
    address: string | null;
    unitName: string;
    startsAt: string;
    endsAt: string;
    counters: number;
  };
  serverTime: string;
  version: number;
  appointments: AppointmentView[];
  tickets: TicketView[];
  queue: {
    entryId: string;
    kind: 'appointment' | 'walk_in';
    position: number;
    estimatedCallAt: string | null;
    estimatedWaitMinutes: number | null;
    estimatedCounter: number | null;
    afterClosing: boolean;
  }[];
  counters: { number: number; busyWith: string | null }[];
  posterUrl: string;
}

const isoOrNull = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export interface StationDayViewerProps {
  municipalityId: string;
  stopId: string;
  actor: string;
  now: Date;
  publicBaseUrl: string;
  posterSecret: string;
}

/**
 * The whole day of one stop for the station tablet: appointments with names, phones, services and the
 * documents to bring; walk-ins; the merged queue in call order (`orderQueue`) with estimates; the counters;
 * and the walk-in poster. Personal data is shown, so the view is audited in the same transaction.
 */
export async function viewStationDay(
  db: Kysely<Database>,
  props: StationDayViewerProps,
): Promise<StationDayView> {
  return db.transaction().execute(async (trx) => {
    const stop = await trx
      .selectFrom('stops as s')
      .innerJoin('sites as site', (join) =>
        join.onRef('site.municipality_id', '=', 's.municipality_id').onRef('site.id', '=', 's.site_id'),
      )
      .innerJoin('units as u', (join) =>
        join.onRef('u.municipality_id', '=', 's.municipality_id').onRef('u.id', '=', 's.unit_id'),
      )
      .select([
        's.id',
        's.status',
        's.starts_at',
        's.ends_at',
        's.counters',
        's.local_date',
        'site.name as site_name',
        'site.address',
        'u.name as unit_name',
      ])
      .where('s.municipality_id', '=', props.municipalityId)
      .where('s.id', '=', props.stopId)
      .executeTakeFirst();
    if (!stop) throw notFound('stop', 'stopId', props.stopId);

    const [bookings, bookingServices, tickets, catalogue, numbers] = await Promise.all([
      trx
        .selectFrom('bookings')
        .selectAll()
        .where('municipality_id', '=', props.municipalityId)
        .where('stop_id', '=', stop.id)
        .where('status', 'in', dayBookingStatuses)
        .orderBy('starts_at')
        .orderBy('code')
        .execute(),
      trx
        .selectFrom('booking_services as bs')
        .innerJoin('bookings as b', 'b.id', 'bs.booking_id')
        .select(['bs.booking_id', 'bs.service_id', 'bs.quantity', 'bs.minutes_each'])
        .where('b.municipality_id', '=', props.municipalityId)
        .where('b.stop_id', '=', stop.id)
        .orderBy('bs.service_id')
        .execute(),
      trx
        .selectFrom('tickets')
        .selectAll()
        .where('municipality_id', '=', props.municipalityId)
        .where('stop_id', '=', stop.id)
        .orderBy('created_at')
        .orderBy('display_number')
        .execute(),
      trx
        .selectFrom('services')
        .select(['id', 'name_de', 'name_en', 'documents'])
        .where('municipality_id', '=', props.municipalityId)
        .execute(),
      trx
        .selectFrom('bookings')
        .select(['id', 'display_number', 'starts_at', 'code'])
        .where('municipality_id', '=', props.municipalityId)
        .where('stop_id', '=', stop.id)
        .where('status', 'not in', ['held', 'expired'])
        .execute()
        .then(appointmentNumbers),
    ]);
    const serviceById = new Map(catalogue.map((s) => [s.id, s]));
    // The open cases of the day's visits: a booking's from its confirmation, a walk-in's from a follow-up.
    const bookingIds = bookings.map((booking) => booking.id);
    const ticketIds = tickets.map((ticket) => ticket.id);
    const openCases =
      bookingIds.length + ticketIds.length === 0
        ? []
        : await trx
            .selectFrom('cases')
            .select(['id', 'number', 'service_id', 'booking_id', 'ticket_id'])
            .where('municipality_id', '=', props.municipalityId)
            .where('status', 'not in', ['closed', 'cancelled'])
            .where((eb) =>
              eb.or([
                ...(bookingIds.length > 0 ? [eb('booking_id', 'in', bookingIds)] : []),
                ...(ticketIds.length > 0 ? [eb('ticket_id', 'in', ticketIds)] : []),
              ]),
            )
            .orderBy('number')
            .execute();
    const casesOf = (entry: { bookingId?: string; ticketId?: string }): EntryCaseView[] =>
      openCases
        .filter((row) =>
          entry.bookingId ? row.booking_id === entry.bookingId : row.ticket_id === entry.ticketId,
        )
        .map((row) => ({
          id: row.id,
          number: row.number,
          serviceId: row.service_id,
          serviceNameDe: serviceById.get(row.service_id)?.name_de ?? row.service_id,
          serviceNameEn: serviceById.get(row.service_id)?.name_en ?? row.service_id,
        }));
    const serviceView = (serviceId: string, quantity: number, minutesEach: number): EntryServiceView => {
      const service = serviceById.get(serviceId);
      return {
        id: serviceId,
        nameDe: service?.name_de ?? serviceId,
        nameEn: service?.name_en ?? serviceId,
        quantity,
        minutesEach,
        documents: service?.documents ?? [],
      };
    };
    const progress = (row: {
      called_at: Date | string | null;
      started_at: Date | string | null;
      finished_at: Date | string | null;
      handed_over_to: number | null;
      outcome: ServiceOutcome | null;
      delivered: DeliveredService[] | null;
    }) => ({
      reservedForCounter: row.handed_over_to,
      calledAt: isoOrNull(row.called_at),
      startedAt: isoOrNull(row.started_at),
      finishedAt: isoOrNull(row.finished_at),
      outcome: row.outcome,
      deliveredServices: row.delivered,
    });

    const appointments: AppointmentView[] = bookings.map((booking) => ({
      id: booking.id,
      kind: 'appointment',
      displayNumber: numbers.get(booking.id)!,
      code: booking.code,
      status: booking.status,
      startsAt: new Date(booking.starts_at).toISOString(),
      endsAt: new Date(booking.ends_at).toISOString(),
      name: booking.name,
      phone: booking.phone,
      services: bookingServices
        .filter((s) => s.booking_id === booking.id)
        .map((s) => serviceView(s.service_id, s.quantity, s.minutes_each)),
      checkedInAt: isoOrNull(booking.checked_in_at),
      counter: booking.counter_served,
      ...progress(booking),
      cases: casesOf({ bookingId: booking.id }),
    }));
    const ticketViews: TicketView[] = tickets.map((ticket) => ({
      id: ticket.id,
      kind: 'walk_in',
      displayNumber: ticket.display_number,
      status: ticket.status,
      name: ticket.name,
      services: (ticket.services as TicketService[]).map((s) =>
        serviceView(s.serviceId, s.quantity, s.minutesEach),
      ),
      createdAt: new Date(ticket.created_at).toISOString(),
      origin: ticket.origin,
      counter: ticket.counter,
      ...progress(ticket),
      cases: casesOf({ ticketId: ticket.id }),
    }));

    const queue = stopQueue(stop, bookings, tickets, props.now).map((entry) => ({
      entryId: entry.id,
      kind: entry.kind,
      position: entry.position,
      estimatedCallAt: isoOrNull(entry.estimatedCallAt),
      estimatedWaitMinutes: entry.estimatedWaitMinutes,
      estimatedCounter: entry.estimatedCounterId === null ? null : Number(entry.estimatedCounterId),
      afterClosing: entry.afterClosing,
    }));
    const token = await ensurePoster(trx, props.municipalityId, stop.id, stop.local_date, props.posterSecret);
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'station_day.viewed',
      subjectType: 'stop',
      subjectId: stop.id,
      details: { appointments: appointments.length, tickets: ticketViews.length },
    });
    return {
      stop: {
        id: stop.id,
        status: stop.status,
        siteName: stop.site_name,
        address: stop.address,
        unitName: stop.unit_name,
        startsAt: new Date(stop.starts_at).toISOString(),
        endsAt: new Date(stop.ends_at).toISOString(),
        counters: stop.counters,
      },
      serverTime: props.now.toISOString(),
      version: await stationVersion(trx, stop.id),
      appointments,
      tickets: ticketViews,
      queue,
      counters: busyCounters(stop, bookings, tickets).map(({ number, busyWith }) => ({ number, busyWith })),
      posterUrl: posterUrl(props.publicBaseUrl, stop.id, token),
    };
  });
}

export interface StationDaySummary {
  stopId: string;
  siteName: string;
  address: string | null;
  unitName: string;
  startsAt: string;
  endsAt: string;
  status: StopStatus;
  appointments: number;
  ticketsWaiting: number;
}

/** The stops of one local day with counts only (no personal data). */
export async function listStationDays(
  db: Kysely<Database>,
  municipalityId: string,
  date: LocalDate,
  options: { rosteredStaffUserId?: string | undefined } = {},
): Promise<StationDaySummary[]> {
  const from = new Date(zonedInstant(date, '00:00'));
  const to = new Date(zonedInstant(addDays(date, 1), '00:00'));
  let query = db
    .selectFrom('stops as s')
    .innerJoin('sites as site', (join) =>
      join.onRef('site.municipality_id', '=', 's.municipality_id').onRef('site.id', '=', 's.site_id'),
    )
    .innerJoin('units as u', (join) =>
      join.onRef('u.municipality_id', '=', 's.municipality_id').onRef('u.id', '=', 's.unit_id'),
    )
    .select([
      's.id',
      's.status',
      's.starts_at',
      's.ends_at',
      'site.name as site_name',
      'site.address',
      'u.name as unit_name',
    ])
    .select((eb) => [
      eb
        .selectFrom('bookings as b')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('b.stop_id', '=', 's.id')
        .where('b.status', 'in', dayBookingStatuses)
        .as('appointments'),
      eb
        .selectFrom('tickets as t')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('t.stop_id', '=', 's.id')
        .where('t.status', '=', 'waiting')
        .as('tickets_waiting'),
    ])
    .where('s.municipality_id', '=', municipalityId)
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .orderBy('s.starts_at')
    .orderBy('site.name');
  const staffUserId = options.rosteredStaffUserId;
  if (staffUserId)
    // Only the stops this person is rostered for (roster_assignments of their staff member).
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('roster_assignments as ra')
          .innerJoin('staff_members as sm', 'sm.id', 'ra.staff_member_id')
          .select('ra.stop_id')
          .whereRef('ra.stop_id', '=', 's.id')
          .where('sm.staff_user_id', '=', staffUserId),
      ),
    );
  const stops = await query.execute();
  return stops.map((stop) => ({
    stopId: stop.id,
    siteName: stop.site_name,
    address: stop.address,
    unitName: stop.unit_name,
    startsAt: new Date(stop.starts_at).toISOString(),
    endsAt: new Date(stop.ends_at).toISOString(),
    status: stop.status,
    appointments: Number(stop.appointments ?? 0),
    ticketsWaiting: Number(stop.tickets_waiting ?? 0),
  }));
}
