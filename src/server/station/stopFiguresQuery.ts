import type { Kysely } from 'kysely';
import {
  computeStopFigures,
  type FigureEntry,
  type StopEvent,
  type StopEventType,
  type StopFigures,
} from '../../domain/figures.ts';
import type { Database, DeliveredService, QueueEventType, TicketService } from '../../db/schema.ts';
import { notFound } from '../problem.ts';

/** How the queue's events count for the figures; the rest (stop opened, recall) do not. */
const figureEventType: Partial<Record<QueueEventType, StopEventType>> = {
  checked_in: 'checked_in',
  ticket_issued: 'ticket_issued',
  called: 'called',
  resumed: 'called',
  service_started: 'service_started',
  finished: 'finished',
  no_show: 'no_show',
  cancelled: 'cancelled',
  parked: 'parked',
  handed_over: 'handed_over',
};

/**
 * The evaluation figures of one stop (`computeStopFigures`), from the queue's event log at device time.
 * Handling times are grouped by the services delivered (or asked for, while nothing was delivered).
 */
export async function stopFigures(
  db: Kysely<Database>,
  municipalityId: string,
  stopId: string,
): Promise<StopFigures> {
  const stop = await db
    .selectFrom('stops')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', stopId)
    .executeTakeFirst();
  if (!stop) throw notFound('stop', 'stopId', stopId);
  const [bookings, bookingServices, tickets, events] = await Promise.all([
    db
      .selectFrom('bookings')
      .select(['id', 'starts_at', 'delivered'])
      .where('municipality_id', '=', municipalityId)
      .where('stop_id', '=', stopId)
      .where('status', 'not in', ['held', 'expired'])
      .execute(),
    db
      .selectFrom('booking_services as bs')
      .innerJoin('bookings as b', 'b.id', 'bs.booking_id')
      .select(['bs.booking_id', 'bs.service_id'])
      .where('b.municipality_id', '=', municipalityId)
      .where('b.stop_id', '=', stopId)
      .execute(),
    db
      .selectFrom('tickets')
      .select(['id', 'services', 'delivered'])
      .where('municipality_id', '=', municipalityId)
      .where('stop_id', '=', stopId)
      .execute(),
    db
      .selectFrom('queue_events')
      .select(['entry_id', 'type', 'at'])
      .where('municipality_id', '=', municipalityId)
      .where('stop_id', '=', stopId)
      .where('entry_id', 'is not', null)
      .orderBy('id')
      .execute(),
  ]);
  const deliveredIds = (delivered: DeliveredService[] | null) =>
    delivered && delivered.length > 0 ? delivered.map((s) => s.serviceId) : undefined;
  const entries: FigureEntry[] = [
    ...bookings.map((booking) => ({
      id: booking.id,
      kind: 'appointment' as const,
      serviceIds:
        deliveredIds(booking.delivered) ??
        bookingServices.filter((s) => s.booking_id === booking.id).map((s) => s.service_id),
      appointmentStart: new Date(booking.starts_at).toISOString(),
    })),
    ...tickets.map((ticket) => ({
      id: ticket.id,
      kind: 'walk_in' as const,
      serviceIds:
        deliveredIds(ticket.delivered) ?? (ticket.services as TicketService[]).map((s) => s.serviceId),
    })),
  ];
  const known = new Set(entries.map((entry) => entry.id));
  const stopEvents: StopEvent[] = events.flatMap((event) => {
    const type = figureEventType[event.type];
    if (type === undefined || !known.has(event.entry_id!)) return [];
    return [{ entryId: event.entry_id!, type, at: new Date(event.at).toISOString() }];
  });
  return computeStopFigures(entries, stopEvents);
}
