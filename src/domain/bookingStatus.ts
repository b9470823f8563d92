/**
 * Status machines for appointments (bookings) and walk-in tickets. The server's commands call
 * `transitionBooking` / `transitionTicket` before writing, so an illegal move is rejected with
 * `illegal_transition` (409) instead of leaving a queue entry stuck.
 *
 * `hand_over` sends an entry that is called or in service to another counter: it goes back to waiting
 * (checked_in / waiting); the command stores the target counter and the queue gives the entry priority
 * there (`reservedForCounterId` in queue.ts). `parked` entries that never come back end as `no_show`.
 */
import { DomainError } from './errors.ts';

export const bookingStatuses = [
  'held',
  'confirmed',
  'checked_in',
  'called',
  'in_service',
  'finished',
  'expired',
  'cancelled',
  'no_show',
  'parked',
] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

export type BookingEvent =
  | 'confirm'
  | 'expire'
  | 'cancel'
  | 'check_in'
  | 'call'
  | 'start_service'
  | 'finish'
  | 'no_show'
  | 'park'
  | 'hand_over'
  /** the stop's day is closed: whoever was still expected or waiting did not come */
  | 'close_day';

export const ticketStatuses = [
  'waiting',
  'called',
  'in_service',
  'finished',
  'no_show',
  'parked',
  'cancelled',
] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export type TicketEvent =
  'call' | 'start_service' | 'finish' | 'no_show' | 'park' | 'cancel' | 'hand_over' | 'close_day';

type TransitionTable<S extends string, E extends string> = Readonly<
  Record<S, Readonly<Partial<Record<E, S>>>>
>;

const bookingTransitions: TransitionTable<BookingStatus, BookingEvent> = {
  // A citizen may cancel a hold before confirming it (the link in the confirmation mail offers both).
  held: { confirm: 'confirmed', expire: 'expired', cancel: 'cancelled' },
  confirmed: { check_in: 'checked_in', cancel: 'cancelled', no_show: 'no_show', close_day: 'no_show' },
  // The citizen may leave after checking in.
  checked_in: { call: 'called', cancel: 'cancelled', close_day: 'no_show' },
  called: { start_service: 'in_service', no_show: 'no_show', park: 'parked', hand_over: 'checked_in' },
  in_service: { finish: 'finished', hand_over: 'checked_in' },
  parked: { call: 'called', no_show: 'no_show', close_day: 'no_show' },
  finished: {},
  expired: {},
  cancelled: {},
  no_show: {},
};

const ticketTransitions: TransitionTable<TicketStatus, TicketEvent> = {
  waiting: { call: 'called', cancel: 'cancelled', close_day: 'no_show' },
  called: {
    start_service: 'in_service',
    no_show: 'no_show',
    park: 'parked',
    cancel: 'cancelled',
    hand_over: 'waiting',
  },
  in_service: { finish: 'finished', hand_over: 'waiting' },
  parked: { call: 'called', no_show: 'no_show', cancel: 'cancelled', close_day: 'no_show' },
  finished: {},
  no_show: {},
  cancelled: {},
};

export function transitionBooking(from: BookingStatus, event: BookingEvent): BookingStatus {
  return transition(bookingTransitions, 'booking', from, event);
}

export function transitionTicket(from: TicketStatus, event: TicketEvent): TicketStatus {
  return transition(ticketTransitions, 'ticket', from, event);
}

export function allowedBookingEvents(from: BookingStatus): BookingEvent[] {
  return Object.keys(bookingTransitions[from]) as BookingEvent[];
}

export function allowedTicketEvents(from: TicketStatus): TicketEvent[] {
  return Object.keys(ticketTransitions[from]) as TicketEvent[];
}

/** The statuses from which `event` is allowed: what a command updating many rows at once filters by. */
export function bookingStatusesAllowing(event: BookingEvent): BookingStatus[] {
  return bookingStatuses.filter((status) => bookingTransitions[status][event] !== undefined);
}

export function ticketStatusesAllowing(event: TicketEvent): TicketStatus[] {
  return ticketStatuses.filter((status) => ticketTransitions[status][event] !== undefined);
}

export function isFinalBookingStatus(status: BookingStatus): boolean {
  return allowedBookingEvents(status).length === 0;
}

export function isFinalTicketStatus(status: TicketStatus): boolean {
  return allowedTicketEvents(status).length === 0;
}

/**
 * The one definition of which bookings occupy a counter at their stop (holds also need a live expiry).
 * The exclusion constraint `bookings_no_overbooking` (migration 002) lists the same statuses; a test
 * (test/architecture/capacityStatuses.test.ts) keeps the two equal.
 */
export const capacityBookingStatuses = [
  'held',
  'confirmed',
  'checked_in',
  'called',
  'in_service',
  'parked',
] as const satisfies readonly BookingStatus[];

export function bookingOccupiesCapacity(status: BookingStatus): boolean {
  return (capacityBookingStatuses as readonly BookingStatus[]).includes(status);
}

function transition<S extends string, E extends string>(
  table: TransitionTable<S, E>,
  machine: 'booking' | 'ticket',
  from: S,
  event: E,
): S {
  const next = table[from]?.[event];
  if (next === undefined) {
    throw new DomainError('illegal_transition', {
      field: 'status',
      message: `a ${machine} in status '${from}' cannot '${event}'`,
      details: { machine, from, event, allowed: Object.keys(table[from] ?? {}) },
    });
  }
  return next;
}
