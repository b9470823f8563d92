import { sql, type Transaction } from 'kysely';
import { capacityBookingStatuses } from '../../domain/bookingStatus.ts';
import { decideLane } from '../../domain/holdDecision.ts';
import {
  assertStopBookable,
  requestedDurationMinutes,
  type CounterAssignment,
  type RequestedService,
} from '../../domain/slots.ts';
import type { BookingRowStatus, Database } from '../../db/schema.ts';
import { notFound } from '../problem.ts';
import { serviceOfferByUnit } from '../queries/stopQueries.ts';

/** Booking states that occupy a counter: the domain's one definition (the SQL constraint is tested against it). */
export const capacityStatuses: BookingRowStatus[] = [...capacityBookingStatuses];

/**
 * Locks the stop row: every booking change at one stop runs one after the other, and the exclusion
 * constraint on (stop, counter, time) is the guarantee underneath. One lock per stop cannot deadlock;
 * moving a booking between two stops locks them in id order.
 */
export async function lockStop(trx: Transaction<Database>, municipalityId: string, stopId: string) {
  const stop = await trx
    .selectFrom('stops')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', stopId)
    .forUpdate()
    .executeTakeFirst();
  if (!stop) throw notFound('stop', 'stopId', stopId);
  return stop;
}

export type LockedStop = Awaited<ReturnType<typeof lockStop>>;

/**
 * `lockStop` and, in the same statement, the municipality's service offer version (migration 043), so the
 * offer kept in memory is checked without another round trip (null: the municipality has no version).
 */
export async function lockStopWithOfferVersion(
  trx: Transaction<Database>,
  municipalityId: string,
  stopId: string,
): Promise<{ stop: LockedStop; offerVersion: string | null }> {
  const row = await trx
    .selectFrom('stops')
    .selectAll('stops')
    .select((eb) =>
      eb
        .selectFrom('service_offer_versions as v')
        .select(sql<string>`v.version::text`.as('version'))
        .whereRef('v.municipality_id', '=', 'stops.municipality_id')
        .as('offer_version'),
    )
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', stopId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('stop', 'stopId', stopId);
  const { offer_version: offerVersion, ...stop } = row;
  return { stop, offerVersion: offerVersion ?? null };
}

export function assertBookable(stop: LockedStop): void {
  assertStopBookable(stop.status);
}

/** Frees the slots of holds whose time ran out; returns them so the waitlist can be offered the slots. */
export async function expireStaleHolds(trx: Transaction<Database>, stopId: string, now: Date) {
  return trx
    .updateTable('bookings')
    .set({ status: 'expired' })
    .where('stop_id', '=', stopId)
    .where('status', '=', 'held')
    .where('hold_expires_at', '<=', now)
    .returning(['id', 'municipality_id', 'stop_id', 'starts_at', 'duration_minutes', 'waitlist_request_id'])
    .execute();
}

/** The minutes each service offered at the stop's unit takes. */
export async function offeredMinutes(
  trx: Transaction<Database>,
  stop: LockedStop,
  /** The offer version read with the stop (`lockStopWithOfferVersion`). */
  knownOfferVersion?: string | null,
): Promise<Map<string, number>> {
  const offers = await serviceOfferByUnit(trx, stop.municipality_id, [stop.unit_id], knownOfferVersion);
  const offered = offers.get(stop.unit_id)?.offered ?? [];
  return new Map(offered.map((service) => [service.id, service.typicalMinutes]));
}

/** Validates the requested services against what the stop's unit offers and returns the minutes each. */
export async function priceServices(
  trx: Transaction<Database>,
  stop: LockedStop,
  requested: RequestedService[],
): Promise<{ totalMinutes: number; minutesEach: Map<string, number> }> {
  const minutesEach = await offeredMinutes(trx, stop);
  return { totalMinutes: requestedDurationMinutes(requested, minutesEach), minutesEach };
}

/** The stop's opening and lanes as the domain's decisions take them (epoch milliseconds). */
export const stopFacts = (stop: LockedStop) => ({
  status: stop.status,
  openStartMs: new Date(stop.starts_at).getTime(),
  openEndMs: new Date(stop.ends_at).getTime(),
  counters: stop.counters,
  slotMinutes: stop.slot_minutes,
});

/**
 * Checks that a booking of `durationMinutes` at `start` fits, assigns it a counter lane, and applies any
 * lane moves the assignment needs. `excludeBookingId` leaves a booking out (when it moves itself).
 */
export async function reserveLane(
  trx: Transaction<Database>,
  stop: LockedStop,
  start: Date,
  durationMinutes: number,
  now: Date,
  leadTimeMinutes: number,
  excludeBookingId?: string,
): Promise<CounterAssignment> {
  let query = trx
    .selectFrom('bookings')
    .select(['id', 'starts_at', 'duration_minutes', 'counter'])
    .where('stop_id', '=', stop.id)
    .where('status', 'in', capacityStatuses);
  if (excludeBookingId) query = query.where('id', '<>', excludeBookingId);
  const rows = (await query.execute()).map((row) => ({
    id: row.id,
    startMs: new Date(row.starts_at).getTime(),
    durationMinutes: row.duration_minutes,
    counter: row.counter,
  }));
  const assignment = decideLane({
    stop: stopFacts(stop),
    rows,
    startMs: start.getTime(),
    durationMinutes,
    nowMs: now.getTime(),
    leadTimeMinutes,
  });
  await applyLaneMoves(trx, assignment);
  return assignment;
}

/** Moves existing rows to the lanes an assignment needs, the exclusion constraint deferred meanwhile. */
export async function applyLaneMoves(
  trx: Transaction<Database>,
  assignment: CounterAssignment,
): Promise<void> {
  if (assignment.moves.length === 0) return;
  await sql`SET CONSTRAINTS bookings_no_overbooking DEFERRED`.execute(trx);
  for (const move of assignment.moves) {
    await trx.updateTable('bookings').set({ counter: move.toCounter }).where('id', '=', move.id).execute();
  }
}
