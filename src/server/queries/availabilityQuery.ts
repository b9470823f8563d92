import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { findFreeStartsAt, requestedDurationMinutes, type RequestedService } from '../../domain/slots.ts';
import type { Database, OccupancySpan } from '../../db/schema.ts';
import { serviceOfferByUnit, type StopView } from './stopQueries.ts';

export interface AvailabilityRequest {
  services: RequestedService[];
  from: Date;
  to: Date;
  districtId?: string | undefined;
  siteId?: string | undefined;
  now: Date;
  leadTimeMinutes: number;
  maxStops: number;
}

export interface StopAvailability {
  stop: Pick<StopView, 'id' | 'date' | 'startsAt' | 'endsAt' | 'unit'> & {
    site: Omit<StopView['site'], 'accessibilityTranslations'>;
  };
  durationMinutes: number;
  slots: { startsAt: string; endsAt: string }[];
}

/** The rows of a stop's occupancy that occupy a counter at `nowMs`: holds whose time ran out are left out. */
export function liveSpans(spans: readonly OccupancySpan[] | null, nowMs: number) {
  const live: { startMs: number; durationMinutes: number }[] = [];
  for (const [startMs, durationMinutes, holdExpiresAtMs] of spans ?? []) {
    if (holdExpiresAtMs !== null && holdExpiresAtMs <= nowMs) continue;
    live.push({ startMs, durationMinutes });
  }
  return live;
}

/**
 * Free start times for the requested services at upcoming stops, earliest first. Read from the availability
 * read model (migration 042: each stop's occupancy, kept up to date by triggers on every write): one query for
 * the stops with their occupancy and one for the units' offer; no booking is read.
 */
export async function findAvailability(
  db: Kysely<Database>,
  municipalityId: string,
  request: AvailabilityRequest,
): Promise<StopAvailability[]> {
  return (await findAvailabilityUntil(db, municipalityId, request)).stops;
}

/**
 * `findAvailability`, and until when its answer holds by time alone (epoch milliseconds, exclusive): the
 * first moment a hold among the stops looked at runs out (its counter frees up) or a listed start comes
 * within the lead time. Until then a computation at any later `now` reads the same rows the same way, so
 * the answer can be kept (AvailabilityMemory) until the first change is committed or that moment comes.
 * (A stop whose end passes has no free start left by then; a listed stop losing its last start is the
 * lead-time moment of its first start.)
 */
