import type { Kysely, Transaction } from 'kysely';
import { orderQueue, type QueueEntry, type QueueState, type QueuedEntry } from '../../domain/queue.ts';
import { formatInstant, MINUTE_MS } from '../../domain/time.ts';
import type { BookingRowStatus, Database, StopStatus, TicketRowStatus } from '../../db/schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** A walk-in drawn without services is expected to take this long. */
export const DEFAULT_WALK_IN_MINUTES = 10;

/** Booking statuses that belong to the day at the stop (holds, expired and cancelled ones do not). */
export const dayBookingStatuses: BookingRowStatus[] = [
  'confirmed',
  'checked_in',
  'called',
  'in_service',
  'parked',
  'finished',
  'no_show',
];

export interface QueueStop {
  id: string;
  status: StopStatus;
  counters: number;
  ends_at: Date | string;
}

export interface QueueAppointmentRow {
  id: string;
  status: BookingRowStatus;
  starts_at: Date | string;
  duration_minutes: number;
  checked_in_at: Date | string | null;
  called_at: Date | string | null;
  started_at: Date | string | null;
  counter_served: number | null;
  handed_over_to: number | null;
}

export interface QueueTicketRow {
  id: string;
  status: TicketRowStatus;
  created_at: Date | string;
  duration_minutes: number;
  called_at: Date | string | null;
  started_at: Date | string | null;
  counter: number | null;
  handed_over_to: number | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** Loads what the queue needs of a stop's appointments and tickets. */
export async function loadQueueRows(db: Executor, municipalityId: string, stopId: string) {
  const [appointments, tickets] = await Promise.all([
    db
      .selectFrom('bookings')
      .select([
        'id',
        'status',
        'starts_at',
        'duration_minutes',
        'checked_in_at',
        'called_at',
        'started_at',
        'counter_served',
        'handed_over_to',
      ])
      .where('municipality_id', '=', municipalityId)
      .where('stop_id', '=', stopId)
      .where('status', 'in', dayBookingStatuses)
      .execute(),
    db
      .selectFrom('tickets')
      .select([
        'id',
        'status',
        'created_at',
        'duration_minutes',
        'called_at',
        'started_at',
        'counter',
        'handed_over_to',
      ])
      .where('municipality_id', '=', municipalityId)
      .where('stop_id', '=', stopId)
      .execute(),
  ]);
  return { appointments, tickets };
}

/** Which entry each counter is busy with (called or in service there). */
export function busyCounters(
  stop: QueueStop,
  appointments: readonly QueueAppointmentRow[],
  tickets: readonly QueueTicketRow[],
): { number: number; busyWith: string | null; busyUntil: string | null }[] {
  const active = [
    ...appointments
      .filter((a) => a.status === 'called' || a.status === 'in_service')
      .map((a) => ({
        id: a.id,
        counter: a.counter_served,
        since: a.started_at ?? a.called_at,
        minutes: a.duration_minutes,
      })),
    ...tickets
      .filter((t) => t.status === 'called' || t.status === 'in_service')
      .map((t) => ({
        id: t.id,
        counter: t.counter,
        since: t.started_at ?? t.called_at,
        minutes: t.duration_minutes,
      })),
  ];
  return Array.from({ length: stop.counters }, (_, index) => {
    const number = index + 1;
    const busy = active.find((entry) => entry.counter === number);
    return {
      number,
      busyWith: busy?.id ?? null,
      busyUntil:
        busy && busy.since !== null
          ? formatInstant(new Date(busy.since).getTime() + busy.minutes * MINUTE_MS)
          : null,
    };
  });
}

/** The stop's state in the shape `orderQueue` (src/domain/queue.ts) takes. */
export function queueStateOf(
  stop: QueueStop,
  appointments: readonly QueueAppointmentRow[],
  tickets: readonly QueueTicketRow[],
): QueueState {
  const entries: QueueEntry[] = [
    ...appointments
      .filter((a) => a.status === 'confirmed' || a.status === 'checked_in')
      .map((a): QueueEntry => ({
        kind: 'appointment',
        id: a.id,
        durationMinutes: a.duration_minutes,
        appointmentStart: iso(a.starts_at),
        checkedInAt: a.status === 'checked_in' && a.checked_in_at !== null ? iso(a.checked_in_at) : null,
        reservedForCounterId: a.handed_over_to === null ? undefined : String(a.handed_over_to),
      })),
    ...tickets
      .filter((t) => t.status === 'waiting')
      .map((t): QueueEntry => ({
        kind: 'walk_in',
        id: t.id,
        durationMinutes: t.duration_minutes,
        arrivedAt: iso(t.created_at),
        reservedForCounterId: t.handed_over_to === null ? undefined : String(t.handed_over_to),
      })),
  ];
  return {
    counters: busyCounters(stop, appointments, tickets).map((counter) => ({
      id: String(counter.number),
      open: stop.status === 'open',
      busyUntil: counter.busyUntil,
    })),
    entries,
    closesAt: iso(stop.ends_at),
  };
}

/** The waiting entries in call order with estimates, by the rules of `orderQueue`. */
export function stopQueue(
  stop: QueueStop,
  appointments: readonly QueueAppointmentRow[],
  tickets: readonly QueueTicketRow[],
  now: Date,
): QueuedEntry[] {
  return orderQueue(queueStateOf(stop, appointments, tickets), now.toISOString());
}
