import { sql, type Kysely } from 'kysely';
import { emailLimitKey } from '../../domain/email.ts';
import {
  assertFits,
  checkBookingFitAt,
  requestedDurationMinutes,
  type RequestedService,
} from '../../domain/slots.ts';
import { localMinuteOfDay, MINUTE_MS } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import { liveSpans } from './availabilityQuery.ts';
import type { AvailabilityMemory } from './availabilityMemory.ts';

export interface SlotRequest {
  municipalityId: string;
  stopId: string;
  startsAt: Date;
  services: RequestedService[];
  email: string;
  now: Date;
  leadTimeMinutes: number;
}

/**
 * The early answer to a hold on a slot that is visibly full: one read of the availability read model
 * (migration 042), without the stop's lock, throws the same `slot_full` the locked decision would. It only
 * ever refuses, never admits: whatever passes is decided under the stop's lock, and the exclusion constraint
 * stays the guarantee. Anything it is unsure of (an unknown stop or service, a stop that takes no bookings,
 * the person's own open hold of that start, which is answered as a repeat) is left to the locked decision.
 */
export async function rejectVisiblyFullSlot(db: Kysely<Database>, request: SlotRequest): Promise<void> {
  const startsAt = request.startsAt;
  if (Number.isNaN(startsAt.getTime())) return;
  const emailKey = emailLimitKey(request.email);
  const serviceIds = request.services.length ? request.services.map((service) => service.serviceId) : [''];
  // One query, one connection: the stop, its occupancy, the person's own open hold of that start, the minutes.
  const stop = await db
    .selectFrom('stops as s')
    .leftJoin('stop_occupancy as o', 'o.stop_id', 's.id')
    .select([
      's.status',
      's.starts_at',
      's.ends_at',
      's.counters',
      's.slot_minutes',
      'o.spans',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('bookings as b')
              .select(sql`1`.as('one'))
              .whereRef('b.stop_id', '=', 's.id')
              .where('b.status', '=', 'held')
              .where('b.email_key', '=', emailKey)
              .where('b.starts_at', '=', startsAt)
              .where('b.hold_expires_at', '>', request.now),
          )
          .as('own_hold'),
      (eb) =>
        eb
          .selectFrom('services as service')
          .select(
            sql<
              [string, number][] | null
            >`json_agg(json_build_array(service.id, service.typical_minutes))`.as('minutes'),
          )
          .whereRef('service.municipality_id', '=', 's.municipality_id')
          .where('service.id', 'in', serviceIds)
          .as('minutes'),
    ])
    .where('s.municipality_id', '=', request.municipalityId)
    .where('s.id', '=', request.stopId)
    .executeTakeFirst();
  if (!stop || (stop.status !== 'scheduled' && stop.status !== 'open') || stop.own_hold) return;
  const startMs = startsAt.getTime();
  if (startMs % MINUTE_MS !== 0 || localMinuteOfDay(startMs) % stop.slot_minutes !== 0) return;
  let durationMinutes: number;
  try {
    durationMinutes = requestedDurationMinutes(request.services, new Map(stop.minutes ?? []));
  } catch {
    return;
  }
  const nowMs = request.now.getTime();
  const fit = checkBookingFitAt(
    {
      openStartMs: new Date(stop.starts_at).getTime(),
      openEndMs: new Date(stop.ends_at).getTime(),
      counters: stop.counters,
      occupied: liveSpans(stop.spans, nowMs),
      nowMs,
      leadTimeMinutes: request.leadTimeMinutes,
    },
    startMs,
    durationMinutes,
  );
  if (!fit.fits && fit.reason === 'full') assertFits(fit, 'startsAt');
}

/**
 * `rejectVisiblyFullSlot` on the stop's occupancy kept in memory (AvailabilityMemory): no database work at
 * all once the stop has been read, so a storm on one last seat is answered at the speed of the process.
 * The kept occupancy is committed state, forgotten on every notification of a change to the stop; when
 * nothing may be kept (no notifications), the database is asked as before.
 */
export async function rejectVisiblyFullSlotFromMemory(
  memory: AvailabilityMemory,
  db: Kysely<Database>,
  request: SlotRequest,
): Promise<void> {
  const startMs = request.startsAt.getTime();
  if (Number.isNaN(startMs)) return;
  const kept = await memory.stop(db, request.stopId);
  const minutes = kept && (await memory.serviceMinutes(db, request.municipalityId));
  if (!kept || !minutes) return rejectVisiblyFullSlot(db, request);
  const stop = kept.view;
  if (!stop || stop.municipalityId !== request.municipalityId) return;
  if (stop.status !== 'scheduled' && stop.status !== 'open') return;
  const nowMs = request.now.getTime();
  const emailKey = emailLimitKey(request.email);
  const ownHold = stop.holds.some(
    ([key, holdStartMs, expiresMs]) =>
      key === emailKey && holdStartMs === startMs && expiresMs !== null && expiresMs > nowMs,
  );
  if (ownHold) return;
  if (startMs % MINUTE_MS !== 0 || localMinuteOfDay(startMs) % stop.slotMinutes !== 0) return;
  let durationMinutes: number;
  try {
    durationMinutes = requestedDurationMinutes(request.services, minutes);
  } catch {
    return;
  }
  const fit = checkBookingFitAt(
    {
      openStartMs: stop.startsAtMs,
      openEndMs: stop.endsAtMs,
      counters: stop.counters,
      occupied: liveSpans(stop.spans, nowMs),
      nowMs,
      leadTimeMinutes: request.leadTimeMinutes,
    },
    startMs,
    durationMinutes,
  );
  if (!fit.fits && fit.reason === 'full') assertFits(fit, 'startsAt');
}
