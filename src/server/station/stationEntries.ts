import type { Kysely, Transaction } from 'kysely';
import {
  transitionBooking,
  transitionTicket,
  type BookingEvent,
  type BookingStatus,
  type TicketEvent,
  type TicketStatus,
} from '../../domain/bookingStatus.ts';
import { isDomainError } from '../../domain/errors.ts';
import { requestedDurationMinutes } from '../../domain/slots.ts';
import type { Database, DeliveredService, QueueEntryKind } from '../../db/schema.ts';
import { OperationRefused, type EntryState } from './stationOperations.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** A queue entry (appointment or walk-in) as the operations see it. */
export interface StationEntry {
  kind: QueueEntryKind;
  id: string;
  stopId: string;
  status: string;
  displayNumber: string | null;
  counter: number | null;
  calledAt: Date | null;
}

export const entryState = (entry: StationEntry): EntryState => ({
  id: entry.id,
  kind: entry.kind,
  displayNumber: entry.displayNumber,
  status: entry.status,
  counter: entry.counter,
});

const dateOrNull = (value: Date | string | null) => (value === null ? null : new Date(value));

/** Finds an appointment or walk-in of the municipality by id, locked for change. */
export async function findEntry(
  db: Executor,
  municipalityId: string,
  entryId: string,
  lock: boolean,
): Promise<StationEntry | undefined> {
  let bookingQuery = db
    .selectFrom('bookings')
    .select(['id', 'stop_id', 'status', 'display_number', 'counter_served', 'called_at'])
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', entryId);
  if (lock) bookingQuery = bookingQuery.forUpdate();
  const booking = await bookingQuery.executeTakeFirst();
  if (booking) {
    // Unconfirmed and expired holds are not part of any day.
    if (booking.status === 'held' || booking.status === 'expired') return undefined;
    return {
      kind: 'appointment',
      id: booking.id,
      stopId: booking.stop_id,
      status: booking.status,
      displayNumber: booking.display_number,
      counter: booking.counter_served,
      calledAt: dateOrNull(booking.called_at),
    };
  }
  let ticketQuery = db
    .selectFrom('tickets')
    .select(['id', 'stop_id', 'status', 'display_number', 'counter', 'called_at'])
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', entryId);
  if (lock) ticketQuery = ticketQuery.forUpdate();
  const ticket = await ticketQuery.executeTakeFirst();
  if (!ticket) return undefined;
  return {
    kind: 'walk_in',
    id: ticket.id,
    stopId: ticket.stop_id,
    status: ticket.status,
    displayNumber: ticket.display_number,
    counter: ticket.counter,
    calledAt: dateOrNull(ticket.called_at),
  };
}

/** The next status by the status machines of src/domain/bookingStatus.ts; an illegal move is a conflict. */
export function nextStatus(entry: StationEntry, event: BookingEvent | TicketEvent): string {
  try {
    return entry.kind === 'appointment'
      ? transitionBooking(entry.status as BookingStatus, event as BookingEvent)
      : transitionTicket(entry.status as TicketStatus, event as TicketEvent);
  } catch (error) {
    if (isDomainError(error) && error.code === 'illegal_transition') {
      throw new OperationRefused('conflict', 'illegal-transition', entryState(entry));
    }
    throw error;
  }
}

export interface EntryChanges {
  status: string;
  counter?: number | null;
  calledAt?: Date;
  startedAt?: Date;
  finishedAt?: Date;
  handedOverTo?: number | null;
  outcome?: 'done' | 'follow_up' | 'referred';
  delivered?: DeliveredService[];
}

export async function updateEntry(
  trx: Transaction<Database>,
  entry: StationEntry,
  changes: EntryChanges,
): Promise<StationEntry> {
  const common = {
    called_at: changes.calledAt,
    started_at: changes.startedAt,
    finished_at: changes.finishedAt,
    handed_over_to: changes.handedOverTo,
    outcome: changes.outcome,
    delivered: changes.delivered === undefined ? undefined : JSON.stringify(changes.delivered),
  };
  if (entry.kind === 'appointment') {
    await trx
      .updateTable('bookings')
      .set({ ...common, status: changes.status as BookingStatus, counter_served: changes.counter })
      .where('id', '=', entry.id)
      .execute();
  } else {
    await trx
      .updateTable('tickets')
      .set({ ...common, status: changes.status as TicketStatus, counter: changes.counter })
      .where('id', '=', entry.id)
      .execute();
  }
  return {
    ...entry,
    status: changes.status,
    counter: changes.counter === undefined ? entry.counter : changes.counter,
    calledAt: changes.calledAt ?? entry.calledAt,
  };
}

/**
 * Checks requested or delivered services against the municipality's catalogue; returns the summed minutes
 * (0 for none). Throws the domain's `unknown_service` / `duplicate_service` errors naming the field.
 */
export async function servicesMinutes(
  db: Executor,
  municipalityId: string,
  services: readonly DeliveredService[],
): Promise<{ minutes: number; minutesEach: Map<string, number> }> {
  if (services.length === 0) return { minutes: 0, minutesEach: new Map() };
  const rows = await db
    .selectFrom('services')
    .select(['id', 'typical_minutes'])
    .where('municipality_id', '=', municipalityId)
    .where(
      'id',
      'in',
      services.map((s) => s.serviceId),
    )
    .execute();
  const minutesEach = new Map(rows.map((row) => [row.id, row.typical_minutes]));
  return { minutes: requestedDurationMinutes(services, minutesEach), minutesEach };
}

const formatAppointmentNumber = (n: number) => `T-${String(n).padStart(2, '0')}`;

/**
 * Display numbers of a stop's appointments: 'T-01', 'T-02' … in booked order. The number is frozen at
 * check-in (it is what the call display shows); before that it is derived from the order.
 */
export function appointmentNumbers(
  rows: readonly { id: string; display_number: string | null; starts_at: Date | string; code: string }[],
): Map<string, string> {
  const ordered = [...rows].sort(
    (a, b) => new Date(a.starts_at).getTime() - new Date(b.starts_at).getTime() || (a.code < b.code ? -1 : 1),
  );
  const taken = new Set(ordered.map((row) => row.display_number).filter((n) => n !== null));
  let spare = ordered.length;
  const numbers = new Map<string, string>();
  ordered.forEach((row, index) => {
    if (row.display_number !== null) {
      numbers.set(row.id, row.display_number);
      return;
    }
    // A booking made later that sorts earlier must not take a number already frozen on the display.
    let candidate = formatAppointmentNumber(index + 1);
    while (taken.has(candidate)) candidate = formatAppointmentNumber(++spare);
    taken.add(candidate);
    numbers.set(row.id, candidate);
  });
  return numbers;
}

/** The appointments a day numbers: every booking of the stop except unconfirmed and expired holds. */
export async function numberedAppointments(db: Executor, municipalityId: string, stopId: string) {
  const rows = await db
    .selectFrom('bookings')
    .select(['id', 'display_number', 'starts_at', 'code'])
    .where('municipality_id', '=', municipalityId)
    .where('stop_id', '=', stopId)
    .where('status', 'not in', ['held', 'expired'])
    .execute();
  return appointmentNumbers(rows);
}

/** The version of a stop's day: the id of its latest queue event (0 before the first). */
export async function stationVersion(db: Executor, stopId: string): Promise<number> {
  const row = await db
    .selectFrom('queue_events')
    .select((eb) => eb.fn.max('id').as('version'))
    .where('stop_id', '=', stopId)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}
