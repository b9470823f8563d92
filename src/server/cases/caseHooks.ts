/**
 * Where bookings and visits meet cases (tracker issue 11): small hooks called inside the booking confirmation
 * (bookingConfirmer.ts) and the station's finish (station/operations/servingOperations.ts), in their
 * transactions, so a booking or visit and its cases are committed together.
 */
import type { DeliveredService, ServiceOutcome } from '../../db/schema.ts';
import { openCase } from '../commands/caseCreator.ts';
import { completeStepInTransaction } from '../commands/caseStepCompleter.ts';
import { recordCaseEvent, stepsOf, type Trx } from './caseWorkflow.ts';

/**
 * A citizen confirmed a booking: one case per booked service (channel 'online'), each with the 'booked' event.
 * A service that already has a case of this booking is left alone (the confirmation may be repeated).
 */
export async function openCasesForConfirmedBooking(
  trx: Trx,
  props: {
    municipalityId: string;
    bookingId: string;
    at: Date;
    /** The booking's citizen as the caller has already read it (the confirmation locked the row). */
    citizen?: { name: string | null; email: string | null; phone: string | null };
  },
): Promise<string[]> {
  const booking = props.citizen
    ? { id: props.bookingId, ...props.citizen }
    : await trx
        .selectFrom('bookings')
        .select(['id', 'name', 'email', 'phone'])
        .where('municipality_id', '=', props.municipalityId)
        .where('id', '=', props.bookingId)
        .executeTakeFirstOrThrow();
  // The booked services that have no case of this booking yet, in one statement.
  const services = await trx
    .selectFrom('booking_services as bs')
    .select('bs.service_id')
    .where('bs.booking_id', '=', booking.id)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('cases as c')
            .select('c.service_id')
            .whereRef('c.booking_id', '=', 'bs.booking_id')
            .whereRef('c.service_id', '=', 'bs.service_id'),
        ),
      ),
    )
    .orderBy('bs.service_id')
    .execute();
  const opened: string[] = [];
  for (const { service_id } of services) {
    const { id } = await openCase(trx, {
      municipalityId: props.municipalityId,
      serviceId: service_id,
      channel: 'online',
      actor: 'citizen',
      bookingId: booking.id,
      citizen: { name: booking.name, email: booking.email, phone: booking.phone },
      at: props.at,
    });
    await recordCaseEvent(trx, {
      municipalityId: props.municipalityId,
      caseId: id,
      kind: 'booked',
      channel: 'online',
      actor: 'citizen',
      at: props.at,
      data: { bookingId: booking.id },
    });
    opened.push(id);
  }
  return opened;
}

export interface FinishedVisit {
  municipalityId: string;
  entry: { kind: 'appointment' | 'walk_in'; id: string };
  outcome: ServiceOutcome;
  /** The services the clerk recorded as delivered; none: the booked or requested ones count. */
  delivered: readonly DeliveredService[];
  stopId: string;
  /** `staff:<id>` of the clerk. */
  actor: string;
  userId: string | null;
  at: Date;
}

/**
 * A clerk finished a booking or walk-in at the station. Every case of the visit gets the 'visited' event. With
 * the outcome 'follow_up' or 'referred' the visit goes on in the back office: a case is opened for each
 * service that has none yet (channel 'stop' for walk-ins and staff bookings), and a case still at its stop
 * step has that step completed, so the next step lands as a task in the department's inbox. With the outcome
 * 'done', a booking's online case at its stop step has that step completed the same way (the domain's
 * `advanceCase` decides what follows); its other cases only get the 'visited' event.
 */
export async function recordVisitOnCases(trx: Trx, visit: FinishedVisit): Promise<void> {
  const isBooking = visit.entry.kind === 'appointment';
  const serviceIds = await visitServices(trx, visit);
  const followUp = visit.outcome === 'follow_up' || visit.outcome === 'referred';
  if (followUp) {
    const existing = await casesOfEntry(trx, visit);
    const person = isBooking
      ? await trx
          .selectFrom('bookings')
          .select(['name', 'email', 'phone'])
          .where('id', '=', visit.entry.id)
          .executeTakeFirstOrThrow()
      : {
          ...(await trx
            .selectFrom('tickets')
            .select(['name'])
            .where('id', '=', visit.entry.id)
            .executeTakeFirstOrThrow()),
          email: null,
          phone: null,
        };
    for (const serviceId of serviceIds) {
      if (existing.some((row) => row.service_id === serviceId)) continue;
      await openCase(trx, {
        municipalityId: visit.municipalityId,
        serviceId,
        channel: 'stop',
        actor: visit.actor,
        userId: visit.userId,
        ...(isBooking ? { bookingId: visit.entry.id } : { ticketId: visit.entry.id }),
        citizen: person,
        at: visit.at,
      });
    }
  }
  const cases = await casesOfEntry(trx, visit);
  for (const row of cases) {
    await recordCaseEvent(trx, {
      municipalityId: visit.municipalityId,
      caseId: row.id,
      kind: 'visited',
      channel: 'stop',
      actor: visit.actor,
      at: visit.at,
      data: { stopId: visit.stopId, outcome: visit.outcome },
    });
    // Done at the stop: the booking's online case has its stop step worked too (the process then goes on).
    const doneOnline = visit.outcome === 'done' && isBooking && row.channel === 'online';
    if (!(followUp || doneOnline) || !serviceIds.includes(row.service_id)) continue;
    const step = stepsOf(row.steps).find((candidate) => candidate.key === row.current_step_key);
    if (!step || step.actor !== 'stop') continue;
    await completeStepInTransaction(trx, {
      municipalityId: visit.municipalityId,
      caseId: row.id,
      stepKey: step.key,
      // The clerk worked the stop step at the counter: finishing the visit confirms its checklist.
      checklist: step.checklist,
      actor: visit.actor,
      userId: visit.userId,
      role: 'clerk',
      departmentScope: undefined,
      at: visit.at,
    });
  }
}

async function casesOfEntry(trx: Trx, visit: FinishedVisit) {
  return trx
    .selectFrom('cases')
    .innerJoin('process_definitions', 'process_definitions.id', 'cases.process_definition_id')
    .select([
      'cases.id',
      'cases.service_id',
      'cases.channel',
      'cases.current_step_key',
      'cases.status',
      'process_definitions.steps',
    ])
    .where('cases.municipality_id', '=', visit.municipalityId)
    .where(visit.entry.kind === 'appointment' ? 'cases.booking_id' : 'cases.ticket_id', '=', visit.entry.id)
    .where('cases.status', 'not in', ['closed', 'cancelled'])
    .orderBy('cases.number')
    .execute();
}

async function visitServices(trx: Trx, visit: FinishedVisit): Promise<string[]> {
  if (visit.delivered.length > 0) return [...new Set(visit.delivered.map((s) => s.serviceId))];
  if (visit.entry.kind === 'appointment') {
    const rows = await trx
      .selectFrom('booking_services')
      .select('service_id')
      .where('booking_id', '=', visit.entry.id)
      .execute();
    return rows.map((row) => row.service_id);
  }
  const ticket = await trx
    .selectFrom('tickets')
    .select('services')
    .where('id', '=', visit.entry.id)
    .executeTakeFirstOrThrow();
  const services = (typeof ticket.services === 'string' ? JSON.parse(ticket.services) : ticket.services) as {
    serviceId: string;
  }[];
  return [...new Set(services.map((s) => s.serviceId))];
}
