import { entryState, findEntry, nextStatus, numberedAppointments } from '../stationEntries.ts';
import { OperationRefused } from '../stationOperations.ts';
import { DEFAULT_WALK_IN_MINUTES } from '../stationQueue.ts';
import { addEvent, validServices, type OperationHandler } from './operationContext.ts';

function normaliseCode(code: string): string {
  const compact = code.toUpperCase().replace(/[\s-]/g, '');
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}

/** An appointment arrives: its booking code is scanned or typed. */
export const checkIn: OperationHandler<'check_in'> = async (context, op) => {
  const { trx, stop, props } = context;
  const code = normaliseCode(op.code);
  const booking = await trx
    .selectFrom('bookings')
    .select(['id', 'stop_id', 'status'])
    .where('municipality_id', '=', props.municipalityId)
    .where('code', '=', code)
    .forUpdate()
    .executeTakeFirst();
  const entry = booking ? await findEntry(trx, props.municipalityId, booking.id, false) : undefined;
  // A code of another stop or municipality answers like an unknown one.
  if (!entry || entry.stopId !== stop.id) throw new OperationRefused('rejected', 'code-not-found');
  const status = nextStatus(entry, 'check_in');
  const displayNumber = (await numberedAppointments(trx, props.municipalityId, stop.id)).get(entry.id)!;
  await trx
    .updateTable('bookings')
    .set({ status: status as 'checked_in', checked_in_at: context.at, display_number: displayNumber })
    .where('id', '=', entry.id)
    .execute();
  await addEvent(context, 'checked_in', entry);
  return { entry: entryState({ ...entry, status, displayNumber }), subjectType: 'booking' };
};

/** A walk-in gets a ticket (id and display number made on the device). */
export const issueTicket: OperationHandler<'issue_ticket'> = async (context, op) => {
  const { trx, stop, props } = context;
  const taken = await trx
    .selectFrom('tickets')
    .select(['id', 'stop_id', 'display_number'])
    .where((eb) =>
      eb.or([
        eb('id', '=', op.ticketId),
        eb.and([eb('stop_id', '=', stop.id), eb('display_number', '=', op.displayNumber)]),
      ]),
    )
    .execute();
  if (taken.some((t) => t.id === op.ticketId)) throw new OperationRefused('rejected', 'ticket-id-taken');
  if (taken.length > 0) throw new OperationRefused('rejected', 'display-number-taken');
  const booking = await trx
    .selectFrom('bookings')
    .select('id')
    .where('id', '=', op.ticketId)
    .executeTakeFirst();
  if (booking) throw new OperationRefused('rejected', 'ticket-id-taken');
  const { minutes, minutesEach } = await validServices(context, op.services);
  const name = op.name?.trim() || null;
  // A district the municipality does not have is dropped, not refused: the ticket drawn offline must stand.
  const district = op.originDistrictId
    ? await trx
        .selectFrom('districts')
        .select('id')
        .where('municipality_id', '=', props.municipalityId)
        .where('id', '=', op.originDistrictId)
        .executeTakeFirst()
    : undefined;
  await trx
    .insertInto('tickets')
    .values({
      municipality_id: props.municipalityId,
      id: op.ticketId,
      stop_id: stop.id,
      display_number: op.displayNumber,
      origin: 'staff',
      name,
      services: JSON.stringify(
        op.services.map((s) => ({ ...s, minutesEach: minutesEach.get(s.serviceId)! })),
      ),
      duration_minutes: minutes === 0 ? DEFAULT_WALK_IN_MINUTES : minutes,
      created_at: context.at,
      origin_district_id: district?.id ?? null,
    })
    .execute();
  const entry = { kind: 'walk_in' as const, id: op.ticketId };
  await addEvent(context, 'ticket_issued', entry);
  return {
    entry: { ...entry, displayNumber: op.displayNumber, status: 'waiting', counter: null },
    subjectType: 'ticket',
    details: { services: op.services.length },
  };
};
