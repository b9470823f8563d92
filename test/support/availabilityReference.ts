import type { Kysely } from 'kysely';
import { DomainError } from '../../src/domain/errors.ts';
import { findFreeStarts, requestedDurationMinutes } from '../../src/domain/slots.ts';
import { formatInstant } from '../../src/domain/time.ts';
import type { Database } from '../../src/db/schema.ts';
import { capacityStatuses } from '../../src/server/commands/bookingCapacity.ts';
import { listStops } from '../../src/server/queries/stopQueries.ts';
import type { AvailabilityRequest, StopAvailability } from '../../src/server/queries/availabilityQuery.ts';

/**
 * The availability as it was computed before the read model (migration 042): every stop of the range with
 * all its bookings and holds, the free start times computed on each request. Kept as the reference the read
 * model (src/server/queries/availabilityQuery.ts) is compared with.
 */
export async function findAvailabilityReference(
  db: Kysely<Database>,
  municipalityId: string,
  request: AvailabilityRequest,
) {
  if (request.to <= request.from)
    throw new DomainError('invalid_range', { field: 'to', message: '`to` must lie after `from`' });
  if (request.to.getTime() - request.from.getTime() > 92 * 86_400_000) {
    throw new DomainError('invalid_range', { field: 'to', message: 'ask for at most three months at once' });
  }
  const stops = (
    await listStops(db, municipalityId, {
      from: request.from > request.now ? request.from : request.now,
      to: request.to,
      districtId: request.districtId,
      siteId: request.siteId,
    })
  ).filter((stop) => stop.status === 'scheduled' || stop.status === 'open');
  // Unknown services are refused even when no stop is in range, so a typo is never "no free slot".
  const catalogue = await db
    .selectFrom('services')
    .select(['id', 'typical_minutes'])
    .where('municipality_id', '=', municipalityId)
    .execute();
  requestedDurationMinutes(request.services, new Map(catalogue.map((s) => [s.id, s.typical_minutes])));

  const bookings = stops.length
    ? await db
        .selectFrom('bookings')
        .select(['stop_id', 'starts_at', 'duration_minutes', 'status', 'hold_expires_at'])
        .where(
          'stop_id',
          'in',
          stops.map((stop) => stop.id),
        )
        .where('status', 'in', capacityStatuses)
        .execute()
    : [];
  const bookingsByStop = new Map<string, typeof bookings>();
  for (const booking of bookings)
    bookingsByStop.set(booking.stop_id, [...(bookingsByStop.get(booking.stop_id) ?? []), booking]);
  const result: StopAvailability[] = [];
  for (const stop of stops) {
    const offered = new Map(stop.services.map((service) => [service.id, service.typicalMinutes]));
    if (!request.services.every((service) => offered.has(service.serviceId))) continue;
    const durationMinutes = requestedDurationMinutes(request.services, offered);
    const atStop = bookingsByStop.get(stop.id) ?? [];
    const toInterval = (booking: (typeof atStop)[number]) => ({
      start: formatInstant(new Date(booking.starts_at).getTime()),
      durationMinutes: booking.duration_minutes,
    });
    const slots = findFreeStarts({
      openStart: formatInstant(new Date(stop.startsAt).getTime()),
      openEnd: formatInstant(new Date(stop.endsAt).getTime()),
      counters: stop.counters,
      bookings: atStop.filter((b) => b.status !== 'held').map(toInterval),
      holds: atStop
        .filter((b) => b.status === 'held')
        .map((b) => ({ ...toInterval(b), expiresAt: formatInstant(new Date(b.hold_expires_at!).getTime()) })),
      now: formatInstant(request.now.getTime()),
      leadTimeMinutes: request.leadTimeMinutes,
      granularityMinutes: stop.slotMinutes,
      durationMinutes,
    });
    if (slots.length === 0) continue;
    result.push({
      stop: {
        id: stop.id,
        date: stop.date,
        startsAt: stop.startsAt,
        endsAt: stop.endsAt,
        site: {
          id: stop.site.id,
          name: stop.site.name,
          address: stop.site.address,
          districtId: stop.site.districtId,
          districtName: stop.site.districtName,
          lat: stop.site.lat,
          lon: stop.site.lon,
          accessibility: stop.site.accessibility,
        },
        unit: stop.unit,
      },
      durationMinutes,
      slots: slots.map((slot) => ({
        startsAt: new Date(slot.start).toISOString(),
        endsAt: new Date(slot.end).toISOString(),
      })),
    });
    if (result.length >= request.maxStops) break;
  }
  return result;
}