export async function findAvailabilityUntil(
  db: Kysely<Database>,
  municipalityId: string,
  request: AvailabilityRequest,
): Promise<{ stops: StopAvailability[]; validUntilMs: number; stopIds: Set<string> }> {
  if (request.to <= request.from)
    throw new DomainError('invalid_range', { field: 'to', message: '`to` must lie after `from`' });
  if (request.to.getTime() - request.from.getTime() > 92 * 86_400_000) {
    throw new DomainError('invalid_range', { field: 'to', message: 'ask for at most three months at once' });
  }
  const from = request.from > request.now ? request.from : request.now;
  let query = db
    .selectFrom('stops as s')
    .innerJoin('sites as site', (join) =>
      join.onRef('site.municipality_id', '=', 's.municipality_id').onRef('site.id', '=', 's.site_id'),
    )
    .innerJoin('units as u', (join) =>
      join.onRef('u.municipality_id', '=', 's.municipality_id').onRef('u.id', '=', 's.unit_id'),
    )
    .leftJoin('districts as d', (join) =>
      join.onRef('d.municipality_id', '=', 's.municipality_id').onRef('d.id', '=', 'site.district_id'),
    )
    .leftJoin('stop_occupancy as o', 'o.stop_id', 's.id')
    .select([
      's.id',
      's.local_date',
      's.starts_at',
      's.ends_at',
      's.counters',
      's.slot_minutes',
      's.unit_id',
      'site.id as site_id',
      'site.name as site_name',
      'site.address as site_address',
      'site.district_id',
      'site.lat',
      'site.lon',
      'site.accessibility',
      'd.name as district_name',
      'u.name as unit_name',
      'u.kind as unit_kind',
      'o.spans',
    ])
    .where('s.municipality_id', '=', municipalityId)
    .where('s.status', 'in', ['scheduled', 'open'])
    .where('s.ends_at', '>', from)
    .where('s.starts_at', '<', request.to)
    .orderBy('s.starts_at')
    .orderBy('s.id');
  if (request.siteId) query = query.where('s.site_id', '=', request.siteId);
  if (request.districtId) {
    const districtId = request.districtId;
    // A Stadtteil includes its quarters (the Kernstadt includes Innenstadt, Kattenstroth, …).
    query = query.where((eb) =>
      eb.or([eb('site.district_id', '=', districtId), eb('d.parent_id', '=', districtId)]),
    );
  }
  const [stops, catalogue] = await Promise.all([
    query.execute(),
    db
      .selectFrom('services')
      .select(['id', 'typical_minutes'])
      .where('municipality_id', '=', municipalityId)
      .execute(),
  ]);
  // Unknown services are refused even when no stop is in range, so a typo is never "no free slot".
  requestedDurationMinutes(request.services, new Map(catalogue.map((s) => [s.id, s.typical_minutes])));
  const offers = await serviceOfferByUnit(db, municipalityId, [
    ...new Set(stops.map((stop) => stop.unit_id)),
  ]);
  const durationByUnit = new Map<string, number | null>();
  const durationAt = (unitId: string) => {
    if (!durationByUnit.has(unitId)) {
      const offered = new Map(
        (offers.get(unitId)?.offered ?? []).map((service) => [service.id, service.typicalMinutes]),
      );
      durationByUnit.set(
        unitId,
        request.services.every((service) => offered.has(service.serviceId))
          ? requestedDurationMinutes(request.services, offered)
          : null,
      );
    }
    return durationByUnit.get(unitId)!;
  };

  const nowMs = request.now.getTime();
  const leadMs = request.leadTimeMinutes * 60_000;
  let validUntilMs = Number.POSITIVE_INFINITY;
  const result: StopAvailability[] = [];
  // The stops looked at: the answer changes only when one of them (or a stop's row, or anything else) does.
  const stopIds = new Set<string>();
  for (const stop of stops) {
    stopIds.add(stop.id);
    const durationMinutes = durationAt(stop.unit_id);
    if (durationMinutes === null) continue;
    for (const [, , holdExpiresAtMs] of stop.spans ?? []) {
      if (holdExpiresAtMs !== null && holdExpiresAtMs > nowMs && holdExpiresAtMs < validUntilMs) {
        validUntilMs = holdExpiresAtMs;
      }
    }
    const slots = findFreeStartsAt({
      openStartMs: new Date(stop.starts_at).getTime(),
      openEndMs: new Date(stop.ends_at).getTime(),
      counters: stop.counters,
      occupied: liveSpans(stop.spans, nowMs),
      nowMs,
      leadTimeMinutes: request.leadTimeMinutes,
      granularityMinutes: stop.slot_minutes,
      durationMinutes,
    });
    if (slots.length === 0) continue;
    // The earliest start is the first to come within the lead time; the answer holds while it is not.
    validUntilMs = Math.min(validUntilMs, slots[0]!.startMs - leadMs + 1);
    result.push({
      stop: {
        id: stop.id,
        date: stop.local_date,
        startsAt: new Date(stop.starts_at).toISOString(),
        endsAt: new Date(stop.ends_at).toISOString(),
        site: {
          id: stop.site_id,
          name: stop.site_name,
          address: stop.site_address,
          districtId: stop.district_id,
          districtName: stop.district_name,
          lat: stop.lat,
          lon: stop.lon,
          accessibility: stop.accessibility,
        },
        unit: { id: stop.unit_id, name: stop.unit_name, kind: stop.unit_kind },
      },
      durationMinutes,
      slots: slots.map((slot) => ({
        startsAt: new Date(slot.startMs).toISOString(),
        endsAt: new Date(slot.endMs).toISOString(),
      })),
    });
    if (result.length >= request.maxStops) break;
  }
  return { stops: result, validUntilMs, stopIds };
}
