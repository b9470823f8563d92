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
  | 'hand_over';

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

export type TicketEvent = 'call' | 'start_service' | 'finish' | 'no_show' | 'park' | 'cancel' | 'hand_over';

type TransitionTable<S extends string, E extends string> = Readonly<
  Record<S, Readonly<Partial<Record<E, S>>>>
>;

const bookingTransitions: TransitionTable<BookingStatus, BookingEvent> = {
  held: { confirm: 'confirmed', expire: 'expired' },
  confirmed: { check_in: 'checked_in', cancel: 'cancelled', no_show: 'no_show' },
  // The citizen may leave after checking in.
  checked_in: { call: 'called', cancel: 'cancelled' },
  called: { start_service: 'in_service', no_show: 'no_show', park: 'parked', hand_over: 'checked_in' },
  in_service: { finish: 'finished', hand_over: 'checked_in' },
  parked: { call: 'called', no_show: 'no_show' },
  finished: {},
  expired: {},
  cancelled: {},
  no_show: {},
};

const ticketTransitions: TransitionTable<TicketStatus, TicketEvent> = {
  waiting: { call: 'called', cancel: 'cancelled' },
  called: {
    start_service: 'in_service',
    no_show: 'no_show',
    park: 'parked',
    cancel: 'cancelled',
    hand_over: 'waiting',
  },
  in_service: { finish: 'finished', hand_over: 'waiting' },
  parked: { call: 'called', no_show: 'no_show', cancel: 'cancelled' },
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

export function isFinalBookingStatus(status: BookingStatus): boolean {
  return allowedBookingEvents(status).length === 0;
}

export function isFinalTicketStatus(status: TicketStatus): boolean {
  return allowedTicketEvents(status).length === 0;
}

/** Statuses in which a booking (or hold) occupies capacity at its stop. Holds also need a live expiry. */
export function bookingOccupiesCapacity(status: BookingStatus): boolean {
  return status !== 'expired' && status !== 'cancelled';
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
