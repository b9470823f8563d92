import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedBookingEvents,
  allowedTicketEvents,
  bookingOccupiesCapacity,
  bookingStatusesAllowing,
  ticketStatusesAllowing,
  bookingStatuses,
  isFinalBookingStatus,
  isFinalTicketStatus,
  ticketStatuses,
  transitionBooking,
  transitionTicket,
  type BookingEvent,
  type BookingStatus,
  type TicketEvent,
  type TicketStatus,
} from './bookingStatus.ts';
import { DomainError } from './errors.ts';

const bookingEvents: BookingEvent[] = [
  'confirm',
  'expire',
  'cancel',
  'check_in',
  'call',
  'start_service',
  'finish',
  'no_show',
  'park',
  'hand_over',
];
const ticketEvents: TicketEvent[] = [
  'call',
  'start_service',
  'finish',
  'no_show',
  'park',
  'cancel',
  'hand_over',
];

describe('booking status machine', () => {
  it('runs the happy path', () => {
    const path: BookingEvent[] = ['confirm', 'check_in', 'call', 'start_service', 'finish'];
    let status: BookingStatus = 'held';
    const seen: BookingStatus[] = [status];
    for (const event of path) seen.push((status = transitionBooking(status, event)));
    expect(seen).toEqual(['held', 'confirmed', 'checked_in', 'called', 'in_service', 'finished']);
  });

  it.each<[BookingStatus, BookingEvent, BookingStatus]>([
    ['held', 'expire', 'expired'],
    ['held', 'cancel', 'cancelled'],
    ['confirmed', 'cancel', 'cancelled'],
    ['confirmed', 'no_show', 'no_show'],
    ['called', 'no_show', 'no_show'],
    ['called', 'park', 'parked'],
    ['parked', 'call', 'called'],
    ['parked', 'no_show', 'no_show'],
    ['called', 'hand_over', 'checked_in'],
    ['in_service', 'hand_over', 'checked_in'],
  ])('%s --%s--> %s', (from, event, to) => {
    expect(transitionBooking(from, event)).toBe(to);
  });

  it.each<[BookingStatus, BookingEvent]>([
    ['held', 'check_in'],
    ['confirmed', 'call'],
    ['checked_in', 'finish'],
    ['finished', 'cancel'],
    ['cancelled', 'confirm'],
    ['expired', 'confirm'],
    ['in_service', 'no_show'],
    ['no_show', 'call'],
  ])('rejects %s --%s--> with illegal_transition', (from, event) => {
    try {
      transitionBooking(from, event);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'illegal_transition', status: 409, field: 'status' });
      expect((error as DomainError).details).toMatchObject({ machine: 'booking', from, event });
    }
  });

  it('closing the day makes whoever was still expected or waiting a no-show', () => {
    expect(bookingStatusesAllowing('close_day')).toEqual(['confirmed', 'checked_in', 'parked']);
    expect(ticketStatusesAllowing('close_day')).toEqual(['waiting', 'parked']);
    for (const status of bookingStatusesAllowing('close_day'))
      expect(transitionBooking(status, 'close_day')).toBe('no_show');
    expect(bookingStatusesAllowing('cancel')).toEqual(['held', 'confirmed', 'checked_in']);
  });

  it('final statuses accept no event and free capacity', () => {
    expect(bookingStatuses.filter(isFinalBookingStatus)).toEqual([
      'finished',
      'expired',
      'cancelled',
      'no_show',
    ]);
    expect(bookingStatuses.filter((s) => !bookingOccupiesCapacity(s))).toEqual([
      'finished',
      'expired',
      'cancelled',
      'no_show',
    ]);
  });

  it('every status is reachable from held', () => {
    const reached = new Set<BookingStatus>(['held']);
    let frontier: BookingStatus[] = ['held'];
    while (frontier.length > 0) {
      frontier = frontier
        .flatMap((s) => allowedBookingEvents(s).map((e) => transitionBooking(s, e)))
        .filter((s) => !reached.has(s));
      frontier.forEach((s) => reached.add(s));
    }
    expect([...reached].sort()).toEqual([...bookingStatuses].sort());
  });

  it('property: a random event sequence either moves along allowed events or throws without changing the status', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...bookingEvents), { maxLength: 20 }), (events) => {
        let status: BookingStatus = 'held';
        for (const event of events) {
          const allowed = allowedBookingEvents(status).includes(event);
          if (allowed) status = transitionBooking(status, event);
          else expect(() => transitionBooking(status, event)).toThrow(DomainError);
        }
        expect(bookingStatuses).toContain(status);
      }),
    );
  });
});

describe('ticket status machine', () => {
  it.each<[TicketStatus, TicketEvent, TicketStatus]>([
    ['waiting', 'call', 'called'],
    ['called', 'start_service', 'in_service'],
    ['in_service', 'finish', 'finished'],
    ['called', 'no_show', 'no_show'],
    ['called', 'park', 'parked'],
    ['parked', 'call', 'called'],
    ['waiting', 'cancel', 'cancelled'],
    ['in_service', 'hand_over', 'waiting'],
  ])('%s --%s--> %s', (from, event, to) => {
    expect(transitionTicket(from, event)).toBe(to);
  });

  it('rejects illegal moves', () => {
    expect(() => transitionTicket('waiting', 'finish')).toThrow(
      expect.objectContaining({ code: 'illegal_transition' }),
    );
    expect(() => transitionTicket('finished', 'call')).toThrow(
      expect.objectContaining({ code: 'illegal_transition' }),
    );
    expect(() => transitionTicket('in_service', 'park')).toThrow(
      expect.objectContaining({ code: 'illegal_transition' }),
    );
  });

  it('final statuses are finished, no_show and cancelled; all others can end', () => {
    expect(ticketStatuses.filter(isFinalTicketStatus)).toEqual(['finished', 'no_show', 'cancelled']);
    for (const status of ticketStatuses) {
      // From every status some sequence of events leads to a final one (no stuck queue entries).
      let current: TicketStatus = status;
      for (let step = 0; step < 5 && !isFinalTicketStatus(current); step++) {
        const events = allowedTicketEvents(current);
        const next = events.includes('finish')
          ? 'finish'
          : events.includes('start_service')
            ? 'start_service'
            : 'call';
        current = transitionTicket(current, next);
      }
      expect(isFinalTicketStatus(current)).toBe(true);
    }
  });

  it('property: a ticket never leaves a final status and only moves along allowed events', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ticketEvents), { maxLength: 20 }), (events) => {
        let status: TicketStatus = 'waiting';
        for (const event of events) {
          const before = status;
          if (allowedTicketEvents(status).includes(event)) status = transitionTicket(status, event);
          else expect(() => transitionTicket(status, event)).toThrow(DomainError);
          if (isFinalTicketStatus(before)) expect(status).toBe(before);
        }
      }),
    );
  });

  it('no booking status is a dead end: a final status is always reachable', () => {
    for (const status of bookingStatuses) {
      const reached = new Set<BookingStatus>([status]);
      let frontier: BookingStatus[] = [status];
      while (frontier.length > 0) {
        frontier = frontier
          .flatMap((s) => allowedBookingEvents(s).map((e) => transitionBooking(s, e)))
          .filter((s) => !reached.has(s));
        frontier.forEach((s) => reached.add(s));
      }
      expect([...reached].some(isFinalBookingStatus)).toBe(true);
    }
  });
});
