import type { Transaction } from 'kysely';
import { bookingStatusesAllowing, ticketStatusesAllowing } from '../../../domain/bookingStatus.ts';
import { isDomainError } from '../../../domain/errors.ts';
import { openingReason } from '../../../domain/stopChecklist.ts';
import type { Database } from '../../../db/schema.ts';
import { storeChecklistSignOff } from '../../commands/stopChecklistSigner.ts';
import { entryState, findEntry } from '../stationEntries.ts';
import { OperationRefused } from '../stationOperations.ts';
import { ensurePoster } from '../stationPoster.ts';
import { addEvent, stopState, type OperationHandler } from './operationContext.ts';

/** Whether the stop's readiness checklist has been signed off (on any tablet, online or from an outbox). */
export async function checklistSignedOff(trx: Transaction<Database>, stopId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('stop_checklists')
    .select('stop_id')
    .where('stop_id', '=', stopId)
    .executeTakeFirst();
  return row !== undefined;
}

export const openStop: OperationHandler<'open_stop'> = async (context, op) => {
  const { trx, stop, props } = context;
  if (stop.status === 'closed' || stop.status === 'cancelled') {
    throw new OperationRefused('rejected', `stop-${stop.status}`, stopState(stop));
  }
  // Two tablets opening the same stop offline is no conflict worth showing.
  if (stop.status === 'open') {
    await ensurePoster(trx, props.municipalityId, stop.id, stop.local_date, props.posterSecret);
    return { entry: stopState(stop), subjectType: 'stop', reason: 'already-open' };
  }
  // The batch was checked before (applyStationOperations); this catches a sign-off earlier in the batch that
  // the server then refused: the stop stays scheduled rather than open without checklist and without reason.
  let reason: string | null;
  try {
    reason = openingReason(await checklistSignedOff(trx, stop.id), op.reason);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    throw new OperationRefused('rejected', error.code.replaceAll('_', '-'), stopState(stop));
  }
  await ensurePoster(trx, props.municipalityId, stop.id, stop.local_date, props.posterSecret);
  await trx
    .updateTable('stops')
    .set({
      status: 'open',
      updated_at: new Date(),
      ...(reason ? { opened_without_checklist_reason: reason, opened_without_checklist_at: context.at } : {}),
    })
    .where('id', '=', stop.id)
    .execute();
  await addEvent(context, 'stop_opened');
  return {
    entry: stopState({ id: stop.id, status: 'open' }),
    subjectType: 'stop',
    // The reason is about the stop's readiness (a broken device, no connection), never about people: the
    // form asks for no names. Audited with the opening, and shown to the planners.
    details: reason ? { checklistSignedOff: false, reason } : { checklistSignedOff: true },
  };
};

/** The readiness checklist signed off on the tablet: before the stop opens, or later while it is open. */
export const signOffChecklist: OperationHandler<'sign_off_checklist'> = async (context, op) => {
  const { trx, stop, props } = context;
  if (stop.status === 'closed' || stop.status === 'cancelled') {
    throw new OperationRefused('rejected', `stop-${stop.status}`, stopState(stop));
  }
  try {
    const stored = await storeChecklistSignOff(trx, {
      municipalityId: props.municipalityId,
      stopId: stop.id,
      userId: props.actor.replace(/^staff:/, ''),
      items: op.items,
    });
    return { entry: stopState(stop), subjectType: 'stop', details: { ...stored } };
  } catch (error) {
    // The checklist changed since the tablet fetched it (an item added to the unit meanwhile).
    if (!isDomainError(error) || error.code !== 'checklist_incomplete') throw error;
    throw new OperationRefused('rejected', 'checklist-incomplete', stopState(stop));
  }
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
