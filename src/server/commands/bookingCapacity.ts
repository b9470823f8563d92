import { sql, type Transaction } from 'kysely';
import { DateTime } from 'luxon';
import { capacityBookingStatuses } from '../../domain/bookingStatus.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  assertBookingFits,
  assignCounter,
  requestedDurationMinutes,
  type CounterAssignment,
  type RequestedService,
} from '../../domain/slots.ts';
import { formatInstant, ZONE } from '../../domain/time.ts';
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

export function assertBookable(stop: LockedStop): void {
  if (stop.status !== 'scheduled' && stop.status !== 'open') {
    throw new DomainError('slot_unavailable', { field: 'stopId', message: `the stop is ${stop.status}` });
  }
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

/** Validates the requested services against what the stop's unit offers and returns the minutes each. */
export async function priceServices(
  trx: Transaction<Database>,
  stop: LockedStop,
  requested: RequestedService[],
): Promise<{ totalMinutes: number; minutesEach: Map<string, number> }> {
  const offers = await serviceOfferByUnit(trx, stop.municipality_id, [stop.unit_id]);
  const offered = offers.get(stop.unit_id)?.offered ?? [];
  const minutesEach = new Map(offered.map((service) => [service.id, service.typicalMinutes]));
  return { totalMinutes: requestedDurationMinutes(requested, minutesEach), minutesEach };
}

function assertOnSlotGrid(start: Date, slotMinutes: number): void {
  const local = DateTime.fromJSDate(start, { zone: ZONE });
  if (local.second !== 0 || local.millisecond !== 0 || (local.hour * 60 + local.minute) % slotMinutes !== 0) {
    throw new DomainError('slot_unavailable', {
      field: 'startsAt',
      message: `appointments start every ${slotMinutes} minutes`,
    });
  }
}

/** The domain names the start `start`; the API calls it `startsAt`. */
function asApiField<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof DomainError && error.field === 'start') {
      throw new DomainError(error.code, {
        field: 'startsAt',
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      });
    }
    throw error;
  }
}

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
  assertOnSlotGrid(start, stop.slot_minutes);
  const existing = await query.execute();
  const lanes = existing.map((row) => ({
    id: row.id,
    start: formatInstant(new Date(row.starts_at).getTime()),
    durationMinutes: row.duration_minutes,
    counter: row.counter,
  }));
  asApiField(() =>
    assertBookingFits(
      {
        openStart: formatInstant(new Date(stop.starts_at).getTime()),
        openEnd: formatInstant(new Date(stop.ends_at).getTime()),
        counters: stop.counters,
        bookings: lanes,
        now: formatInstant(now.getTime()),
        leadTimeMinutes,
      },
      formatInstant(start.getTime()),
      durationMinutes,
    ),
  );
  const assignment = asApiField(() =>
    assignCounter(lanes, { start: formatInstant(start.getTime()), durationMinutes }, stop.counters),
  );
  if (assignment.moves.length > 0) {
    await sql`SET CONSTRAINTS bookings_no_overbooking DEFERRED`.execute(trx);
    for (const move of assignment.moves) {
      await trx.updateTable('bookings').set({ counter: move.toCounter }).where('id', '=', move.id).execute();
    }
  }
  return assignment;
}
