import { bookingStatusesAllowing, ticketStatusesAllowing } from '../../../domain/bookingStatus.ts';
import { entryState, findEntry } from '../stationEntries.ts';
import { OperationRefused } from '../stationOperations.ts';
import { ensurePoster } from '../stationPoster.ts';
import { addEvent, stopState, type OperationHandler } from './operationContext.ts';

export const openStop: OperationHandler<'open_stop'> = async (context) => {
  const { trx, stop, props } = context;
  if (stop.status === 'closed' || stop.status === 'cancelled') {
    throw new OperationRefused('rejected', `stop-${stop.status}`, stopState(stop));
  }
  await ensurePoster(trx, props.municipalityId, stop.id, stop.local_date, props.posterSecret);
  // Two tablets opening the same stop offline is no conflict worth showing.
  if (stop.status === 'open') return { entry: stopState(stop), subjectType: 'stop', reason: 'already-open' };
  await trx
    .updateTable('stops')
    .set({ status: 'open', updated_at: new Date() })
    .where('id', '=', stop.id)
    .execute();
  await addEvent(context, 'stop_opened');
  return { entry: stopState({ id: stop.id, status: 'open' }), subjectType: 'stop' };
};

export const closeStop: OperationHandler<'close_stop'> = async (context) => {
  const { trx, stop, props } = context;
  const busy =
    (await trx
      .selectFrom('bookings')
      .select('id')
      .where('stop_id', '=', stop.id)
      .where('status', 'in', ['called', 'in_service'])
      .executeTakeFirst()) ??
    (await trx
      .selectFrom('tickets')
      .select('id')
      .where('stop_id', '=', stop.id)
      .where('status', 'in', ['called', 'in_service'])
      .executeTakeFirst());
  if (busy) {
    const entry = await findEntry(trx, props.municipalityId, busy.id, false);
    throw new OperationRefused('conflict', 'entries-in-service', entry ? entryState(entry) : undefined);
  }
  // Whoever still waits (or never came) is a no-show when the day ends: the machines' close_day event.
  const tickets = await trx
    .updateTable('tickets')
    .set({ status: 'no_show' })
    .where('stop_id', '=', stop.id)
    .where('status', 'in', ticketStatusesAllowing('close_day'))
    .returning('id')
    .execute();
  const bookings = await trx
    .updateTable('bookings')
    .set({ status: 'no_show' })
    .where('stop_id', '=', stop.id)
    .where('status', 'in', bookingStatusesAllowing('close_day'))
    .returning('id')
    .execute();
  for (const ticket of tickets) await addEvent(context, 'no_show', { kind: 'walk_in', id: ticket.id });
  for (const booking of bookings) await addEvent(context, 'no_show', { kind: 'appointment', id: booking.id });
  await trx
    .updateTable('stops')
    .set({ status: 'closed', updated_at: new Date() })
    .where('id', '=', stop.id)
    .execute();
  await addEvent(context, 'stop_closed');
  return {
    entry: stopState({ id: stop.id, status: 'closed' }),
    subjectType: 'stop',
    details: { walkInNoShows: tickets.length, appointmentNoShows: bookings.length },
  };
};
